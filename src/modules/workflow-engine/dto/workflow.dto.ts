import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsBoolean, IsInt, IsObject, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import type { WorkflowDefinition } from '@libs/workflow';
import type { WorkflowEntity } from 'src/modules/workflow-engine/entities/workflow.entity';

const NAME = /^[A-Za-z0-9][\w .:-]{0,199}$/;
const DEFINITION_DESCRIPTION =
  'The DAG: { inputSchema?, steps: [{ id, kind, needs?, ...kind fields }], output?, timeoutMs?, layout? }; ' +
  'layout maps step ids to the canvas position { x, y } the designer drew them at (stored, ignored by the engine).';

export class CreateWorkflowDto {
  /** Unique; letters, digits, space, `_ . : -`. */
  @ApiProperty({ maxLength: 200 }) @IsString() @Matches(NAME) name: string;
  @ApiPropertyOptional({ maxLength: 4000 }) @IsOptional() @IsString() @MaxLength(4_000) description?: string;
  /**
   * The DAG: `{ inputSchema?, steps: [{ id, kind, needs?, when?, retry?, timeoutMs?, ...kind fields }], output?, timeoutMs? }`.
   * Kinds: agent, tool, sql, knowledge, code, condition, join, map, loop, subworkflow, wait, approval, transform.
   * Strings starting with `=` are JSONata expressions over `{ input, steps, item, index, last, key }`; `{{ expr }}` interpolates.
   * `layout: { stepId: { x, y } }` keeps the designer's canvas positions with the version; the engine ignores it.
   */
  @ApiProperty({ type: 'object', additionalProperties: true, description: DEFINITION_DESCRIPTION })
  @IsObject()
  definition: Record<string, unknown>;
}

export class UpdateWorkflowDto {
  @ApiPropertyOptional({ maxLength: 200 }) @IsOptional() @IsString() @Matches(NAME) name?: string;
  @ApiPropertyOptional({ maxLength: 4000 }) @IsOptional() @IsString() @MaxLength(4_000) description?: string;
  /** The new definition (its `layout` included): every update is a new version; runs keep the version they started on. */
  @ApiProperty({ type: 'object', additionalProperties: true, description: DEFINITION_DESCRIPTION })
  @IsObject()
  definition: Record<string, unknown>;
}

export class ValidateWorkflowDto {
  @ApiProperty({ type: 'object', additionalProperties: true, description: DEFINITION_DESCRIPTION })
  @IsObject()
  definition: Record<string, unknown>;
}

export class DefinitionIssueDto {
  @ApiProperty() path: string;
  @ApiProperty() code: string;
  @ApiProperty() message: string;
}

export class ValidationResultDto {
  @ApiProperty() valid: boolean;
  @ApiProperty({ type: [DefinitionIssueDto] }) issues: DefinitionIssueDto[];
}

export class WorkflowListQueryDto {
  /** Part of the name, any case. */
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(200) search?: string;
  @ApiPropertyOptional() @IsOptional() @Transform(({ value }) => value === 'true' || value === true) @IsBoolean() enabled?: boolean;
  @ApiPropertyOptional({ default: 50 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(500) limit: number = 50;
  @ApiPropertyOptional({ default: 0 }) @IsOptional() @Type(() => Number) @IsInt() @Min(0) offset: number = 0;
}

export class WorkflowResponseDto {
  @ApiProperty() id: string;
  @ApiProperty() name: string;
  @ApiProperty({ nullable: true, type: String }) description: string | null;
  @ApiProperty() version: number;
  @ApiProperty() enabled: boolean;
  @ApiProperty({ type: 'object', additionalProperties: true }) definition: Record<string, unknown>;
  @ApiProperty() createdAt: string;
  @ApiProperty() updatedAt: string;
}

export class WorkflowSummaryDto {
  @ApiProperty() id: string;
  @ApiProperty() name: string;
  @ApiProperty({ nullable: true, type: String }) description: string | null;
  @ApiProperty() version: number;
  @ApiProperty() enabled: boolean;
  @ApiProperty() updatedAt: string;
}

export class WorkflowPageDto {
  @ApiProperty({ type: [WorkflowSummaryDto] }) items: WorkflowSummaryDto[];
  @ApiProperty() total: number;
}

export class WorkflowVersionDto {
  @ApiProperty() version: number;
  @ApiProperty({ type: 'object', additionalProperties: true }) definition: Record<string, unknown>;
  @ApiProperty() createdAt: string;
}

export function toWorkflowResponse(workflow: WorkflowEntity, definition: WorkflowDefinition): WorkflowResponseDto {
  return {
    ...toWorkflowSummary(workflow),
    definition: definition as unknown as Record<string, unknown>,
    createdAt: workflow.createdAt.toISOString(),
  };
}

export function toWorkflowSummary(workflow: WorkflowEntity): WorkflowSummaryDto {
  return {
    id: workflow.id,
    name: workflow.name,
    description: workflow.description,
    version: workflow.currentVersion,
    enabled: workflow.enabled,
    updatedAt: workflow.updatedAt.toISOString(),
  };
}
