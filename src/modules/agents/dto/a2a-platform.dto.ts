import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  Max,
  MaxLength,
  Min,
  MinLength,
} from 'class-validator';
import type { AgentExecutionEntity } from 'src/modules/agents/entities/agent-execution.entity';
import { ExecutionResultDto } from './agent.dto';

export class DiscoverAgentsDto {
  @ApiProperty({ maxLength: 2000, example: 'summarise quarterly invoices' }) @IsString() @MinLength(1) @MaxLength(2000) query: string;
  @ApiPropertyOptional({ type: [String], description: 'Capabilities every match must have (see GET /api/agents?capability=)' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @IsString({ each: true })
  @MaxLength(200, { each: true })
  capabilities?: string[];
  @ApiPropertyOptional({ default: 10 }) @IsOptional() @IsInt() @Min(1) @Max(100) limit?: number;
  @ApiPropertyOptional({ default: false, description: 'Include remote agents that are currently failing' })
  @IsOptional()
  @IsBoolean()
  includeUnhealthy?: boolean;
}

export class DiscoveryMatchDto {
  @ApiProperty() agentId: string;
  @ApiProperty() name: string;
  @ApiProperty({ description: 'BM25 relevance of the card to the query' }) score: number;
  @ApiProperty() healthy: boolean;
  @ApiProperty({ type: [String] }) matchedSkills: string[];
  @ApiProperty({ type: Object, description: 'A2A agent card (1.0 JSON)' }) card: Record<string, unknown>;
}

export class DiscoverAgentsResponseDto {
  @ApiProperty({ type: [DiscoveryMatchDto] }) matches: DiscoveryMatchDto[];
}

export class AgentCardsResponseDto {
  @ApiProperty({ type: [Object], description: 'A2A agent cards (1.0 JSON) of every registered agent' }) cards: Array<
    Record<string, unknown>
  >;
}

export class SendA2aMessageDto {
  @ApiPropertyOptional({ description: 'Target agent id' }) @IsOptional() @IsUUID() agentId?: string;
  @ApiPropertyOptional({ description: 'Or: the best agent having this capability / matching this need' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  capability?: string;
  @ApiProperty({ maxLength: 100000 }) @IsString() @MaxLength(100_000) text: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(100) contextId?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(100) taskId?: string;
  @ApiPropertyOptional({ type: Object }) @IsOptional() @IsObject() data?: Record<string, unknown>;
}

export class CollaborateDto {
  @ApiProperty({ maxLength: 100000 }) @IsString() @MinLength(1) @MaxLength(100_000) task: string;
  @ApiPropertyOptional({ type: [String], description: 'Agents to delegate to (default: discovered from the task)' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(10)
  @IsUUID('all', { each: true })
  agentIds?: string[];
  @ApiPropertyOptional({ type: [String] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(10)
  @IsString({ each: true })
  @MaxLength(200, { each: true })
  capabilities?: string[];
  @ApiPropertyOptional({ default: 3 }) @IsOptional() @IsInt() @Min(1) @Max(10) maxAgents?: number;
  @ApiPropertyOptional({ enum: ['parallel', 'sequential'], default: 'parallel' })
  @IsOptional()
  @IsIn(['parallel', 'sequential'])
  strategy?: 'parallel' | 'sequential';
  @ApiPropertyOptional({ enum: ['concat', 'lead'], default: 'concat', description: 'lead: the agent in the path merges the answers' })
  @IsOptional()
  @IsIn(['concat', 'lead'])
  merge?: 'concat' | 'lead';
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(100) contextId?: string;
}

export class CollaborationResultDto {
  @ApiProperty() leadAgentId: string;
  @ApiProperty() contextId: string;
  @ApiProperty({ enum: ['parallel', 'sequential'] }) strategy: string;
  @ApiProperty({ type: [ExecutionResultDto] }) contributions: ExecutionResultDto[];
  @ApiProperty() output: string;
  @ApiProperty({ enum: ['completed', 'partial'] }) state: string;
}

export class AgentExecutionDto {
  @ApiProperty() id: string;
  @ApiProperty({ nullable: true, type: String }) taskId: string | null;
  @ApiProperty({ nullable: true, type: String }) contextId: string | null;
  @ApiProperty() status: string;
  @ApiProperty({ type: [Object] }) steps: Array<Record<string, unknown>>;
  @ApiProperty() inputTokens: number;
  @ApiProperty() outputTokens: number;
  @ApiProperty() costUsd: number;
  @ApiProperty() latencyMs: number;
  @ApiProperty({ nullable: true, type: String }) error: string | null;
  @ApiProperty() createdAt: string;
}

export class ExecutionListQueryDto {
  @ApiPropertyOptional({ default: 20 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(200) limit?: number;
}

export function toAgentExecutionResponse(row: AgentExecutionEntity): AgentExecutionDto {
  return {
    id: row.id,
    taskId: row.taskId,
    contextId: row.contextId,
    status: row.status,
    steps: row.steps as unknown as Array<Record<string, unknown>>,
    inputTokens: row.inputTokens,
    outputTokens: row.outputTokens,
    costUsd: row.costUsd,
    latencyMs: row.latencyMs,
    error: row.error,
    createdAt: row.createdAt.toISOString(),
  };
}
