import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsInt,
  IsObject,
  IsOptional,
  IsString,
  MaxLength,
  Min,
  Max,
  ValidateNested,
  ArrayMinSize,
} from 'class-validator';
import type { ToolEntity, ToolExecutionEntity } from 'src/modules/tools/tool.entity';

export class ListToolsQueryDto {
  @ApiPropertyOptional({ enum: ['builtin', 'mcp'] }) @IsOptional() @IsIn(['builtin', 'mcp']) origin?: 'builtin' | 'mcp';
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(100) tag?: string;
  @ApiPropertyOptional({ enum: ['healthy', 'unhealthy', 'unknown'] }) @IsOptional() @IsIn(['healthy', 'unhealthy', 'unknown']) health?:
    'healthy' | 'unhealthy' | 'unknown';
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(200) q?: string;
}

export class ToolDto {
  @ApiProperty() id: string;
  @ApiProperty({ description: 'What agents and MCP clients call it (MCP tools: <server>.<tool>)' }) name: string;
  @ApiProperty() description: string;
  @ApiProperty({ enum: ['builtin', 'mcp'] }) origin: string;
  @ApiProperty({ nullable: true, type: String }) serverId: string | null;
  @ApiProperty({ type: [String] }) tags: string[];
  @ApiProperty() version: string;
  @ApiProperty({ enum: ['healthy', 'unhealthy', 'unknown'] }) health: string;
  @ApiProperty({ type: Object }) inputSchema: Record<string, unknown>;
  @ApiProperty({ type: Object, nullable: true }) outputSchema: Record<string, unknown> | null;
  @ApiProperty({ type: Object, nullable: true }) annotations: Record<string, unknown> | null;
}

export class ToolSchemaDto {
  @ApiProperty() id: string;
  @ApiProperty() name: string;
  @ApiProperty({ type: Object }) inputSchema: Record<string, unknown>;
  @ApiProperty({ type: Object, nullable: true }) outputSchema: Record<string, unknown> | null;
}

export class ToolHealthDto {
  @ApiProperty() id: string;
  @ApiProperty() name: string;
  @ApiProperty({ enum: ['healthy', 'unhealthy', 'unknown'] }) health: string;
  @ApiProperty({ nullable: true, type: String, description: 'MCP tools: the connection state of their server' }) serverStatus:
    string | null;
  @ApiProperty({ nullable: true, type: String }) lastError: string | null;
}

export class ExecuteToolDto {
  @ApiProperty({ type: Object, description: 'Arguments, validated against the tool input schema' }) @IsObject() arguments: Record<
    string,
    unknown
  >;
  @ApiPropertyOptional({ description: 'Time limit (default TOOLS_TIMEOUT_MS)' })
  @IsOptional()
  @IsInt()
  @Min(100)
  @Max(600_000)
  timeoutMs?: number;
  @ApiPropertyOptional({ description: 'Calling on behalf of this agent (checked against the tool allow list)' })
  @IsOptional()
  @IsString()
  @MaxLength(36)
  agentId?: string;
}

export class ToolErrorDto {
  @ApiProperty() code: string;
  @ApiProperty() message: string;
  @ApiPropertyOptional({ type: Object }) details?: Record<string, unknown>;
}

export class ToolOutcomeDto {
  @ApiProperty() toolId: string;
  @ApiProperty() toolName: string;
  @ApiProperty() ok: boolean;
  @ApiPropertyOptional({ description: 'The tool result (MCP: structuredContent, else content blocks)' }) result?: unknown;
  @ApiPropertyOptional({ type: ToolErrorDto }) error?: ToolErrorDto;
  @ApiProperty() durationMs: number;
}

export class BatchCallDto {
  @ApiProperty({ description: 'Tool id or name' }) @IsString() @MaxLength(200) toolId: string;
  @ApiProperty({ type: Object }) @IsObject() arguments: Record<string, unknown>;
}

export class BatchToolsDto {
  @ApiProperty({ type: [BatchCallDto], maxItems: 1000 })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(1000)
  @ValidateNested({ each: true })
  @Type(() => BatchCallDto)
  calls: BatchCallDto[];
  @ApiPropertyOptional() @IsOptional() @IsInt() @Min(100) @Max(600_000) timeoutMs?: number;
}

export class BatchResultDto {
  @ApiProperty({ type: [ToolOutcomeDto] }) results: ToolOutcomeDto[];
  @ApiProperty() succeeded: number;
  @ApiProperty() failed: number;
}

export class ToolPermissionsDto {
  @ApiProperty({ type: [String], description: 'Roles allowed (empty = any role with tools:execute)' })
  @IsArray()
  @IsIn(['admin', 'operator', 'viewer'], { each: true })
  roles: string[];
  @ApiProperty({ type: [String], description: 'Agent ids allowed (empty = any agent)' })
  @IsArray()
  @ArrayMaxSize(1000)
  @IsString({ each: true })
  agents: string[];
}

export class ToolExecutionDto {
  @ApiProperty() id: string;
  @ApiProperty({ description: 'ok, error, invalid, denied, timeout, canceled, unavailable' }) outcome: string;
  @ApiProperty({ nullable: true, type: String }) error: string | null;
  @ApiProperty({ type: Object, description: 'Arguments with secret values redacted' }) arguments: Record<string, unknown>;
  @ApiProperty({ nullable: true, type: String }) principalId: string | null;
  @ApiProperty({ nullable: true, type: String }) agentId: string | null;
  @ApiProperty() durationMs: number;
  @ApiProperty() resultBytes: number;
  @ApiProperty() createdAt: string;
}

export function toToolDto(tool: ToolEntity): ToolDto {
  return {
    id: tool.id,
    name: tool.name,
    description: tool.description,
    origin: tool.origin,
    serverId: tool.serverId,
    tags: tool.tags,
    version: tool.version,
    health: tool.health,
    inputSchema: tool.inputSchema,
    outputSchema: tool.outputSchema,
    annotations: tool.annotations,
  };
}

export function toToolExecutionResponse(row: ToolExecutionEntity): ToolExecutionDto {
  return {
    id: row.id,
    outcome: row.outcome,
    error: row.error,
    arguments: row.arguments,
    principalId: row.principalId,
    agentId: row.agentId,
    durationMs: row.durationMs,
    resultBytes: row.resultBytes,
    createdAt: row.createdAt.toISOString(),
  };
}

export class AnswerElicitationDto {
  @ApiProperty({ enum: ['accept', 'decline', 'cancel'] }) @IsIn(['accept', 'decline', 'cancel']) action: 'accept' | 'decline' | 'cancel';
  @ApiPropertyOptional({ type: Object, description: 'accept: the values, checked against the requested schema' })
  @IsOptional()
  @IsObject()
  content?: Record<string, unknown>;
}

export class ElicitationEventDto {
  @ApiProperty({ description: 'Answer with POST /api/tools/elicitations/{id}' }) id: string;
  @ApiProperty() serverMessage: string;
  @ApiProperty({ type: Object, description: 'Flat JSON schema of the requested values (string, number, integer, boolean, enums)' })
  requestedSchema: Record<string, unknown>;
  @ApiProperty({ description: 'Unanswered by then, the request is declined' }) expiresAt: string;
}
