import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsObject, IsOptional, IsString, IsUrl, Max, MaxLength, Min, MinLength, ValidateIf } from 'class-validator';
import { DOCUMENT_STATUSES, type DocumentChunkEntity, type DocumentEntity } from 'src/modules/rag/entities/document.entity';

export const toBool = ({ value }: { value: unknown }) =>
  value === undefined ? undefined : value === true || value === 'true' || value === '1';

/**
 * JSON form of POST /api/documents: a URL to fetch, or text given inline. Files are uploaded as
 * multipart/form-data instead (fields `collection`, optional `metadata` as a JSON string, and `file`).
 */
export class CreateDocumentDto {
  /** Collection id or name. */
  @ApiProperty({ maxLength: 100 }) @IsString() @MinLength(1) @MaxLength(100) collection: string;
  @ApiPropertyOptional({ maxLength: 2048 })
  @ValidateIf((o: CreateDocumentDto) => o.text === undefined)
  @IsUrl({ require_tld: false, protocols: ['http', 'https'], require_protocol: true })
  @MaxLength(2048)
  url?: string;
  /** Inline text (Markdown, HTML, CSV, JSON or plain), instead of url. */
  @ApiPropertyOptional({ maxLength: 10_000_000 }) @IsOptional() @IsString() @MaxLength(10_000_000) text?: string;
  @ApiPropertyOptional({ maxLength: 255 }) @IsOptional() @IsString() @MaxLength(255) filename?: string;
  /** Flat key/value metadata, usable as search filters. */
  @ApiPropertyOptional({ type: 'object', additionalProperties: { oneOf: [{ type: 'string' }, { type: 'number' }, { type: 'boolean' }] } })
  @IsOptional()
  @IsObject()
  metadata?: Record<string, string | number | boolean>;
}

/** Multipart upload fields besides the file. */
export class UploadFieldsDto {
  @IsString() @MinLength(1) @MaxLength(100) collection: string;
  @IsOptional() @IsString() @MaxLength(255) filename?: string;
  @IsOptional() @IsObject() metadata?: Record<string, string | number | boolean>;
}

export class CreateDocumentQueryDto {
  /** Answer once the document is indexed or failed (up to 120 s) instead of right after it is queued. */
  @ApiPropertyOptional({ default: false }) @IsOptional() @Transform(toBool) @IsBoolean() wait?: boolean;
}

export class ListDocumentsQueryDto {
  @ApiPropertyOptional({ maxLength: 100 }) @IsOptional() @IsString() @MaxLength(100) collection?: string;
  @ApiPropertyOptional({ enum: DOCUMENT_STATUSES }) @IsOptional() @IsIn(DOCUMENT_STATUSES) status?: (typeof DOCUMENT_STATUSES)[number];
  /** Part of the file name. */
  @ApiPropertyOptional({ maxLength: 200 }) @IsOptional() @IsString() @MaxLength(200) q?: string;
  @ApiPropertyOptional({ default: 50, maximum: 500 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(500) limit?: number;
  @ApiPropertyOptional({ default: 0 }) @IsOptional() @Type(() => Number) @IsInt() @Min(0) offset?: number;
}

export class ModelRefDto {
  /** A provider from GET /api/model-providers (or openai/anthropic/google from the environment). */
  @ApiProperty({ maxLength: 100 }) @IsString() @MinLength(1) @MaxLength(100) provider: string;
  @ApiProperty({ maxLength: 200 }) @IsString() @MinLength(1) @MaxLength(200) modelId: string;
}

export class InsightsQueryDto {
  /** Model for the summary, as provider:modelId (without it there is no summary). */
  @ApiPropertyOptional({ maxLength: 300, example: 'openai:gpt-4o-mini' }) @IsOptional() @IsString() @MaxLength(300) model?: string;
}

export class DocumentResponseDto {
  @ApiProperty() id: string;
  @ApiProperty() collectionId: string;
  @ApiProperty() filename: string;
  @ApiProperty({ nullable: true, type: String }) sourceUrl: string | null;
  @ApiProperty({ nullable: true, type: String }) mimeType: string | null;
  @ApiProperty({ nullable: true, type: String, enum: ['pdf', 'docx', 'html', 'markdown', 'text', 'csv', 'json'] }) format: string | null;
  @ApiProperty() sizeBytes: number;
  @ApiProperty() contentHash: string;
  @ApiProperty({ enum: DOCUMENT_STATUSES }) status: string;
  /** 0..1 within the current status. */
  @ApiProperty() progress: number;
  @ApiProperty({ nullable: true, type: String }) errorCode: string | null;
  @ApiProperty({ nullable: true, type: String }) errorMessage: string | null;
  @ApiProperty({ nullable: true, type: String }) title: string | null;
  @ApiProperty({ nullable: true, type: Number }) pages: number | null;
  @ApiProperty() chunkCount: number;
  @ApiProperty() tokenCount: number;
  @ApiProperty({ nullable: true, type: String }) language: string | null;
  @ApiProperty({ type: 'object', additionalProperties: true }) metadata: Record<string, unknown>;
  /** True when the same bytes were already in the collection: this is that document. */
  @ApiPropertyOptional() duplicate?: boolean;
  @ApiProperty({ nullable: true, type: String }) indexedAt: string | null;
  @ApiProperty() createdAt: string;
  @ApiProperty() updatedAt: string;
}

export class DocumentPageDto {
  @ApiProperty({ type: [DocumentResponseDto] }) items: DocumentResponseDto[];
  @ApiProperty() total: number;
}

export function toDocumentResponse(d: DocumentEntity, duplicate?: boolean): DocumentResponseDto {
  return {
    id: d.id,
    collectionId: d.collectionId,
    filename: d.filename,
    sourceUrl: d.sourceUrl,
    mimeType: d.mimeType,
    format: d.format,
    sizeBytes: d.sizeBytes,
    contentHash: d.contentHash,
    status: d.status,
    progress: d.progress,
    errorCode: d.errorCode,
    errorMessage: d.errorMessage,
    title: d.title,
    pages: d.pages,
    chunkCount: d.chunkCount,
    tokenCount: d.tokenCount,
    language: d.language,
    metadata: d.metadata ?? {},
    ...(duplicate !== undefined ? { duplicate } : {}),
    indexedAt: d.indexedAt ? new Date(d.indexedAt).toISOString() : null,
    createdAt: d.createdAt.toISOString(),
    updatedAt: d.updatedAt.toISOString(),
  };
}

/** GET /api/documents/:id/chunks: a chunk with where it sits in the document. */
export function toDocumentChunkResponse({ id, chunkIndex, text, tokenCount, page, pageEnd, heading }: DocumentChunkEntity) {
  return { chunkId: id, chunkIndex, text, tokenCount, page, pageEnd, heading };
}
