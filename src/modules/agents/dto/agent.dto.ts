import { ApiProperty, ApiPropertyOptional, OmitType, PartialType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsNumber,
  IsObject,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { a2aPathOf } from 'src/modules/agents/agent-card.builder';
import { AGENT_BRAINS, type AgentBrainKind, type AgentEntity } from 'src/modules/agents/entities/agent.entity';

export class ModelParametersDto {
  @ApiPropertyOptional() @IsOptional() @IsNumber() @Min(0) @Max(2) temperature?: number;
  @ApiPropertyOptional() @IsOptional() @IsInt() @Min(1) @Max(200_000) maxOutputTokens?: number;
  @ApiPropertyOptional() @IsOptional() @IsNumber() @Min(0) @Max(1) topP?: number;
}

export class AgentModelDto {
  @ApiProperty({ description: 'Name of a model provider (GET /api/model-providers)' }) @IsString() @MaxLength(100) provider: string;
  @ApiProperty({ example: 'gpt-4o-mini' }) @IsString() @MaxLength(200) modelId: string;
  @ApiPropertyOptional({ type: ModelParametersDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => ModelParametersDto)
  parameters?: ModelParametersDto;
}

export class AgentSkillDto {
  @ApiProperty() @IsString() @Matches(/^[\w.-]{1,100}$/) id: string;
  @ApiProperty() @IsString() @MaxLength(200) name: string;
  @ApiProperty() @IsString() @MaxLength(2000) description: string;
  @ApiProperty({ type: [String] }) @IsArray() @ArrayMaxSize(20) @IsString({ each: true }) @MaxLength(50, { each: true }) tags: string[];
  @ApiPropertyOptional({ type: [String] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(10)
  @IsString({ each: true })
  @MaxLength(500, { each: true })
  examples?: string[];
}

export class AgentLimitsDto {
  @ApiPropertyOptional({ default: 8, description: 'Model/tool steps per run' }) @IsOptional() @IsInt() @Min(1) @Max(50) maxSteps?: number;
  @ApiPropertyOptional({ default: 120000 }) @IsOptional() @IsInt() @Min(1000) @Max(3_600_000) timeoutMs?: number;
}

export class CreateAgentDto {
  @ApiProperty({ maxLength: 100 }) @IsString() @Matches(/^[\w][\w .-]{0,99}$/) name: string;
  @ApiPropertyOptional({ maxLength: 2000 }) @IsOptional() @IsString() @MaxLength(2000) description?: string;
  @ApiPropertyOptional({ maxLength: 20000, description: 'System instructions of the built-in model loop' })
  @IsOptional()
  @IsString()
  @MaxLength(20_000)
  instructions?: string;
  @ApiPropertyOptional({ enum: AGENT_BRAINS, default: 'llm', description: 'llm: built-in model loop; remote: an A2A agent by cardUrl' })
  @IsOptional()
  @IsIn(AGENT_BRAINS)
  brain?: AgentBrainKind;
  @ApiPropertyOptional({ type: AgentModelDto }) @IsOptional() @ValidateNested() @Type(() => AgentModelDto) model?: AgentModelDto;
  @ApiPropertyOptional({ type: [AgentSkillDto] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => AgentSkillDto)
  skills?: AgentSkillDto[];
  @ApiPropertyOptional({ type: [String], description: 'Tool ids the agent may call' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @IsString({ each: true })
  @MaxLength(200, { each: true })
  tools?: string[];
  @ApiPropertyOptional({ type: [String], description: 'Knowledge collections the agent may search' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @IsString({ each: true })
  @MaxLength(200, { each: true })
  knowledge?: string[];
  @ApiPropertyOptional({ type: [String], description: 'SQL connection ids the agent may query' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @IsString({ each: true })
  @MaxLength(100, { each: true })
  sqlConnections?: string[];
  @ApiPropertyOptional({ type: AgentLimitsDto }) @IsOptional() @ValidateNested() @Type(() => AgentLimitsDto) limits?: AgentLimitsDto;
  @ApiPropertyOptional({ description: 'brain=remote: URL of the remote agent card (or its base URL)', maxLength: 2048 })
  @IsOptional()
  @IsString()
  @Matches(/^https?:\/\/\S+$/)
  @MaxLength(2048)
  cardUrl?: string;
  @ApiPropertyOptional({ default: false, description: 'Admins only: reachable over A2A without a credential' })
  @IsOptional()
  @IsBoolean()
  publicAccess?: boolean;
}

export class UpdateAgentDto extends PartialType(OmitType(CreateAgentDto, ['brain'] as const)) {
  @ApiPropertyOptional({ description: 'Optimistic concurrency: the version you read; 409 if it changed' })
  @IsOptional()
  @IsInt()
  @Min(1)
  version?: number;
}

export class ListAgentsQueryDto {
  @ApiPropertyOptional({
    description: 'Comma list; agents having all of them (skill ids or tags, tool:<id>, knowledge:<name>, sql, streaming, brain:<kind>)',
  })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  capability?: string;
  @ApiPropertyOptional({ description: 'Substring of name or description' }) @IsOptional() @IsString() @MaxLength(200) q?: string;
  @ApiPropertyOptional({ default: 50 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(200) limit?: number;
  @ApiPropertyOptional({ default: 0 }) @IsOptional() @Type(() => Number) @IsInt() @Min(0) offset?: number;
}

export class AgentDto {
  @ApiProperty() id: string;
  @ApiProperty() name: string;
  @ApiProperty() description: string;
  @ApiProperty() instructions: string;
  @ApiProperty({ enum: AGENT_BRAINS }) brain: string;
  @ApiProperty({ type: AgentModelDto, nullable: true }) model: AgentModelDto | null;
  @ApiProperty({ type: [AgentSkillDto] }) skills: AgentSkillDto[];
  @ApiProperty({ type: [String] }) tools: string[];
  @ApiProperty({ type: [String] }) knowledge: string[];
  @ApiProperty({ type: [String] }) sqlConnections: string[];
  @ApiProperty({ type: AgentLimitsDto }) limits: AgentLimitsDto;
  @ApiProperty({ nullable: true, type: String }) cardUrl: string | null;
  @ApiProperty() publicAccess: boolean;
  @ApiProperty({ description: 'A2A endpoint (JSON-RPC); HTTP+JSON at <url>/rest; card at <url>/.well-known/agent-card.json' })
  a2aUrl: string;
  @ApiProperty() version: number;
  @ApiProperty() createdAt: string;
  @ApiProperty() updatedAt: string;
}

/** An agent as the API shows it; baseUrl is the platform as the caller sees it (its A2A URL is under it). */
export function toAgentResponse(agent: AgentEntity, baseUrl: string): AgentDto {
  return {
    id: agent.id,
    name: agent.name,
    description: agent.description,
    instructions: agent.instructions,
    brain: agent.brain,
    model: agent.model,
    skills: agent.skills,
    tools: agent.tools,
    knowledge: agent.knowledge,
    sqlConnections: agent.sqlConnections,
    limits: agent.limits,
    cardUrl: agent.remoteCardUrl,
    publicAccess: agent.publicAccess,
    a2aUrl: `${baseUrl}${a2aPathOf(agent.id)}`,
    version: agent.version,
    createdAt: agent.createdAt.toISOString(),
    updatedAt: agent.updatedAt.toISOString(),
  };
}

export class AgentListDto {
  @ApiProperty({ type: [AgentDto] }) items: AgentDto[];
  @ApiProperty() total: number;
}

export function toAgentListResponse(page: { items: AgentEntity[]; total: number }, baseUrl: string): AgentListDto {
  return { items: page.items.map((agent) => toAgentResponse(agent, baseUrl)), total: page.total };
}

export class AgentCapabilitiesDto {
  @ApiProperty() agentId: string;
  @ApiProperty({ type: [String] }) capabilities: string[];
  @ApiProperty({ type: Object, description: 'A2A capabilities of its card' }) a2a: Record<string, unknown>;
  @ApiProperty({ type: [AgentSkillDto] }) skills: AgentSkillDto[];
  @ApiProperty({ type: [String] }) tools: string[];
  @ApiProperty({ type: [String] }) knowledge: string[];
  @ApiProperty({ type: [String] }) sqlConnections: string[];
}

export class ExecuteAgentDto {
  @ApiProperty({ maxLength: 100000 }) @IsString() @MaxLength(100_000) input: string;
  @ApiPropertyOptional({ description: 'Continue a conversation (A2A contextId)' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  contextId?: string;
  @ApiPropertyOptional({ description: 'Answer an input-required task' }) @IsOptional() @IsString() @MaxLength(100) taskId?: string;
  @ApiPropertyOptional({ type: Object }) @IsOptional() @IsObject() data?: Record<string, unknown>;
}

export class ExecutionResultDto {
  @ApiProperty() agentId: string;
  @ApiProperty() taskId: string;
  @ApiProperty() contextId: string;
  @ApiProperty({ description: 'A2A task state, e.g. completed, input-required, failed' }) state: string;
  @ApiProperty() output: string;
  @ApiProperty({ type: Object, description: 'The A2A task (1.0 JSON form)' }) task: Record<string, unknown>;
}
