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
  IsUUID,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { RESOLUTIONS } from 'src/modules/orchestrator/conflict-resolution';
import type { BroadcastEntity } from 'src/modules/orchestrator/entities/broadcast.entity';
import { ModelRefDto } from './session.dto';

export class BroadcastDto {
  @ApiProperty({ maxLength: 20000 }) @IsString() @MinLength(1) @MaxLength(20_000) message: string;
  /** The agents to ask; or give a capability and every agent offering it is asked. */
  @ApiPropertyOptional({ type: [String] }) @IsOptional() @IsArray() @ArrayMaxSize(50) @IsUUID('all', { each: true }) agentIds?: string[];
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(100) capability?: string;
  /** Answers to wait for (k of n); default all. */
  @ApiPropertyOptional() @IsOptional() @IsInt() @Min(1) quorum?: number;
  @ApiPropertyOptional({ default: 30000 }) @IsOptional() @IsInt() @Min(100) @Max(300_000) deadlineMs?: number;
  /** How to settle disagreement: majority or reliability-weighted vote, first schema-valid answer, a judge, a merge. */
  @ApiPropertyOptional({ enum: RESOLUTIONS, default: 'none' }) @IsOptional() @IsIn(RESOLUTIONS) resolution?: (typeof RESOLUTIONS)[number];
  @ApiPropertyOptional({ type: 'object', additionalProperties: true }) @IsOptional() @IsObject() schema?: Record<string, unknown>;
  @ApiPropertyOptional({ type: ModelRefDto }) @IsOptional() @ValidateNested() @Type(() => ModelRefDto) model?: ModelRefDto;
  @ApiPropertyOptional() @IsOptional() @IsUUID() judgeAgentId?: string;
}

export class BallotDto {
  @ApiProperty() agentId: string;
  @ApiProperty() name: string;
  @ApiProperty({ enum: ['answered', 'failed', 'timeout'] }) status: string;
  @ApiPropertyOptional() text?: string;
  @ApiPropertyOptional() error?: string;
  @ApiProperty() latencyMs: number;
}

export class BroadcastResultDto {
  @ApiProperty() id: string;
  @ApiProperty() quorum: number;
  @ApiProperty({ enum: ['quorum-met', 'all-answered', 'deadline', 'failed'] }) outcome: string;
  /** Every answer (ballot), in arrival order, then those that did not answer in time. */
  @ApiProperty({ type: [BallotDto] }) answers: BallotDto[];
  @ApiPropertyOptional({ type: 'object', additionalProperties: true, description: 'method, answer, winners, tally, reason' })
  resolution?: Record<string, unknown>;
  @ApiProperty() durationMs: number;
}

export function toBroadcastResult(b: BroadcastEntity): BroadcastResultDto {
  return {
    id: b.id,
    quorum: b.quorum,
    outcome: b.outcome,
    answers: JSON.parse(b.answers),
    ...(b.resolution ? { resolution: JSON.parse(b.resolution) } : {}),
    durationMs: b.durationMs,
  };
}
