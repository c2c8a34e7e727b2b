import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

export const PROVIDER_KINDS = ['openai', 'openai-compatible', 'azure', 'anthropic', 'google', 'ollama'] as const;
export type ProviderKind = (typeof PROVIDER_KINDS)[number];

/** A model provider an agent can name; its API key is sealed with SECRETS_KEY and never returned. */
@Entity('model_providers')
export class ModelProviderEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'varchar', length: 100, unique: true })
  name: string;

  @Column({ type: 'varchar', length: 24 })
  kind: ProviderKind;

  @Column({ name: 'base_url', type: 'varchar', length: 2048, nullable: true })
  baseUrl: string | null;

  @Column({ name: 'api_key_sealed', type: 'text', nullable: true })
  apiKeySealed: string | null;

  /** USD per million tokens, for cost accounting (0 when unknown). */
  @Column({ name: 'input_cost_per_mtok', type: 'float', default: 0 })
  inputCostPerMTok: number;

  @Column({ name: 'output_cost_per_mtok', type: 'float', default: 0 })
  outputCostPerMTok: number;

  @CreateDateColumn({ name: 'created_at' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at' })
  updatedAt: Date;
}
