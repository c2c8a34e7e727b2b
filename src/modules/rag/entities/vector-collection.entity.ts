import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

/** A knowledge collection: its chunks' vectors live in one Chroma collection, its keyword index in the primary database. */
@Entity('vector_collections')
export class VectorCollectionEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'varchar', length: 100, unique: true })
  name: string;

  @Column({ type: 'text', default: '' })
  description: string;

  @Column({ name: 'embedding_model_id', type: 'varchar', length: 36 })
  embeddingModelId: string;

  /** Name of the Chroma collection holding the vectors (changes when the collection is re-embedded). */
  @Column({ name: 'chroma_name', type: 'varchar', length: 120 })
  chromaName: string;

  @Column({ name: 'chunk_tokens', type: 'integer', default: 256 })
  chunkTokens: number;

  @Column({ name: 'chunk_overlap_tokens', type: 'integer', default: 32 })
  chunkOverlapTokens: number;

  /** ready, or reembedding while a background job moves it to another model. */
  @Column({ type: 'varchar', length: 16, default: 'ready' })
  status: 'ready' | 'reembedding';

  @Column({ name: 'pending_model_id', type: 'varchar', length: 36, nullable: true })
  pendingModelId: string | null;

  /** While re-embedding: the Chroma collection being filled. New documents are written there too. */
  @Column({ name: 'pending_chroma_name', type: 'varchar', length: 120, nullable: true })
  pendingChromaName: string | null;

  @Column({ name: 'last_error', type: 'text', nullable: true })
  lastError: string | null;

  @CreateDateColumn({ name: 'created_at' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at' })
  updatedAt: Date;
}
