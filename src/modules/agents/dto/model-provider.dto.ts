import { ApiProperty, ApiPropertyOptional, PartialType, PickType } from '@nestjs/swagger';
import { IsIn, IsNumber, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { PROVIDER_KINDS, type ProviderKind } from 'src/modules/agents/entities/model-provider.entity';

export class CreateModelProviderDto {
  @ApiProperty({ maxLength: 100 })
  @IsString()
  @Matches(/^[a-z0-9][a-z0-9._-]{0,99}$/, {
    message: 'name must start with a lowercase letter or digit and hold only lowercase letters, digits, ., _ and - (100 at most)',
  })
  name: string;
  @ApiProperty({ enum: PROVIDER_KINDS }) @IsIn(PROVIDER_KINDS) kind: ProviderKind;
  /** OpenAI-compatible servers (vLLM, LM Studio, Ollama, Azure OpenAI deployments) by base URL, e.g. http://host:8000/v1. */
  @ApiPropertyOptional({ maxLength: 2048 })
  @IsOptional()
  @IsString()
  @Matches(/^https?:\/\/\S+$/, { message: '$property must be an http:// or https:// URL' })
  @MaxLength(2048)
  baseUrl?: string;
  /** Stored encrypted, never returned. */
  @ApiPropertyOptional({ maxLength: 4096, writeOnly: true }) @IsOptional() @IsString() @MaxLength(4096) apiKey?: string;
  @ApiPropertyOptional({ description: 'USD per million input tokens, for cost accounting' })
  @IsOptional()
  @IsNumber()
  @Min(0)
  @Max(10_000)
  inputCostPerMTok?: number;
  @ApiPropertyOptional({ description: 'USD per million output tokens' })
  @IsOptional()
  @IsNumber()
  @Min(0)
  @Max(10_000)
  outputCostPerMTok?: number;
}

export class UpdateModelProviderDto extends PartialType(
  PickType(CreateModelProviderDto, ['baseUrl', 'apiKey', 'inputCostPerMTok', 'outputCostPerMTok'] as const),
) {}

export class ModelProviderDto {
  @ApiProperty() id: string;
  @ApiProperty() name: string;
  @ApiProperty({ enum: PROVIDER_KINDS }) kind: string;
  @ApiProperty({ nullable: true, type: String }) baseUrl: string | null;
  @ApiProperty() hasApiKey: boolean;
  @ApiProperty({ enum: ['registered', 'environment'] }) source: 'registered' | 'environment';
  @ApiProperty() inputCostPerMTok: number;
  @ApiProperty() outputCostPerMTok: number;
}
