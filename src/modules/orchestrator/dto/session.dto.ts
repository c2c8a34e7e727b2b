import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateNested,
} from 'class-validator';
import type { ResultOf } from '@libs/contracts';
import { SESSION_STATUSES, type OrchestrationSessionEntity } from 'src/modules/orchestrator/entities/orchestration-session.entity';
import type { TaskAssignmentEntity } from 'src/modules/orchestrator/entities/task-assignment.entity';

export class ModelRefDto {
  @ApiProperty() @IsString() @MaxLength(100) provider: string;
  @ApiProperty() @IsString() @MaxLength(200) modelId: string;
}

export class BudgetDto {
  /** Most tasks a plan may have. */
  @ApiPropertyOptional({ default: 10 }) @IsOptional() @IsInt() @Min(1) @Max(50) maxSteps?: number;
  /** Wall-clock limit of the whole session. */
  @ApiPropertyOptional({ default: 600000 }) @IsOptional() @IsInt() @Min(1_000) @Max(24 * 3600_000) maxTimeMs?: number;
  /** How many times a failed task may be re-planned onto another agent. */
  @ApiPropertyOptional({ default: 2 }) @IsOptional() @IsInt() @Min(0) @Max(10) maxReplans?: number;
  /** Model tokens the orchestrator may spend planning. */
  @ApiPropertyOptional({ default: 100000 }) @IsOptional() @IsInt() @Min(1) @Max(10_000_000) maxTokens?: number;
}

