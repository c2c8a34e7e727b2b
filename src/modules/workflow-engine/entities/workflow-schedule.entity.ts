import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { EPOCH_MS } from '@libs/database';

/** A cron schedule that starts runs of one workflow. */
@Entity('workflow_schedules')
export class WorkflowScheduleEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'workflow_id', type: 'varchar', length: 36 })
  workflowId: string;

  @Column({ type: 'varchar', length: 200 })
  name: string;

  @Column({ type: 'varchar', length: 120 })
  cron: string;

  @Column({ type: 'varchar', length: 64 })
  timezone: string;

  @Column({ type: 'text' })
  input: string;

  /** skip | queue | allow: what a tick does while the previous run is still going. */
  @Column({ type: 'varchar', length: 8 })
  overlap: string;

  /** skip | once | all: what happens to ticks missed while the platform was down. */
  @Column({ type: 'varchar', length: 8 })
  catchup: string;

  @Column({ name: 'catchup_window_ms', type: 'bigint', transformer: EPOCH_MS })
  catchupWindowMs: number;

  @Column({ type: 'boolean', default: false })
  paused: boolean;

  /** The last tick considered (fired, skipped or caught up): ticks after it are due. */
  @Column({ name: 'last_tick_at', type: 'bigint', transformer: EPOCH_MS })
  lastTickAt: number;

  @Column({ name: 'created_by', type: 'varchar', length: 36, nullable: true })
  createdBy: string | null;

  @Column({ type: 'text', nullable: true })
  principal: string | null;

  @CreateDateColumn({ name: 'created_at' })
  createdAt: Date;
}
