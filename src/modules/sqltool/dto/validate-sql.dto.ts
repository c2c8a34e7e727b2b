import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsOptional, IsString, MaxLength, MinLength } from 'class-validator';
import { SQL_DIALECTS, type SqlDialect, type SqlValidation } from 'src/modules/sqltool/sql-validator';

export class ValidateSqlDto {
  /** One SQL statement. */
  @ApiProperty({ maxLength: 100_000 }) @IsString() @MinLength(1) @MaxLength(100_000) sql: string;
  @ApiProperty({ enum: SQL_DIALECTS }) @IsIn(SQL_DIALECTS) dialect: SqlDialect;
  /** Validate as for a connection an admin marked writable (default: read-only rules). */
  @ApiPropertyOptional({ default: false }) @IsOptional() @IsBoolean() allowWrite?: boolean;
}

export class SqlFindingDto {
  /** PARSE_ERROR, MULTIPLE_STATEMENTS, STATEMENT_NOT_ALLOWED, WRITE_IN_SUBQUERY, DANGEROUS_FUNCTION, INTO_NOT_ALLOWED, LOCKING_READ, EXECUTABLE_COMMENT */
  @ApiProperty() code: string;
  @ApiProperty({ enum: ['error', 'warning'] }) severity: 'error' | 'warning';
  @ApiProperty() message: string;
  @ApiPropertyOptional() line?: number;
  @ApiPropertyOptional() column?: number;
}

export class SqlValidationDto {
  @ApiProperty() valid: boolean;
  @ApiPropertyOptional() statementType?: string;
  @ApiProperty({ type: [SqlFindingDto] }) findings: SqlFindingDto[];
}

export const toSqlValidationResponse = (validation: SqlValidation): SqlValidationDto => validation;
