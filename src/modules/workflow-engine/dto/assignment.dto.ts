import { ApiProperty } from '@nestjs/swagger';
import { IsUUID } from 'class-validator';

export class AssignAgentsDto {
  @ApiProperty() @IsUUID() workflowId: string;
}

export class AgentAlternativeDto {
  @ApiProperty() agentId: string;
  @ApiProperty() name: string;
  @ApiProperty() score: number;
}

export class StepAssignmentDto {
  @ApiProperty() stepId: string;
  @ApiProperty({ nullable: true, type: String }) capability: string | null;
  @ApiProperty({ nullable: true, type: String }) agentId: string | null;
  @ApiProperty({ nullable: true, type: String }) agentName: string | null;
  @ApiProperty() score: number;
  @ApiProperty({ enum: ['fixed', 'matched', 'unmatched'] }) status: 'fixed' | 'matched' | 'unmatched';
  @ApiProperty({ type: [AgentAlternativeDto] }) alternatives: AgentAlternativeDto[];
}

export class AssignmentResultDto {
  @ApiProperty() workflowId: string;
  @ApiProperty() version: number;
  @ApiProperty({ type: [StepAssignmentDto] }) assignments: StepAssignmentDto[];
}
