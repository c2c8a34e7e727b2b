import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, IsUUID, Matches, Max, MaxLength, Min } from 'class-validator';
import type { StepState, RunState } from 'src/modules/workflow-engine/engine/run-state';
import type { WorkflowEventEntity } from 'src/modules/workflow-engine/entities/workflow-event.entity';
import { RUN_STATUSES, type WorkflowRunEntity } from 'src/modules/workflow-engine/entities/workflow-run.entity';

export class ExecuteWorkflowDto {
  /** The run input; checked against the definition's inputSchema. */
  @ApiPropertyOptional({ description: 'Run input (any JSON)' }) @IsOptional() input?: unknown;
  /** Run an older version instead of the current one. */
  @ApiPropertyOptional() @IsOptional() @IsInt() @Min(1) version?: number;
  /** Answer when the run ends (or waits, or waitMs passes) instead of at once. */
  @ApiPropertyOptional({ default: false }) @IsOptional() @IsBoolean() wait?: boolean;
  @ApiPropertyOptional({ default: 30000, maximum: 300000 }) @IsOptional() @IsInt() @Min(1) @Max(300_000) waitMs?: number;
}

export class RunQueryDto {
  /** A run of this workflow; default: its latest run. */
  @ApiPropertyOptional() @IsOptional() @IsUUID() runId?: string;
}

