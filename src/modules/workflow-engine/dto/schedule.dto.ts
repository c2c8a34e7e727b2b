import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsInt, IsOptional, IsString, IsUUID, Max, MaxLength, Min } from 'class-validator';
import type { WorkflowScheduleFireEntity } from 'src/modules/workflow-engine/entities/workflow-schedule-fire.entity';
import type { WorkflowScheduleEntity } from 'src/modules/workflow-engine/entities/workflow-schedule.entity';
import { CATCHUP_POLICIES, OVERLAP_POLICIES } from 'src/modules/workflow-engine/schedules.service';

export class CreateScheduleDto {
  @ApiProperty() @IsUUID() workflowId: string;
  @ApiPropertyOptional({ maxLength: 200 }) @IsOptional() @IsString() @MaxLength(200) name?: string;
  /** Five fields (minute hour day month weekday), or six with seconds first. */
  @ApiProperty({ example: '0 9 * * 1-5' }) @IsString() @MaxLength(120) cron: string;
  /** IANA time zone the cron is read in. */
  @ApiPropertyOptional({ default: 'UTC', example: 'Europe/Paris' }) @IsOptional() @IsString() @MaxLength(64) timezone?: string;
  @ApiPropertyOptional({ description: 'Input of every run (any JSON)' }) @IsOptional() input?: unknown;
  /** What a tick does while the previous run is still going: skip it, queue it, or allow both. */
  @ApiPropertyOptional({ enum: OVERLAP_POLICIES, default: 'skip' })
  @IsOptional()
  @IsIn(OVERLAP_POLICIES)
  overlap?: (typeof OVERLAP_POLICIES)[number];
  /** Ticks missed while the platform was down: skip them, run once, or run each one within catchupWindowMs. */
  @ApiPropertyOptional({ enum: CATCHUP_POLICIES, default: 'once' })
  @IsOptional()
  @IsIn(CATCHUP_POLICIES)
  catchup?: (typeof CATCHUP_POLICIES)[number];
  @ApiPropertyOptional({ default: 86400000 }) @IsOptional() @IsInt() @Min(0) @Max(90 * 24 * 3600_000) catchupWindowMs?: number;
}

export class ScheduleListQueryDto {
  @ApiPropertyOptional() @IsOptional() @IsUUID() workflowId?: string;
}

export class ScheduleResponseDto {
  @ApiProperty() id: string;
  @ApiProperty() workflowId: string;
  @ApiProperty() name: string;
  @ApiProperty() cron: string;
  @ApiProperty() timezone: string;
  @ApiPropertyOptional({ description: 'Input of every run (any JSON)' }) input?: unknown;
  @ApiProperty({ enum: OVERLAP_POLICIES }) overlap: string;
  @ApiProperty({ enum: CATCHUP_POLICIES }) catchup: string;
  @ApiProperty() catchupWindowMs: number;
  @ApiProperty() paused: boolean;
  /** The next three fire times (ISO 8601). */
  @ApiProperty({ type: [String] }) nextFires: string[];
  @ApiProperty() createdAt: string;
}

export class ScheduleFireDto {
  @ApiProperty() tickAt: string;
  @ApiProperty({ enum: ['started', 'skipped', 'queued'] }) outcome: string;
  @ApiProperty({ nullable: true, type: String }) runId: string | null;
  @ApiProperty({ nullable: true, type: String }) reason: string | null;
}

export function toScheduleResponse(s: WorkflowScheduleEntity, nextFires: string[]): ScheduleResponseDto {
  return {
    id: s.id,
    workflowId: s.workflowId,
    name: s.name,
    cron: s.cron,
    timezone: s.timezone,
    input: JSON.parse(s.input) as unknown,
    overlap: s.overlap,
    catchup: s.catchup,
    catchupWindowMs: s.catchupWindowMs,
    paused: s.paused,
    nextFires: s.paused ? [] : nextFires,
    createdAt: s.createdAt.toISOString(),
  };
}

export function toScheduleFire(f: WorkflowScheduleFireEntity): ScheduleFireDto {
  return { tickAt: new Date(f.tickAt).toISOString(), outcome: f.outcome, runId: f.runId, reason: f.reason };
}
