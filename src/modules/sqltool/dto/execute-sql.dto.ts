import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsInt, IsOptional, IsString, IsUUID, Max, MaxLength, Min, MinLength } from 'class-validator';

export class ExecuteSqlDto {
  @ApiProperty() @IsUUID() connectionId: string;
  /** One statement; parameters as $1.. (PostgreSQL), ? (MySQL, MariaDB, SQLite) or @p1.. (SQL Server). */
  @ApiProperty({ maxLength: 100_000 }) @IsString() @MinLength(1) @MaxLength(100_000) sql: string;
  /** Bound parameters: strings, numbers, booleans or null. A parameter is data, never SQL. */
  @ApiPropertyOptional({ type: 'array', items: { oneOf: [{ type: 'string' }, { type: 'number' }, { type: 'boolean' }] }, maxItems: 100 })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  params?: Array<string | number | boolean | null>;
  /** Lower than the platform's row cap (SQL_MAX_ROWS) if set. */
  @ApiPropertyOptional() @IsOptional() @IsInt() @Min(1) @Max(100_000) maxRows?: number;
  /** Lower than the platform's statement timeout (SQL_STATEMENT_TIMEOUT_MS) if set. */
  @ApiPropertyOptional() @IsOptional() @IsInt() @Min(100) @Max(600_000) timeoutMs?: number;
}

export class SqlColumnDto {
  @ApiProperty() name: string;
  @ApiProperty() type: string;
}

export class SqlResultDto {
  @ApiProperty({ type: [SqlColumnDto] }) columns: SqlColumnDto[];
  @ApiProperty({ type: 'array', items: { type: 'array', items: {} } }) rows: unknown[][];
  @ApiProperty() rowCount: number;
  /** True when the row cap cut the result. */
  @ApiProperty() truncated: boolean;
  @ApiPropertyOptional() affectedRows?: number;
  @ApiProperty() durationMs: number;
}
