import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, IsUUID, Matches, MaxLength } from 'class-validator';
import { COORDINATION_ACTIONS } from 'src/modules/orchestrator/coordination.service';

export class CoordinateDto {
  @ApiProperty() @IsUUID() sessionId: string;
  /** reassign: move a task to agentId (the run restarts keeping finished tasks); message: send text to a task's agent; cancel: stop the session. */
  @ApiProperty({ enum: COORDINATION_ACTIONS }) @IsIn(COORDINATION_ACTIONS) action: (typeof COORDINATION_ACTIONS)[number];
  @ApiPropertyOptional() @IsOptional() @IsString() @Matches(/^[A-Za-z_][A-Za-z0-9_]{0,63}$/) taskId?: string;
  @ApiPropertyOptional() @IsOptional() @IsUUID() agentId?: string;
  @ApiPropertyOptional({ maxLength: 10000 }) @IsOptional() @IsString() @MaxLength(10_000) text?: string;
}

export class CoordinationResultDto {
  @ApiProperty() action: string;
  @ApiProperty() detail: string;
  @ApiPropertyOptional({ description: "The agent's reply to a message" }) reply?: string;
}
