import { Column, CreateDateColumn, Entity, Index, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/** An A2A task with its history and artifacts (A2A 1.0 JSON form), scoped to the agent and the caller who owns it. */
@Entity('a2a_tasks')
@Index('idx_a2a_tasks_agent_context', ['agentId', 'contextId'])
@Index('idx_a2a_tasks_agent_owner_status_ts', ['agentId', 'owner', 'statusTimestamp'])
export class A2aTaskEntity {
  @PrimaryColumn({ type: 'varchar', length: 100 })
  id: string;

  @Column({ name: 'agent_id', type: 'varchar', length: 36 })
  agentId: string;

  @Column({ name: 'context_id', type: 'varchar', length: 100 })
  contextId: string;

  @Column({ type: 'varchar', length: 100 })
  owner: string;

  /** A2A 1.0 TaskState enum value (1 submitted ... 8 auth-required). */
  @Column({ type: 'integer' })
  state: number;

  /** status.timestamp (ISO 8601): the order tasks are listed in. */
  @Column({ name: 'status_timestamp', type: 'varchar', length: 40 })
  statusTimestamp: string;

  @Column({ type: 'simple-json' })
  task: Record<string, unknown>;

  @CreateDateColumn({ name: 'created_at' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at' })
  updatedAt: Date;
}

/** A push-notification config a client registered for a task (A2A JSON form, with the wire version it was made with). */
@Entity('a2a_push_configs')
@Index('idx_a2a_push_configs_task', ['taskId'])
export class A2aPushConfigEntity {
  @PrimaryColumn({ name: 'task_id', type: 'varchar', length: 100 })
  taskId: string;

  @PrimaryColumn({ name: 'config_id', type: 'varchar', length: 100 })
  configId: string;

  @Column({ type: 'varchar', length: 100 })
  owner: string;

  @Column({ type: 'simple-json' })
  config: Record<string, unknown>;

  @Column({ name: 'wire_version', type: 'varchar', length: 8 })
  wireVersion: string;

  @CreateDateColumn({ name: 'created_at' })
  createdAt: Date;
}
