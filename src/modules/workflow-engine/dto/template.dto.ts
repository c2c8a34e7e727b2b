import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsObject, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import type { WorkflowTemplateEntity } from 'src/modules/workflow-engine/entities/workflow-template.entity';

const NAME = /^[A-Za-z0-9][\w .:-]{0,199}$/;

export class CreateTemplateDto {
  @ApiProperty({ maxLength: 200 }) @IsString() @Matches(NAME) name: string;
  @ApiPropertyOptional({ maxLength: 4000 }) @IsOptional() @IsString() @MaxLength(4_000) description?: string;
  /** JSON Schema of the parameters (defaults are applied at instantiation). */
  @ApiProperty({ type: 'object', additionalProperties: true }) @IsObject() parameters: Record<string, unknown>;
  /** A workflow definition with `${param}` placeholders (whole string: the value; inside a string: its text; `${param:json}`: its JSON). */
  @ApiProperty({ type: 'object', additionalProperties: true }) @IsObject() definition: Record<string, unknown>;
}

export class InstantiateTemplateDto {
  /** Name of the new workflow. */
  @ApiProperty({ maxLength: 200 }) @IsString() @Matches(NAME) name: string;
  @ApiPropertyOptional({ maxLength: 4000 }) @IsOptional() @IsString() @MaxLength(4_000) description?: string;
  @ApiProperty({ type: 'object', additionalProperties: true }) @IsObject() parameters: Record<string, unknown>;
}

export class TemplateResponseDto {
  @ApiProperty() id: string;
  @ApiProperty() name: string;
  @ApiProperty({ nullable: true, type: String }) description: string | null;
  @ApiProperty() builtin: boolean;
  @ApiProperty({ type: 'object', additionalProperties: true }) parameters: Record<string, unknown>;
  @ApiProperty({ type: 'object', additionalProperties: true }) definition: Record<string, unknown>;
  @ApiProperty() createdAt: string;
}

export function toTemplateResponse(t: WorkflowTemplateEntity): TemplateResponseDto {
  return {
    id: t.id,
    name: t.name,
    description: t.description,
    builtin: t.builtin,
    parameters: JSON.parse(t.parameters) as Record<string, unknown>,
    definition: JSON.parse(t.definition) as Record<string, unknown>,
    createdAt: t.createdAt.toISOString(),
  };
}
