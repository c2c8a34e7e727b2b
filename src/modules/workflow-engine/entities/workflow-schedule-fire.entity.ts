import { Column, Entity, PrimaryColumn } from 'typeorm';
import { EPOCH_MS } from '@libs/database';

/** One tick of a schedule. The primary key makes a tick fire once however many replicas see it. */
@Entity('workflow_schedule_fires')
export class WorkflowScheduleFireEntity {
  @PrimaryColumn({ name: 'schedule_id', type: 'varchar', length: 36 })
  scheduleId: string;

  @PrimaryColumn({ name: 'tick_at', type: 'bigint', transformer: EPOCH_MS })
  tickAt: number;

  /** started | skipped (overlap or catch-up policy) | queued (waits for the previous run) */
  @Column({ type: 'varchar', length: 8 })
  outcome: string;

  @Column({ name: 'run_id', type: 'varchar', length: 36, nullable: true })
  runId: string | null;

  @Column({ type: 'varchar', length: 200, nullable: true })
  reason: string | null;

  @Column({ name: 'created_at', type: 'bigint', transformer: EPOCH_MS })
  createdAt: number;
}
