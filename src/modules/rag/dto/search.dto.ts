import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsInt,
  IsNumber,
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
import { ModelRefDto } from './document.dto';
import type { SearchSessionEntity } from 'src/modules/rag/entities/search-session.entity';

export class SearchFilterDto {
  @ApiPropertyOptional({ type: [String] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(500)
  @IsUUID('all', { each: true })
  documentIds?: string[];
  @ApiPropertyOptional({ type: [String], enum: ['pdf', 'docx', 'html', 'markdown', 'text', 'csv', 'json'] })
  @IsOptional()
  @IsArray()
  @IsIn(['pdf', 'docx', 'html', 'markdown', 'text', 'csv', 'json'], { each: true })
  formats?: string[];
  @ApiPropertyOptional() @IsOptional() @IsInt() @Min(1) pageFrom?: number;
  @ApiPropertyOptional() @IsOptional() @IsInt() @Min(1) pageTo?: number;
  /** Equality on upload metadata. */
  @ApiPropertyOptional({ type: 'object', additionalProperties: { oneOf: [{ type: 'string' }, { type: 'number' }, { type: 'boolean' }] } })
  @IsOptional()
  @IsObject()
  metadata?: Record<string, string | number | boolean>;
}

export class SemanticSearchDto {
  /** Collection id or name. */
  @ApiProperty({ maxLength: 100 }) @IsString() @MinLength(1) @MaxLength(100) collection: string;
  @ApiProperty({ maxLength: 10_000 }) @IsString() @MinLength(1) @MaxLength(10_000) query: string;
  @ApiPropertyOptional({ default: 10, maximum: 100 }) @IsOptional() @IsInt() @Min(1) @Max(100) k?: number;
  @ApiPropertyOptional({ type: SearchFilterDto }) @IsOptional() @ValidateNested() @Type(() => SearchFilterDto) filter?: SearchFilterDto;
  /** Drop hits whose cosine similarity is below this. */
  @ApiPropertyOptional({ minimum: -1, maximum: 1 }) @IsOptional() @IsNumber() @Min(-1) @Max(1) minScore?: number;
}

/** Hybrid search's second pass (pseudo-relevance feedback); what is not given keeps its default. */
export class SearchFeedbackDto {
  /** Best first-pass passages used as feedback; 0 (the default) leaves the second pass off. */
  @ApiPropertyOptional({ default: 0, minimum: 0, maximum: 20 }) @IsOptional() @IsInt() @Min(0) @Max(20) passages?: number;
  /** How far the query vector moves toward the feedback passages' mean vector (Rocchio); 0 leaves it. */
  @ApiPropertyOptional({ default: 1, minimum: 0, maximum: 10 }) @IsOptional() @IsNumber() @Min(0) @Max(10) vectorWeight?: number;
  /** Words taken from the feedback passages for a second keyword search; 0 skips it. */
  @ApiPropertyOptional({ default: 10, minimum: 0, maximum: 50 }) @IsOptional() @IsInt() @Min(0) @Max(50) terms?: number;
  /** Weight of that second keyword search's normalised scores beside the first's. */
  @ApiPropertyOptional({ default: 0.5, minimum: 0, maximum: 10 }) @IsOptional() @IsNumber() @Min(0) @Max(10) termWeight?: number;
  /** Neighbours in the collection's entity graph (POST /api/collections/:id/graph) added per query entity; 0: none. */
  @ApiPropertyOptional({ default: 0, minimum: 0, maximum: 10 }) @IsOptional() @IsInt() @Min(0) @Max(10) graphTerms?: number;
}

export class HybridSearchDto {
  @ApiProperty({ maxLength: 100 }) @IsString() @MinLength(1) @MaxLength(100) collection: string;
  @ApiProperty({ maxLength: 10_000 }) @IsString() @MinLength(1) @MaxLength(10_000) query: string;
  @ApiPropertyOptional({ default: 10, maximum: 100 }) @IsOptional() @IsInt() @Min(1) @Max(100) k?: number;
  @ApiPropertyOptional({ type: SearchFilterDto }) @IsOptional() @ValidateNested() @Type(() => SearchFilterDto) filter?: SearchFilterDto;
  /**
   * Fixed weight of the vector side: the fused score is share × semantic + (1 − share) × keyword on scores normalised
   * to [0, 1], share = semanticWeight / (semanticWeight + keywordWeight). Without either weight the share adapts to
   * each query. A side of weight 0 is not searched.
   */
  @ApiPropertyOptional({ default: 1, minimum: 0, maximum: 10 }) @IsOptional() @IsNumber() @Min(0) @Max(10) semanticWeight?: number;
  /** Fixed weight of the keyword side (see semanticWeight). */
  @ApiPropertyOptional({ default: 1, minimum: 0, maximum: 10 }) @IsOptional() @IsNumber() @Min(0) @Max(10) keywordWeight?: number;
  /** Candidates taken from each side before fusing (default max(100, 2k)). */
  @ApiPropertyOptional({ maximum: 1000 }) @IsOptional() @IsInt() @Min(1) @Max(1000) candidates?: number;
  /** keyword: rank by keyword only (the keyword half of hybrid, for comparison). */
  @ApiPropertyOptional({ enum: ['hybrid', 'keyword'], default: 'hybrid' }) @IsOptional() @IsIn(['hybrid', 'keyword']) mode?:
    'hybrid' | 'keyword';
  /** Pseudo-relevance feedback: a second pass with the query moved toward the first pass's best passages. */
  @ApiPropertyOptional({ type: SearchFeedbackDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => SearchFeedbackDto)
  feedback?: SearchFeedbackDto;
}

export class SearchHitDto {
  @ApiProperty() chunkId: string;
  @ApiProperty() documentId: string;
  @ApiProperty() filename: string;
  @ApiProperty({ nullable: true, type: String }) title: string | null;
  @ApiProperty() chunkIndex: number;
  /** The matched text. */
  @ApiProperty() text: string;
  /** Mode-specific: cosine similarity (semantic), BM25/ts_rank (keyword), fused score in [0, 1] (hybrid). */
  @ApiProperty() score: number;
  @ApiProperty({ nullable: true, type: Number }) page: number | null;
  @ApiProperty({ nullable: true, type: Number }) pageEnd: number | null;
  @ApiProperty({ nullable: true, type: String }) heading: string | null;
  @ApiPropertyOptional() semanticScore?: number;
  @ApiPropertyOptional() keywordScore?: number;
}

export class SearchResultDto {
  @ApiProperty() collectionId: string;
  @ApiProperty({ enum: ['semantic', 'keyword', 'hybrid'] }) mode: string;
  @ApiProperty({ type: [SearchHitDto] }) results: SearchHitDto[];
  @ApiProperty() latencyMs: number;
}

export class QueryDto {
  @ApiProperty({ maxLength: 100 }) @IsString() @MinLength(1) @MaxLength(100) collection: string;
  @ApiProperty({ maxLength: 10_000 }) @IsString() @MinLength(1) @MaxLength(10_000) question: string;
  /** Passages retrieved for the answer. */
  @ApiPropertyOptional({ default: 5, maximum: 20 }) @IsOptional() @IsInt() @Min(1) @Max(20) k?: number;
  @ApiPropertyOptional({ type: SearchFilterDto }) @IsOptional() @ValidateNested() @Type(() => SearchFilterDto) filter?: SearchFilterDto;
  /** Without a model the answer is extractive (the best passages' best sentences), and says so. */
  @ApiPropertyOptional({ type: ModelRefDto }) @IsOptional() @ValidateNested() @Type(() => ModelRefDto) model?: ModelRefDto;
}

export class CitationDto {
  @ApiProperty() n: number;
  @ApiProperty() chunkId: string;
  @ApiProperty() documentId: string;
  @ApiProperty() filename: string;
  @ApiProperty({ nullable: true, type: Number }) page: number | null;
  @ApiProperty({ nullable: true, type: String }) heading: string | null;
  @ApiProperty() text: string;
  @ApiProperty() score: number;
}

export class AnswerDto {
  @ApiProperty() answer: string;
  @ApiProperty({ enum: ['generative', 'extractive'] }) mode: string;
  @ApiProperty({ type: [CitationDto] }) citations: CitationDto[];
  @ApiPropertyOptional() note?: string;
  @ApiPropertyOptional({ type: 'object', properties: { inputTokens: { type: 'number' }, outputTokens: { type: 'number' } } })
  usage?: { inputTokens: number; outputTokens: number };
  @ApiProperty() latencyMs: number;
}

export class OptimizeIndexDto {
  /** Collection id or name; default: every collection. */
  @ApiPropertyOptional({ maxLength: 100 }) @IsOptional() @IsString() @MaxLength(100) collection?: string;
  /** Move the collection to this embedding model (id or name) in the background. */
  @ApiPropertyOptional({ maxLength: 100 }) @IsOptional() @IsString() @MaxLength(100) reembedWith?: string;
}

export class SearchHistoryQueryDto {
  @ApiPropertyOptional({ maxLength: 100 }) @IsOptional() @IsString() @MaxLength(100) collection?: string;
  @ApiPropertyOptional({ default: 50, maximum: 500 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(500) limit?: number;
}

/** GET /api/search/history: a past search or question as stored, its time as ISO 8601. */
export function toSearchSessionResponse(session: SearchSessionEntity) {
  return { ...session, createdAt: session.createdAt.toISOString() };
}
