import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** One broadcast: the message, who was asked, every answer (ballot) and how the conflict was resolved. */
@Entity('orchestration_broadcasts')
export class BroadcastEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'text' })
  message: string;

  /** JSON: the agent ids asked. */
  @Column({ type: 'text' })
  targets: string;

  @Column({ type: 'integer' })
  quorum: number;

  /** quorum-met, all-answered, deadline, failed */
  @Column({ type: 'varchar', length: 16 })
  outcome: string;

  /** JSON: every answer (ballot) with its agent, status, text and latency. */
  @Column({ type: 'text' })
  answers: string;

  /** JSON: the resolution method, the winner and its reason. */
  @Column({ type: 'text', nullable: true })
  resolution: string | null;

  @Column({ name: 'created_by', type: 'varchar', length: 36, nullable: true })
  createdBy: string | null;

  @Column({ name: 'duration_ms', type: 'integer' })
  durationMs: number;

  @CreateDateColumn({ name: 'created_at' })
  createdAt: Date;
}
