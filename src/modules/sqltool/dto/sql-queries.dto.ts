import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, IsUUID, Max, MaxLength, Min, MinLength, ValidateNested } from 'class-validator';
import type { QueryHistoryEntity } from 'src/modules/sqltool/query-history.entity';

export class SchemaQueryDto {
  @ApiProperty() @IsUUID() connectionId: string;
  /** Re-read the schema from the database instead of the cache. */
  @ApiPropertyOptional() @IsOptional() @Transform(({ value }) => value === 'true' || value === true) @IsBoolean() refresh?: boolean;
}

export class HistoryQueryDto {
  @ApiPropertyOptional() @IsOptional() @IsUUID() connectionId?: string;
  @ApiPropertyOptional({ enum: ['ok', 'rejected', 'error', 'timeout'] })
  @IsOptional()
  @IsIn(['ok', 'rejected', 'error', 'timeout'])
  outcome?: string;
  @ApiPropertyOptional({ default: 50 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(500) limit: number = 50;
  @ApiPropertyOptional({ default: 0 }) @IsOptional() @Type(() => Number) @IsInt() @Min(0) offset: number = 0;
}

export class OptimizeQueryDto {
  @ApiProperty() @IsUUID() connectionId: string;
  @ApiProperty({ maxLength: 8_000 }) @IsString() @MinLength(1) @MaxLength(8_000) sql: string;
}

export class OptimizeBodyDto {
  @ApiProperty() @IsUUID() connectionId: string;
  @ApiProperty({ maxLength: 100_000 }) @IsString() @MinLength(1) @MaxLength(100_000) sql: string;
}

export class AskModelDto {
  @ApiProperty() @IsString() @MaxLength(100) provider: string;
  @ApiProperty() @IsString() @MaxLength(200) modelId: string;
}

export class AskSqlDto {
  @ApiProperty() @IsUUID() connectionId: string;
  @ApiProperty({ maxLength: 2_000 }) @IsString() @MinLength(1) @MaxLength(2_000) question: string;
  /** The model that writes the SQL (default SQL_ASK_MODEL). */
  @ApiPropertyOptional({ type: AskModelDto }) @IsOptional() @ValidateNested() @Type(() => AskModelDto) model?: AskModelDto;
  /** Tries before giving up when the validator or the database refuses the SQL. */
  @ApiPropertyOptional({ default: 3, maximum: 5 }) @IsOptional() @IsInt() @Min(1) @Max(5) maxAttempts?: number;
}

export class AskAttemptDto {
  @ApiProperty() sql: string;
  @ApiPropertyOptional({ description: 'Why it was refused' }) error?: string;
}

export class AskSqlResultDto {
  @ApiProperty() sql: string;
  @ApiProperty() explanation: string;
  @ApiProperty({ type: 'array', items: { type: 'object', properties: { name: { type: 'string' }, type: { type: 'string' } } } })
  columns: Array<{ name: string; type: string }>;
  @ApiProperty({ type: 'array', items: { type: 'array', items: {} } }) rows: unknown[][];
  @ApiProperty() rowCount: number;
  @ApiProperty() truncated: boolean;
  @ApiProperty() durationMs: number;
  /** The tables the model was shown (ranked by the question). */
  @ApiProperty({ type: [String] }) tables: string[];
  /** Every statement tried, with why the refused ones were refused. */
  @ApiProperty({ type: [AskAttemptDto] }) attempts: AskAttemptDto[];
}

export class HistoryEntryDto {
  @ApiProperty() id: string;
  @ApiProperty() connectionId: string;
  @ApiProperty({ nullable: true, type: String }) principalName: string | null;
  @ApiProperty() sql: string;
  @ApiProperty() durationMs: number;
  @ApiProperty() rowCount: number;
  @ApiProperty({ enum: ['ok', 'rejected', 'error', 'timeout'] }) outcome: string;
  @ApiProperty({ nullable: true, type: String }) errorCode: string | null;
  @ApiProperty() createdAt: string;
}

export class HistoryPageDto {
  @ApiProperty({ type: [HistoryEntryDto] }) items: HistoryEntryDto[];
  @ApiProperty() total: number;
}

export class SuggestionDto {
  /** SEQ_SCAN_WITH_FILTER, MISSING_INDEX, SELECT_STAR, NO_LIMIT, CARTESIAN_JOIN, FUNCTION_ON_COLUMN */
  @ApiProperty() code: string;
  @ApiProperty() message: string;
  /** Why, in terms of the plan. */
  @ApiProperty() reason: string;
  /** The plan node it came from (dialect-specific), when it came from the plan. */
  @ApiPropertyOptional({ type: 'object', additionalProperties: true }) planNode?: Record<string, unknown>;
  /** The statement that would fix it, e.g. CREATE INDEX. */
  @ApiPropertyOptional() fix?: string;
}

export class OptimizeResultDto {
  @ApiProperty({ type: [SuggestionDto] }) suggestions: SuggestionDto[];
  @ApiProperty({ type: 'object', additionalProperties: true }) plan: unknown;
}

export function toHistoryEntry(e: QueryHistoryEntity): HistoryEntryDto {
  return {
    id: e.id,
    connectionId: e.connectionId,
    principalName: e.principalName,
    sql: e.sql,
    durationMs: e.durationMs,
    rowCount: e.rowCount,
    outcome: e.outcome,
    errorCode: e.errorCode,
    createdAt: e.createdAt.toISOString(),
  };
}
