import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

export const SESSION_STATUSES = ['planning', 'running', 'succeeded', 'failed', 'canceled'] as const;
export type SessionStatus = (typeof SESSION_STATUSES)[number];

/**
 * One orchestration: a goal, its plan (a task graph run as a workflow), the ledgers (what is known, what is
 * guessed, what happened), and the run underneath. The run is durable; this row follows it.
 */
@Entity('orchestration_sessions')
@Index('idx_orchestration_sessions_status', ['status'])
export class OrchestrationSessionEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'text' })
  goal: string;

  /** JSON: context, constraints, budget, planner. */
  @Column({ type: 'text' })
  request: string;

  @Column({ type: 'varchar', length: 16 })
  status: SessionStatus;

  /** JSON: the tasks of the current plan. */
  @Column({ type: 'text', nullable: true })
  plan: string | null;

  /** JSON: { facts, guesses, progress: [{ at, event, detail }] }. */
  @Column({ type: 'text' })
  ledger: string;

  @Column({ name: 'workflow_id', type: 'varchar', length: 36, nullable: true })
  workflowId: string | null;

  @Column({ name: 'run_id', type: 'varchar', length: 36, nullable: true })
  runId: string | null;

  @Column({ type: 'integer', default: 0 })
  replans: number;

  @Column({ type: 'text', nullable: true })
  result: string | null;

  @Column({ type: 'text', nullable: true })
  error: string | null;

  /** Model tokens the orchestrator itself spent (planning, judging). */
  @Column({ name: 'tokens_used', type: 'integer', default: 0 })
  tokensUsed: number;

  @Column({ type: 'text', nullable: true })
  principal: string | null;

  @CreateDateColumn({ name: 'created_at' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at' })
  updatedAt: Date;
}
