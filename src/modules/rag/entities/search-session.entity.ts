import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** One search or question, kept as history: what was asked, how, what came back and how long it took. */
@Entity('search_sessions')
@Index('idx_search_sessions_created', ['createdAt'])
export class SearchSessionEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'collection_id', type: 'varchar', length: 36 })
  collectionId: string;

  @Column({ type: 'text' })
  query: string;

  /** semantic, keyword, hybrid or qa. */
  @Column({ type: 'varchar', length: 16 })
  mode: string;

  @Column({ name: 'result_count', type: 'integer' })
  resultCount: number;

  /** Chunk ids returned, best first. */
  @Column({ name: 'result_ids', type: 'simple-json' })
  resultIds: string[];

  @Column({ type: 'text', nullable: true })
  answer: string | null;

  @Column({ name: 'latency_ms', type: 'float' })
  latencyMs: number;

  @Column({ name: 'principal_id', type: 'varchar', length: 100, nullable: true })
  principalId: string | null;

  @CreateDateColumn({ name: 'created_at' })
  createdAt: Date;
}

/** Vectors by (model, text hash), so re-indexing or re-uploading the same text never pays for embedding twice. */
@Entity('embedding_cache')
export class EmbeddingCacheEntity {
  @Column({ name: 'model_id', type: 'varchar', length: 36, primary: true })
  modelId: string;

  @Column({ name: 'content_hash', type: 'varchar', length: 64, primary: true })
  contentHash: string;

  /** Float32 little-endian, base64. */
  @Column({ type: 'text' })
  vector: string;

  @CreateDateColumn({ name: 'created_at' })
  createdAt: Date;
}
