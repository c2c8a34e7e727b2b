import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

export const SAMPLING_OUTCOMES = ['completed', 'refused', 'failed'] as const;
export type SamplingOutcome = (typeof SAMPLING_OUTCOMES)[number];

/** One sampling/createMessage request an MCP server sent the platform: what was asked, what it cost, how it ended. */
@Entity('mcp_sampling_requests')
@Index(['serverId', 'createdAt'])
export class McpSamplingRequestEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'server_id', type: 'varchar', length: 36 })
  serverId: string;

  /** The user whose tool call the request arrived during, when it can be told. */
  @Column({ name: 'principal_id', type: 'varchar', length: 100, nullable: true })
  principalId: string | null;

  @Column({ type: 'varchar', length: 16 })
  outcome: SamplingOutcome;

  /** Why it was refused or failed. */
  @Column({ type: 'text', nullable: true })
  reason: string | null;

  /** `<provider>/<modelId>` that answered (or would have). */
  @Column({ type: 'varchar', length: 300, nullable: true })
  model: string | null;

  @Column({ name: 'message_count', type: 'integer' })
  messageCount: number;

  @Column({ name: 'max_tokens_requested', type: 'integer' })
  maxTokensRequested: number;

  @Column({ name: 'input_tokens', type: 'integer', default: 0 })
  inputTokens: number;

  @Column({ name: 'output_tokens', type: 'integer', default: 0 })
  outputTokens: number;

  @Column({ name: 'duration_ms', type: 'integer', default: 0 })
  durationMs: number;

  @CreateDateColumn({ name: 'created_at' })
  createdAt: Date;
}
