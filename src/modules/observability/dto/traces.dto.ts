import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsIn, IsInt, IsNumber, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';

const toArray = ({ value }: { value: unknown }) => (value === undefined ? undefined : Array.isArray(value) ? value : [value]);
/** Epoch milliseconds or an ISO date. */
export const toEpochMs = ({ value }: { value: unknown }) => {
  if (value === undefined || value === '') return undefined;
  if (typeof value === 'string' && /^\d+(\.\d+)?$/.test(value)) return Number(value);
  const parsed = Date.parse(String(value));
  return Number.isNaN(parsed) ? value : parsed;
};

export class SpanQueryDto {
  @ApiPropertyOptional({ description: 'Owning module (agents, rag, sqltool, tools, workflow-engine, orchestrator, ...)' })
  @IsOptional()
  @IsString()
  @MaxLength(50)
  module?: string;
  @ApiPropertyOptional({ description: 'gen_ai.operation.name (invoke_agent, chat, execute_tool), HTTP route or bus method' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  operation?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(100) agentId?: string;
  @ApiPropertyOptional({ description: 'gen_ai.conversation.id (A2A context or orchestration session)' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  sessionId?: string;
  @ApiPropertyOptional({ description: 'Only spans of this trace' })
  @IsOptional()
  @Matches(/^[0-9a-f]{32}$/, { message: 'traceId is 32 lowercase hex digits' })
  traceId?: string;
  @ApiPropertyOptional({ description: 'A workflow run id or A2A task id' }) @IsOptional() @IsString() @MaxLength(200) runId?: string;
  @ApiPropertyOptional({ description: 'Span name contains' }) @IsOptional() @IsString() @MaxLength(200) name?: string;
  @ApiPropertyOptional({ enum: ['unset', 'ok', 'error'] }) @IsOptional() @IsIn(['unset', 'ok', 'error']) status?: 'unset' | 'ok' | 'error';
  @ApiPropertyOptional() @IsOptional() @Type(() => Number) @IsNumber() @Min(0) minDurationMs?: number;
  @ApiPropertyOptional() @IsOptional() @Type(() => Number) @IsNumber() @Min(0) maxDurationMs?: number;
  @ApiPropertyOptional({ description: 'Start of the time range (epoch ms or ISO date)' })
  @IsOptional()
  @Transform(toEpochMs)
  @IsNumber({}, { message: 'from must be epoch milliseconds or an ISO date' })
  from?: number;
  @ApiPropertyOptional({ description: 'End of the time range (epoch ms or ISO date)' })
  @IsOptional()
  @Transform(toEpochMs)
  @IsNumber({}, { message: 'to must be epoch milliseconds or an ISO date' })
  to?: number;
  @ApiPropertyOptional({
    type: [String],
    description: 'Attribute filters key=value (repeatable, up to 5); they scan span attributes, so without `from` they look back one day',
  })
  @IsOptional()
  @Transform(toArray)
  @IsArray()
  @ArrayMaxSize(5)
  @Matches(/^[\w.-]{1,100}=.{0,200}$/s, { each: true, message: 'attr must be key=value' })
  attr?: string[];
  @ApiPropertyOptional({ default: 50, maximum: 200 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(200) limit: number = 50;
  @ApiPropertyOptional({ default: 0 }) @IsOptional() @Type(() => Number) @IsInt() @Min(0) @Max(100_000) offset: number = 0;
}

export class SpanEventDto {
  @ApiProperty() name: string;
  @ApiProperty() timeMs: number;
  @ApiPropertyOptional({ type: Object }) attributes?: Record<string, unknown>;
}

export class SpanDto {
  @ApiProperty() traceId: string;
  @ApiProperty() spanId: string;
  @ApiPropertyOptional({ nullable: true, type: String }) parentSpanId: string | null;
  @ApiProperty() name: string;
  @ApiProperty({ description: 'OTLP SpanKind: 1 internal, 2 server, 3 client, 4 producer, 5 consumer' }) kind: number;
  @ApiProperty() startMs: number;
  @ApiProperty() durationMs: number;
  @ApiProperty({ enum: ['unset', 'ok', 'error'] }) status: string;
  @ApiPropertyOptional({ nullable: true, type: String }) statusMessage: string | null;
  @ApiProperty() service: string;
  @ApiPropertyOptional({ nullable: true, type: String }) module: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) operation: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) agentId: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) sessionId: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) runId: string | null;
  @ApiProperty({ type: Object }) attributes: Record<string, unknown>;
  @ApiProperty({ type: [SpanEventDto] }) events: SpanEventDto[];
  @ApiProperty({ type: Object }) resource: Record<string, unknown>;
}

export class SpanNodeDto extends SpanDto {
  @ApiProperty({ type: () => [SpanNodeDto] }) children: SpanNodeDto[];
}

export class TraceSummaryDto {
  @ApiProperty() traceId: string;
  @ApiProperty({ description: 'Name of the root span (or the earliest span when the root is not stored)' }) rootName: string;
  @ApiProperty() startMs: number;
  @ApiProperty() durationMs: number;
  @ApiProperty() spanCount: number;
  @ApiProperty() errorCount: number;
  @ApiProperty({ type: [String] }) services: string[];
  @ApiProperty({ type: [String] }) modules: string[];
  @ApiProperty({ type: [String] }) agentIds: string[];
  @ApiProperty({ description: 'gen_ai.usage.input_tokens summed over model spans' }) inputTokens: number;
  @ApiProperty() outputTokens: number;
  @ApiProperty({ description: 'gen_ai.usage.cost (USD) summed over model spans' }) costUsd: number;
}

export class TraceListDto {
  @ApiProperty({ type: [TraceSummaryDto] }) items: TraceSummaryDto[];
  @ApiProperty() limit: number;
  @ApiProperty() offset: number;
  @ApiProperty() hasMore: boolean;
}

export class TraceDto extends TraceSummaryDto {
  @ApiProperty({ type: [SpanNodeDto], description: 'The span tree: roots (spans whose parent is not stored) with their children' })
  roots: SpanNodeDto[];
}

export class SpanListDto {
  @ApiProperty({ type: [SpanDto] }) items: SpanDto[];
  @ApiProperty() limit: number;
  @ApiProperty() offset: number;
}

export class A2aTraceQueryDto {
  @ApiPropertyOptional() @IsOptional() @Matches(/^[0-9a-f]{32}$/, { message: 'traceId is 32 lowercase hex digits' }) traceId?: string;
  @ApiPropertyOptional({ description: 'A2A contextId or orchestration session id' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  sessionId?: string;
  @ApiPropertyOptional({ description: 'Epoch ms or ISO date; default: one hour ago' })
  @IsOptional()
  @Transform(toEpochMs)
  @IsNumber({}, { message: 'from must be epoch milliseconds or an ISO date' })
  from?: number;
  @ApiPropertyOptional()
  @IsOptional()
  @Transform(toEpochMs)
  @IsNumber({}, { message: 'to must be epoch milliseconds or an ISO date' })
  to?: number;
  @ApiPropertyOptional({ default: 200, maximum: 1000 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(1_000) limit: number = 200;
}

export class A2aFlowMessageDto {
  @ApiProperty() at: string;
  @ApiProperty({ enum: ['bus-request', 'bus-event', 'a2a'] }) kind: string;
  @ApiProperty({ description: 'Bus method or A2A operation' }) method: string;
  @ApiProperty() source: string;
  @ApiProperty() target: string;
  @ApiProperty() status: string;
  @ApiProperty() durationMs: number;
  @ApiPropertyOptional({ nullable: true, type: String }) traceId: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) spanId: string | null;
}

export class A2aFlowEdgeDto {
  @ApiProperty() source: string;
  @ApiProperty() target: string;
  @ApiProperty() count: number;
  @ApiProperty() errors: number;
}

export class A2aFlowDto {
  @ApiProperty({ type: [A2aFlowMessageDto], description: 'In time order' }) messages: A2aFlowMessageDto[];
  @ApiProperty({ type: [A2aFlowEdgeDto] }) edges: A2aFlowEdgeDto[];
  @ApiProperty({ type: [String] }) traceIds: string[];
}
