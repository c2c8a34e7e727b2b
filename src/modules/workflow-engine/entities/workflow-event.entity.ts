import { Column, Entity, PrimaryColumn } from 'typeorm';
import { EPOCH_MS } from '@libs/database';

/**
 * The journal: every step attempt and run transition, appended in order (seq per run), never rewritten.
 * A run's state is a fold over its events; clients stream them and resume after the last seq they saw.
 */
@Entity('workflow_events')
export class WorkflowEventEntity {
  @PrimaryColumn({ name: 'run_id', type: 'varchar', length: 36 })
  runId: string;

  @PrimaryColumn({ type: 'integer' })
  seq: number;

  /** run.started, step.started, step.succeeded, step.failed, step.retrying, step.skipped, step.waiting, ... */
  @Column({ type: 'varchar', length: 32 })
  type: string;

  /** The step (`summarise`), map item (`fanout[3]`) or loop iteration (`refine#2`) the event is about. */
  @Column({ name: 'step_path', type: 'varchar', length: 200, nullable: true })
  stepPath: string | null;

  @Column({ type: 'integer', nullable: true })
  attempt: number | null;

  @Column({ type: 'text', nullable: true })
  data: string | null;

  @Column({ name: 'created_at', type: 'bigint', transformer: EPOCH_MS })
  createdAt: number;
}