export class RunListQueryDto {
  @ApiPropertyOptional() @IsOptional() @IsUUID() workflowId?: string;
  @ApiPropertyOptional({ enum: RUN_STATUSES }) @IsOptional() @IsIn(RUN_STATUSES) status?: string;
  @ApiPropertyOptional({ default: 50 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(500) limit: number = 50;
  @ApiPropertyOptional({ default: 0 }) @IsOptional() @Type(() => Number) @IsInt() @Min(0) offset: number = 0;
}

export class EventsQueryDto {
  /** Only events after this sequence number (resume a stream without missing or repeating any). */
  @ApiPropertyOptional({ default: 0 }) @IsOptional() @Type(() => Number) @IsInt() @Min(0) after: number = 0;
}

export class ApprovalDto {
  @ApiProperty() @IsBoolean() approved: boolean;
  @ApiPropertyOptional({ maxLength: 2000 }) @IsOptional() @IsString() @MaxLength(2_000) comment?: string;
}

export class RerunDto {
  /** Re-run from this step: it and every step after it run again; the others keep their outputs. */
  @ApiProperty() @IsString() @Matches(/^[A-Za-z_][A-Za-z0-9_]{0,63}$/) fromStep: string;
}

export class RunStartedDto {
  @ApiProperty() runId: string;
  @ApiProperty() workflowId: string;
  @ApiProperty() version: number;
  @ApiProperty({ enum: RUN_STATUSES }) status: string;
}

export class StepErrorDto {
  @ApiProperty() code: string;
  @ApiProperty() message: string;
}

export class RunStepDto {
  /** The step id, or `id[i]` for a map item, `id#i` for a loop iteration. */
  @ApiProperty() path: string;
  @ApiProperty({ enum: ['pending', 'running', 'succeeded', 'failed', 'skipped', 'waiting'] }) status: string;
  @ApiProperty() attempts: number;
  @ApiPropertyOptional({ description: 'The step output (any JSON)' }) output?: unknown;
  @ApiPropertyOptional({ type: StepErrorDto }) error?: StepErrorDto;
  @ApiPropertyOptional() skippedBecause?: string;
  @ApiPropertyOptional({ description: 'A waiting wait step: when it wakes (ISO 8601)' }) waitingUntil?: string;
  @ApiPropertyOptional({ description: 'A waiting approval step: its prompt' }) approvalPrompt?: string;
}

export class RunResponseDto {
  @ApiProperty() id: string;
  @ApiProperty() workflowId: string;
  @ApiProperty() version: number;
  @ApiProperty({ enum: RUN_STATUSES }) status: string;
  @ApiProperty() trigger: string;
  @ApiPropertyOptional({ description: 'Run input (any JSON)' }) input?: unknown;
  @ApiPropertyOptional({ description: 'Run output (any JSON), once succeeded' }) output?: unknown;
  @ApiPropertyOptional({ type: StepErrorDto }) error?: StepErrorDto;
  @ApiProperty({ nullable: true, type: String }) parentRunId: string | null;
  @ApiProperty({ nullable: true, type: String }) scheduleId: string | null;
  @ApiProperty() createdAt: string;
  @ApiProperty({ nullable: true, type: String }) startedAt: string | null;
  @ApiProperty({ nullable: true, type: String }) finishedAt: string | null;
  /** The last journal sequence number: stream events after it to follow the run. */
  @ApiProperty() lastSeq: number;
  @ApiProperty({ type: [RunStepDto] }) steps: RunStepDto[];
}

export class RunSummaryDto {
  @ApiProperty() id: string;
  @ApiProperty() workflowId: string;
  @ApiProperty() version: number;
  @ApiProperty({ enum: RUN_STATUSES }) status: string;
  @ApiProperty() trigger: string;
  @ApiProperty() createdAt: string;
  @ApiProperty({ nullable: true, type: String }) finishedAt: string | null;
}

export class RunPageDto {
  @ApiProperty({ type: [RunSummaryDto] }) items: RunSummaryDto[];
  @ApiProperty() total: number;
}

export class RunResultsDto {
  @ApiProperty() runId: string;
  @ApiProperty({ enum: RUN_STATUSES }) status: string;
  @ApiPropertyOptional({ description: 'Run output (any JSON)' }) output?: unknown;
  @ApiPropertyOptional({ type: StepErrorDto }) error?: StepErrorDto;
  /** Each succeeded step's output by path. */
  @ApiProperty({ type: 'object', additionalProperties: true }) steps: Record<string, unknown>;
}

export class RunEventDto {
  @ApiProperty() seq: number;
  @ApiProperty() type: string;
  @ApiProperty({ nullable: true, type: String }) stepPath: string | null;
  @ApiProperty({ nullable: true, type: Number }) attempt: number | null;
  @ApiPropertyOptional({ description: 'Event data (any JSON)' }) data?: unknown;
  @ApiProperty() createdAt: string;
}

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
const json = (text: string | null) => (text === null ? undefined : (JSON.parse(text) as unknown));

export function toRunSummary(run: WorkflowRunEntity): RunSummaryDto {
  return {
    id: run.id,
    workflowId: run.workflowId,
    version: run.version,
    status: run.status,
    trigger: run.trigger,
    createdAt: new Date(run.createdAt).toISOString(),
    finishedAt: iso(run.finishedAt),
  };
}

export function toRunResponse(run: WorkflowRunEntity, state: RunState): RunResponseDto {
  return {
    ...toRunSummary(run),
    input: json(run.input),
    output: json(run.output),
    error: json(run.error) as StepErrorDto | undefined,
    parentRunId: run.parentRunId,
    scheduleId: run.scheduleId,
    startedAt: iso(run.startedAt),
    lastSeq: run.lastSeq,
    steps: [...state.steps.values()].map(toRunStep),
  };
}

function toRunStep(step: StepState): RunStepDto {
  return {
    path: step.path,
    status: step.status,
    attempts: step.starts,
    ...(step.status === 'succeeded' ? { output: step.output } : {}),
    ...(step.error && step.status !== 'succeeded' ? { error: step.error } : {}),
    ...(step.skippedBecause ? { skippedBecause: step.skippedBecause } : {}),
    ...(step.status === 'waiting' && step.waitUntil ? { waitingUntil: new Date(step.waitUntil).toISOString() } : {}),
    ...(step.status === 'waiting' && step.approval ? { approvalPrompt: step.approval.prompt ?? '' } : {}),
  };
}

export function toRunResults(run: WorkflowRunEntity, state: RunState): RunResultsDto {
  const steps: Record<string, unknown> = {};
  for (const step of state.steps.values()) if (step.status === 'succeeded') steps[step.path] = step.output;
  return { runId: run.id, status: run.status, output: json(run.output), error: json(run.error) as StepErrorDto | undefined, steps };
}

export function toRunEvent(event: WorkflowEventEntity): RunEventDto {
  return {
    seq: event.seq,
    type: event.type,
    stepPath: event.stepPath,
    attempt: event.attempt,
    data: json(event.data),
    createdAt: new Date(event.createdAt).toISOString(),
  };
}
