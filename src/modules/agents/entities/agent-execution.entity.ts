import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

export interface ExecutionStep {
  kind: 'model' | 'tool' | 'remote' | 'delegate';
  name?: string;
  input?: unknown;
  output?: unknown;
  error?: string;
  inputTokens?: number;
  outputTokens?: number;
  latencyMs: number;
}

/** One agent run: every model and tool step, tokens, latency and cost. */
@Entity('agent_executions')
@Index('idx_agent_executions_agent_created', ['agentId', 'createdAt'])
export class AgentExecutionEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'agent_id', type: 'varchar', length: 36 })
  agentId: string;

  @Column({ name: 'task_id', type: 'varchar', length: 100, nullable: true })
  taskId: string | null;

  @Column({ name: 'context_id', type: 'varchar', length: 100, nullable: true })
  contextId: string | null;

  /** running, completed, failed, canceled, input-required */
  @Column({ type: 'varchar', length: 20 })
  status: string;

  @Column({ type: 'simple-json' })
  steps: ExecutionStep[];

  @Column({ name: 'input_tokens', type: 'integer', default: 0 })
  inputTokens: number;

  @Column({ name: 'output_tokens', type: 'integer', default: 0 })
  outputTokens: number;

  @Column({ name: 'cost_usd', type: 'float', default: 0 })
  costUsd: number;

  @Column({ name: 'latency_ms', type: 'integer', default: 0 })
  latencyMs: number;

  @Column({ type: 'text', nullable: true })
  error: string | null;

  @CreateDateColumn({ name: 'created_at' })
  createdAt: Date;
}