export class StartSessionDto {
  @ApiProperty({ maxLength: 20000 }) @IsString() @MinLength(1) @MaxLength(20_000) goal: string;
  @ApiPropertyOptional({ maxLength: 50000 }) @IsOptional() @IsString() @MaxLength(50_000) context?: string;
  /** Route only to these agents. */
  @ApiPropertyOptional({ type: [String] }) @IsOptional() @IsArray() @ArrayMaxSize(100) @IsUUID('all', { each: true }) agentIds?: string[];
  /** Plan without a model: one task per capability, in order, each seeing the previous answers. */
  @ApiPropertyOptional({ type: [String] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @IsString({ each: true })
  @MaxLength(100, { each: true })
  capabilities?: string[];
  /** The planner model (default ORCHESTRATOR_PLANNER_MODEL; none: deterministic planning). */
  @ApiPropertyOptional({ type: ModelRefDto }) @IsOptional() @ValidateNested() @Type(() => ModelRefDto) model?: ModelRefDto;
  @ApiPropertyOptional({ type: BudgetDto }) @IsOptional() @ValidateNested() @Type(() => BudgetDto) budget?: BudgetDto;
  /** Answer when the session ends (or waitMs passes) instead of once it started. */
  @ApiPropertyOptional({ default: false }) @IsOptional() @IsBoolean() wait?: boolean;
  @ApiPropertyOptional({ default: 60000 }) @IsOptional() @IsInt() @Min(1) @Max(600_000) waitMs?: number;
}

export class PlannedTaskDto {
  @ApiProperty() id: string;
  @ApiProperty() title: string;
  @ApiProperty() instructions: string;
  @ApiPropertyOptional() capability?: string;
  @ApiProperty({ type: [String] }) dependsOn: string[];
  @ApiProperty({ enum: ['pending', 'assigned', 'running', 'succeeded', 'failed', 'skipped', 'canceled'] }) state: string;
  @ApiProperty({ nullable: true, type: String }) agentId: string | null;
  @ApiPropertyOptional({ description: "The agent's answer" }) output?: unknown;
}

export class LedgerEntryDto {
  @ApiProperty() at: string;
  @ApiProperty() event: string;
  @ApiProperty() detail: string;
}

export class LedgerDto {
  @ApiProperty({ type: [String] }) facts: string[];
  @ApiProperty({ type: [String] }) guesses: string[];
  @ApiProperty({ type: [LedgerEntryDto] }) progress: LedgerEntryDto[];
}

export class SessionResponseDto {
  @ApiProperty() id: string;
  @ApiProperty() goal: string;
  @ApiProperty({ enum: ['planning', 'running', 'succeeded', 'failed', 'canceled'] }) status: string;
  @ApiProperty({ type: [PlannedTaskDto] }) plan: PlannedTaskDto[];
  @ApiProperty({ type: LedgerDto }) ledger: LedgerDto;
  @ApiPropertyOptional({ description: "Each task's answer by task id, once the session succeeded" }) result?: unknown;
  @ApiPropertyOptional({ description: 'Why the session failed' }) error?: unknown;
  @ApiProperty({ nullable: true, type: String }) workflowId: string | null;
  @ApiProperty({ nullable: true, type: String }) runId: string | null;
  @ApiProperty() replans: number;
  /** Model tokens the orchestrator spent planning (the agents' own usage is on their runs). */
  @ApiProperty() tokensUsed: number;
  @ApiProperty({ type: 'object', additionalProperties: true }) budget: Record<string, unknown>;
  /** The trace the session started in (planning, routing, the run's launch); null when none was active. */
  @ApiProperty({ nullable: true, type: String }) traceId: string | null;
  @ApiProperty() createdAt: string;
  @ApiProperty() updatedAt: string;
}

export class SessionListQueryDto {
  @ApiPropertyOptional({ enum: SESSION_STATUSES }) @IsOptional() @IsIn(SESSION_STATUSES) status?: (typeof SESSION_STATUSES)[number];
  @ApiPropertyOptional({ default: 20, maximum: 200 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(200) limit: number = 20;
  @ApiPropertyOptional({ default: 0 }) @IsOptional() @Type(() => Number) @IsInt() @Min(0) @Max(100_000) offset: number = 0;
}

export class SessionSummaryDto {
  @ApiProperty() id: string;
  @ApiProperty() goal: string;
  @ApiProperty({ enum: SESSION_STATUSES }) status: string;
  /** Tasks in the current plan. */
  @ApiProperty() tasks: number;
  /** Names of the agents currently assigned, in plan order, each once. */
  @ApiProperty({ type: [String] }) agents: string[];
  @ApiProperty() replans: number;
  @ApiProperty() tokensUsed: number;
  @ApiProperty({ nullable: true, type: String }) traceId: string | null;
  @ApiProperty() createdAt: string;
  @ApiProperty() updatedAt: string;
}

export class SessionListDto {
  @ApiProperty({ type: [SessionSummaryDto] }) items: SessionSummaryDto[];
  @ApiProperty() total: number;
}

export class AssignedAgentDto {
  @ApiProperty() taskId: string;
  /** The task's title: the agent's role in the session. */
  @ApiProperty() role: string;
  @ApiProperty() agentId: string;
  @ApiProperty() agentName: string;
  @ApiProperty({ enum: ['assigned', 'running', 'succeeded', 'failed', 'canceled', 'replaced'] }) state: string;
  /** Why it was chosen, in words. */
  @ApiProperty() reason: string;
  /** The router's score breakdown: match, health, load, success, total, and the alternatives it weighed. */
  @ApiProperty({ type: 'object', additionalProperties: true }) score: Record<string, unknown>;
  @ApiProperty({ nullable: true, type: Number }) latencyMs: number | null;
  @ApiProperty({ nullable: true, type: String }) error: string | null;
}

type RunView = ResultOf<'workflows.run'> | undefined;

export function toSessionResponse(
  session: OrchestrationSessionEntity,
  assignments: TaskAssignmentEntity[],
  run: RunView,
): SessionResponseDto {
  const tasks = JSON.parse(session.plan ?? '[]') as Array<Omit<PlannedTaskDto, 'state' | 'agentId' | 'output'>>;
  const current = new Map(assignments.filter((a) => a.state !== 'replaced').map((a) => [a.taskId, a]));
  const steps = new Map((run?.steps ?? []).map((s) => [s.path, s]));
  return {
    id: session.id,
    goal: session.goal,
    status: session.status,
    plan: tasks.map((t) => ({
      ...t,
      state: current.get(t.id)?.state ?? 'pending',
      agentId: current.get(t.id)?.agentId ?? null,
      ...(steps.get(t.id)?.status === 'succeeded' ? { output: (steps.get(t.id)!.output as { text?: string } | undefined)?.text } : {}),
    })),
    ledger: JSON.parse(session.ledger),
    ...(session.result ? { result: JSON.parse(session.result) } : {}),
    ...(session.error ? { error: JSON.parse(session.error) } : {}),
    workflowId: session.workflowId,
    runId: session.runId,
    replans: session.replans,
    tokensUsed: session.tokensUsed,
    budget: (JSON.parse(session.request) as { budget: Record<string, unknown> }).budget,
    traceId: traceIdOf(session),
    createdAt: session.createdAt.toISOString(),
    updatedAt: session.updatedAt.toISOString(),
  };
}

export function toAssignedAgent(a: TaskAssignmentEntity): AssignedAgentDto {
  return {
    taskId: a.taskId,
    role: a.role,
    agentId: a.agentId,
    agentName: a.agentName,
    state: a.state,
    reason: a.reason,
    score: JSON.parse(a.score),
    latencyMs: a.latencyMs,
    error: a.error,
  };
}

export function toSessionSummary(session: OrchestrationSessionEntity, assignments: TaskAssignmentEntity[]): SessionSummaryDto {
  const tasks = JSON.parse(session.plan ?? '[]') as unknown[];
  return {
    id: session.id,
    goal: session.goal,
    status: session.status,
    tasks: tasks.length,
    agents: [...new Set(assignments.filter((a) => a.state !== 'replaced').map((a) => a.agentName))],
    replans: session.replans,
    tokensUsed: session.tokensUsed,
    traceId: traceIdOf(session),
    createdAt: session.createdAt.toISOString(),
    updatedAt: session.updatedAt.toISOString(),
  };
}

/** Sessions started before trace ids were kept have none. */
function traceIdOf(session: OrchestrationSessionEntity): string | null {
  return (JSON.parse(session.request) as { traceId?: string }).traceId ?? null;
}
