import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

@Entity('query_history')
@Index('idx_query_history_connection_created', ['connectionId', 'createdAt'])
export class QueryHistoryEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'connection_id', type: 'varchar', length: 36 })
  connectionId: string;

  @Column({ name: 'principal_id', type: 'varchar', length: 36, nullable: true })
  principalId: string | null;

  @Column({ name: 'principal_name', type: 'varchar', length: 254, nullable: true })
  principalName: string | null;

  @Column({ type: 'text' })
  sql: string;

  @Column({ type: 'varchar', length: 64 })
  fingerprint: string;

  @Column({ name: 'duration_ms', type: 'float' })
  durationMs: number;

  @Column({ name: 'row_count', type: 'integer', default: 0 })
  rowCount: number;

  /** ok, rejected (validation), error, timeout */
  @Column({ type: 'varchar', length: 16 })
  outcome: string;

  @Column({ name: 'error_code', type: 'varchar', length: 64, nullable: true })
  errorCode: string | null;

  @CreateDateColumn({ name: 'created_at' })
  createdAt: Date;
}
