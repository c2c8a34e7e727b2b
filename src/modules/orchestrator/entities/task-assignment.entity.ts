import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

/** Which agent does a session's task, why it was chosen (the router's score breakdown), and how it went. */
@Entity('orchestration_assignments')
@Index('idx_orchestration_assignments_session', ['sessionId'])
@Index('idx_orchestration_assignments_agent_state', ['agentId', 'state'])
export class TaskAssignmentEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'session_id', type: 'varchar', length: 36 })
  sessionId: string;

  @Column({ name: 'task_id', type: 'varchar', length: 64 })
  taskId: string;

  /** The task's title: the role the agent plays in the session. */
  @Column({ type: 'varchar', length: 200 })
  role: string;

  @Column({ name: 'agent_id', type: 'varchar', length: 36 })
  agentId: string;

  @Column({ name: 'agent_name', type: 'varchar', length: 200 })
  agentName: string;

  /** assigned, running, succeeded, failed, canceled, replaced */
  @Column({ type: 'varchar', length: 16 })
  state: string;

  /** JSON: the router's score breakdown, with the alternatives it weighed. */
  @Column({ type: 'text' })
  score: string;

  @Column({ type: 'text' })
  reason: string;

  @Column({ name: 'latency_ms', type: 'integer', nullable: true })
  latencyMs: number | null;

  @Column({ type: 'text', nullable: true })
  error: string | null;

  @CreateDateColumn({ name: 'created_at' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at' })
  updatedAt: Date;
}
