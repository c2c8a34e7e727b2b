import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { EPOCH_MS } from '@libs/database';

/**
 * Runs to hand to the queue, written in the same transaction as the state that needs them (transactional outbox).
 * The relay queues due rows and notes when; only a worker that claims the run deletes them, so a job lost with a
 * crashed process is queued again after a lease period.
 */
@Entity('workflow_outbox')
@Index('idx_workflow_outbox_available', ['availableAt'])
export class WorkflowOutboxEntity {
  @PrimaryGeneratedColumn('increment')
  id: number;

  @Column({ name: 'run_id', type: 'varchar', length: 36 })
  runId: string;

  @Column({ name: 'available_at', type: 'bigint', transformer: EPOCH_MS })
  availableAt: number;

  @Column({ name: 'relayed_at', type: 'bigint', nullable: true, transformer: EPOCH_MS })
  relayedAt: number | null;
}
