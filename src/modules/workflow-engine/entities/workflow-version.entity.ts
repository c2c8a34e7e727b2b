import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/** One immutable version of a workflow's definition; runs are pinned to the version they started on. */
@Entity('workflow_versions')
export class WorkflowVersionEntity {
  @PrimaryColumn({ name: 'workflow_id', type: 'varchar', length: 36 })
  workflowId: string;

  @PrimaryColumn({ type: 'integer' })
  version: number;

  /** The validated definition (JSON), defaults filled in. */
  @Column({ type: 'text' })
  definition: string;

  @Column({ name: 'created_by', type: 'varchar', length: 36, nullable: true })
  createdBy: string | null;

  @CreateDateColumn({ name: 'created_at' })
  createdAt: Date;
}
