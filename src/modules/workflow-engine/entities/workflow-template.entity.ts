import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** A parameterised workflow definition; instantiating it writes a workflow with `${param}` placeholders filled. */
@Entity('workflow_templates')
export class WorkflowTemplateEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'varchar', length: 200, unique: true })
  name: string;

  @Column({ type: 'text', nullable: true })
  description: string | null;

  /** JSON Schema of the parameters. */
  @Column({ type: 'text' })
  parameters: string;

  @Column({ type: 'text' })
  definition: string;

  @Column({ type: 'boolean', default: false })
  builtin: boolean;

  @CreateDateColumn({ name: 'created_at' })
  createdAt: Date;
}
