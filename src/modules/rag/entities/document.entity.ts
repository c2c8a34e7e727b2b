import { Column, CreateDateColumn, Entity, Index, PrimaryColumn, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { EPOCH_MS } from '@libs/database';

export const DOCUMENT_STATUSES = ['queued', 'parsing', 'embedding', 'indexed', 'failed'] as const;
export type DocumentStatus = (typeof DOCUMENT_STATUSES)[number];

/** One ingested document. Only `indexed` documents are searchable; failures keep their code and reason. */
@Entity('documents')
@Index('idx_documents_collection_hash', ['collectionId', 'contentHash'], { unique: true })
@Index('idx_documents_status', ['status'])
export class DocumentEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'collection_id', type: 'varchar', length: 36 })
  collectionId: string;

  /** The client's file name with any path removed. */
  @Column({ type: 'varchar', length: 255 })
  filename: string;

  @Column({ name: 'source_url', type: 'varchar', length: 2048, nullable: true })
  sourceUrl: string | null;

  @Column({ name: 'mime_type', type: 'varchar', length: 120, nullable: true })
  mimeType: string | null;

  @Column({ type: 'varchar', length: 16, nullable: true })
  format: string | null;

  @Column({ name: 'size_bytes', type: 'integer' })
  sizeBytes: number;

  /** sha256 of the bytes: the same file twice in one collection is one document. */
  @Column({ name: 'content_hash', type: 'varchar', length: 64 })
  contentHash: string;

  @Column({ type: 'varchar', length: 16 })
  status: DocumentStatus;

  /** 0..1 within the current status. */
  @Column({ type: 'float', default: 0 })
  progress: number;

  @Column({ name: 'error_code', type: 'varchar', length: 40, nullable: true })
  errorCode: string | null;

  @Column({ name: 'error_message', type: 'text', nullable: true })
  errorMessage: string | null;

  @Column({ type: 'varchar', length: 500, nullable: true })
  title: string | null;

  @Column({ type: 'integer', nullable: true })
  pages: number | null;

  @Column({ name: 'chunk_count', type: 'integer', default: 0 })
  chunkCount: number;

  @Column({ name: 'token_count', type: 'integer', default: 0 })
  tokenCount: number;

  @Column({ type: 'varchar', length: 12, nullable: true })
  language: string | null;

  /** Free-form metadata from the uploader; searchable as filters. */
  @Column({ type: 'simple-json' })
  metadata: Record<string, string | number | boolean>;

  @Column({ type: 'integer', default: 0 })
  attempts: number;

  /** Epoch ms of the last successful indexing. */
  @Column({ name: 'indexed_at', type: 'bigint', nullable: true, transformer: EPOCH_MS })
  indexedAt: number | null;

  @CreateDateColumn({ name: 'created_at' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at' })
  updatedAt: Date;
}

/** The uploaded bytes (base64), kept so a document can be re-indexed and an interrupted ingestion resumed. */
@Entity('document_sources')
export class DocumentSourceEntity {
  @PrimaryColumn({ name: 'document_id', type: 'varchar', length: 36 })
  documentId: string;

  @Column({ name: 'content_base64', type: 'text' })
  contentBase64: string;
}

/** One chunk of an indexed document: the text is here, its vector in Chroma under the same id. */
@Entity('document_chunks')
@Index('idx_document_chunks_document', ['documentId', 'chunkIndex'], { unique: true })
@Index('idx_document_chunks_collection', ['collectionId'])
export class DocumentChunkEntity {
  /** `<documentId>:<index>`: stable, so re-running an ingestion overwrites instead of duplicating. */
  @PrimaryColumn({ type: 'varchar', length: 48 })
  id: string;

  @Column({ name: 'document_id', type: 'varchar', length: 36 })
  documentId: string;

  @Column({ name: 'collection_id', type: 'varchar', length: 36 })
  collectionId: string;

  @Column({ name: 'chunk_index', type: 'integer' })
  chunkIndex: number;

  @Column({ type: 'text' })
  text: string;

  @Column({ name: 'token_count', type: 'integer' })
  tokenCount: number;

  @Column({ type: 'integer', nullable: true })
  page: number | null;

  @Column({ name: 'page_end', type: 'integer', nullable: true })
  pageEnd: number | null;

  @Column({ type: 'varchar', length: 1000, nullable: true })
  heading: string | null;

  @Column({ name: 'content_hash', type: 'varchar', length: 64 })
  contentHash: string;
}
