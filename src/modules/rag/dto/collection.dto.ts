import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsInt, IsOptional, IsString, IsUrl, Matches, Max, MaxLength, Min, MinLength } from 'class-validator';
import { EMBEDDING_KINDS, type EmbeddingKind, type EmbeddingModelEntity } from 'src/modules/rag/entities/embedding-model.entity';
import type { VectorCollectionEntity } from 'src/modules/rag/entities/vector-collection.entity';

export class CreateCollectionDto {
  /** Letters, digits, `_`, `-` and `.`; unique. Documents and searches name the collection by it (or by id). */
  @ApiProperty({ maxLength: 100 }) @IsString() @Matches(/^[A-Za-z0-9][\w.-]{0,99}$/) name: string;
  @ApiPropertyOptional({ maxLength: 2000 }) @IsOptional() @IsString() @MaxLength(2000) description?: string;
  /** Embedding model id or name (GET /api/collections/embedding-models); default: the offline local-use-lite. */
  @ApiPropertyOptional({ maxLength: 100 }) @IsOptional() @IsString() @MaxLength(100) embeddingModel?: string;
  @ApiPropertyOptional({ minimum: 32, maximum: 8192 }) @IsOptional() @IsInt() @Min(32) @Max(8192) chunkTokens?: number;
  @ApiPropertyOptional({ minimum: 0, maximum: 4096 }) @IsOptional() @IsInt() @Min(0) @Max(4096) chunkOverlapTokens?: number;
}

export class CollectionResponseDto {
  @ApiProperty() id: string;
  @ApiProperty() name: string;
  @ApiProperty() description: string;
  @ApiProperty() embeddingModelId: string;
  @ApiProperty() chunkTokens: number;
  @ApiProperty() chunkOverlapTokens: number;
  @ApiProperty({ enum: ['ready', 'reembedding'] }) status: string;
  @ApiProperty({ nullable: true, type: String }) lastError: string | null;
  /** Indexed documents and their chunks. */
  @ApiProperty() documentCount: number;
  @ApiProperty() chunkCount: number;
  @ApiProperty() createdAt: string;
}

export function toCollectionResponse(c: VectorCollectionEntity, counts?: { documents: number; chunks: number }): CollectionResponseDto {
  return {
    id: c.id,
    name: c.name,
    description: c.description,
    embeddingModelId: c.embeddingModelId,
    chunkTokens: c.chunkTokens,
    chunkOverlapTokens: c.chunkOverlapTokens,
    status: c.status,
    lastError: c.lastError,
    documentCount: counts?.documents ?? 0,
    chunkCount: counts?.chunks ?? 0,
    createdAt: c.createdAt.toISOString(),
  };
}

export class CreateEmbeddingModelDto {
  @ApiProperty({ maxLength: 100 }) @IsString() @Matches(/^[A-Za-z0-9][\w.-]{0,99}$/) name: string;
  @ApiProperty({ enum: EMBEDDING_KINDS }) @IsIn(EMBEDDING_KINDS) kind: EmbeddingKind;
  /** The provider's model name, e.g. text-embedding-3-small; for `transformers`, the local model folder. */
  @ApiProperty({ maxLength: 1024 }) @IsString() @MinLength(1) @MaxLength(1024) modelId: string;
  @ApiProperty({ minimum: 1, maximum: 16384 }) @IsInt() @Min(1) @Max(16384) dimensions: number;
  @ApiPropertyOptional({ maxLength: 2048 })
  @IsOptional()
  @IsUrl({ require_tld: false, protocols: ['http', 'https'] })
  @MaxLength(2048)
  baseUrl?: string;
  /** Stored encrypted, never returned. */
  @ApiPropertyOptional({ maxLength: 1024, writeOnly: true }) @IsOptional() @IsString() @MaxLength(1024) apiKey?: string;
  @ApiPropertyOptional({ minimum: 1, maximum: 2048, default: 64 }) @IsOptional() @IsInt() @Min(1) @Max(2048) batchSize?: number;
}

export class EmbeddingModelResponseDto {
  @ApiProperty() id: string;
  @ApiProperty() name: string;
  @ApiProperty({ enum: EMBEDDING_KINDS }) kind: string;
  @ApiProperty() modelId: string;
  @ApiProperty({ nullable: true, type: String }) baseUrl: string | null;
  @ApiProperty() hasApiKey: boolean;
  @ApiProperty() dimensions: number;
  @ApiProperty() batchSize: number;
}

export function toEmbeddingModelResponse(m: EmbeddingModelEntity): EmbeddingModelResponseDto {
  return {
    id: m.id,
    name: m.name,
    kind: m.kind,
    modelId: m.modelId,
    baseUrl: m.baseUrl,
    hasApiKey: Boolean(m.apiKeySealed),
    dimensions: m.dimensions,
    batchSize: m.batchSize,
  };
}
