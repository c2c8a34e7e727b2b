import { Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';

/** The bus's message log: one row per request (with its outcome) and per published event. */
@Entity('a2a_messages')
@Index('idx_a2a_messages_trace', ['traceId'])
@Index('idx_a2a_messages_created', ['createdAt'])
export class A2aMessageEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Column({ type: 'varchar', length: 16 })
  kind: string;

  @Column({ type: 'varchar', length: 200 })
  method: string;

  @Column({ type: 'varchar', length: 200 })
  source: string;

  @Column({ type: 'varchar', length: 200 })
  target: string;

  @Column({ name: 'trace_id', type: 'varchar', length: 32, nullable: true })
  traceId: string | null;

  @Column({ type: 'varchar', length: 16 })
  status: string;

  @Column({ name: 'error_code', type: 'varchar', length: 64, nullable: true })
  errorCode: string | null;

  @Column({ name: 'duration_ms', type: 'float' })
  durationMs: number;

  @Column({ name: 'handled_by', type: 'varchar', length: 200, nullable: true })
  handledBy: string | null;

  @CreateDateColumn({ name: 'created_at' })
  createdAt: Date;
}
