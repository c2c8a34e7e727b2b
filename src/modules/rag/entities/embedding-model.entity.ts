import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

export const EMBEDDING_KINDS = ['local', 'openai', 'openai-compatible', 'ollama', 'google', 'transformers'] as const;
export type EmbeddingKind = (typeof EMBEDDING_KINDS)[number];

/** An embedding model a collection is bound to. `local` is the offline default shipped inside npm; keys are sealed. */
@Entity('embedding_models')
export class EmbeddingModelEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'varchar', length: 100, unique: true })
  name: string;

  @Column({ type: 'varchar', length: 24 })
  kind: EmbeddingKind;

  /** The provider's model name (e.g. text-embedding-3-small), or the folder of a transformers.js model. */
  @Column({ name: 'model_id', type: 'varchar', length: 1024 })
  modelId: string;

  @Column({ name: 'base_url', type: 'varchar', length: 2048, nullable: true })
  baseUrl: string | null;

  @Column({ name: 'api_key_sealed', type: 'text', nullable: true })
  apiKeySealed: string | null;

  @Column({ type: 'integer' })
  dimensions: number;

  @Column({ name: 'batch_size', type: 'integer', default: 64 })
  batchSize: number;

  @CreateDateColumn({ name: 'created_at' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at' })
  updatedAt: Date;
}
