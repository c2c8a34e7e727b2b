import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { EPOCH_MS } from '@libs/database';

export const RUN_STATUSES = ['queued', 'running', 'waiting', 'succeeded', 'failed', 'canceled'] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];

/**
 * One execution of a workflow version. Its steps' history is the append-only journal (workflow_events); this row
 * holds the status, the result and the lease: the worker driving the run holds `lease_token`, and every journal
 * write checks it (fencing), so a worker that lost its lease can no longer record anything.
 */
@Entity('workflow_runs')
@Index('idx_workflow_runs_workflow', ['workflowId', 'createdAt'])
@Index('idx_workflow_runs_status_lease', ['status', 'leaseExpiresAt'])
export class WorkflowRunEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Column({ name: 'workflow_id', type: 'varchar', length: 36 })
  workflowId: string;

  @Column({ type: 'integer' })
  version: number;

  @Column({ type: 'varchar', length: 16 })
  status: RunStatus;

  @Column({ type: 'text' })
  input: string;

  @Column({ type: 'text', nullable: true })
  output: string | null;

  /** JSON { code, message, step? } when the run failed. */
  @Column({ type: 'text', nullable: true })
  error: string | null;

  /** api, schedule, retry, rerun, subworkflow, a2a */
  @Column({ type: 'varchar', length: 16 })
  trigger: string;

  @Column({ name: 'parent_run_id', type: 'varchar', length: 36, nullable: true })
  parentRunId: string | null;

  @Column({ name: 'schedule_id', type: 'varchar', length: 36, nullable: true })
  scheduleId: string | null;

  /** The principal the run acts as (JSON), so steps carry the starter's permissions across the bus. */
  @Column({ type: 'text', nullable: true })
  principal: string | null;

  @Column({ name: 'lease_owner', type: 'varchar', length: 100, nullable: true })
  leaseOwner: string | null;

  @Column({ name: 'lease_token', type: 'integer', default: 0 })
  leaseToken: number;

  @Column({ name: 'lease_expires_at', type: 'bigint', default: 0, transformer: EPOCH_MS })
  leaseExpiresAt: number;

  /** Sequence number of the last journal event. */
  @Column({ name: 'last_seq', type: 'integer', default: 0 })
  lastSeq: number;

  @Column({ name: 'cancel_requested', type: 'boolean', default: false })
  cancelRequested: boolean;

  @Column({ name: 'deadline_at', type: 'bigint', nullable: true, transformer: EPOCH_MS })
  deadlineAt: number | null;

  @Column({ name: 'created_at', type: 'bigint', transformer: EPOCH_MS })
  createdAt: number;

  @Column({ name: 'started_at', type: 'bigint', nullable: true, transformer: EPOCH_MS })
  startedAt: number | null;

  @Column({ name: 'finished_at', type: 'bigint', nullable: true, transformer: EPOCH_MS })
  finishedAt: number | null;
}
