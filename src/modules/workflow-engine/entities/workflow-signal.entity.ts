import { Column, Entity, PrimaryColumn } from 'typeorm';
import { EPOCH_MS } from '@libs/database';

/** A person's decision on a waiting approval step; one per step (a second answer is refused). */
@Entity('workflow_signals')
export class WorkflowSignalEntity {
  @PrimaryColumn({ name: 'run_id', type: 'varchar', length: 36 })
  runId: string;

  @PrimaryColumn({ name: 'step_path', type: 'varchar', length: 200 })
  stepPath: string;

  @Column({ type: 'boolean' })
  approved: boolean;

  @Column({ type: 'text', nullable: true })
  comment: string | null;

  @Column({ name: 'decided_by', type: 'varchar', length: 254 })
  decidedBy: string;

  @Column({ name: 'created_at', type: 'bigint', transformer: EPOCH_MS })
  createdAt: number;
}
