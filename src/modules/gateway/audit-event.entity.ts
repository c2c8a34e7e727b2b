import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

@Entity('audit_events')
@Index('idx_audit_events_created', ['createdAt'])
export class AuditEventEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** login, login_failed, logout, token_reuse, apikey_created, apikey_revoked, user_created, role_changed */
  @Column({ type: 'varchar', length: 40 })
  action: string;

  @Column({ name: 'actor_id', type: 'varchar', length: 36, nullable: true })
  actorId: string | null;

  /** Email or key name of the actor, or the email tried in a failed login (truncated). */
  @Column({ name: 'actor_name', type: 'varchar', length: 254, nullable: true })
  actorName: string | null;

  @Column({ type: 'varchar', length: 200, nullable: true })
  subject: string | null;

  @Column({ type: 'varchar', length: 64, nullable: true })
  ip: string | null;

  @Column({ name: 'user_agent', type: 'varchar', length: 300, nullable: true })
  userAgent: string | null;

  @CreateDateColumn({ name: 'created_at' })
  createdAt: Date;
}
