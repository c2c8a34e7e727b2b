import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

@Entity('database_connections')
export class DatabaseConnectionEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'varchar', length: 100, unique: true })
  name: string;

  @Column({ type: 'varchar', length: 16 })
  dialect: string;

  @Column({ type: 'varchar', length: 255, nullable: true })
  host: string | null;

  @Column({ type: 'integer', nullable: true })
  port: number | null;

  @Column({ name: 'database_name', type: 'varchar', length: 255, nullable: true })
  databaseName: string | null;

  @Column({ type: 'varchar', length: 255, nullable: true })
  username: string | null;

  /** AES-256-GCM sealed (libs/crypto); never returned by the API. */
  @Column({ name: 'password_sealed', type: 'text', nullable: true })
  passwordSealed: string | null;

  @Column({ name: 'file_path', type: 'varchar', length: 1024, nullable: true })
  filePath: string | null;

  /** Only an admin may set it; otherwise every statement runs in a read-only transaction or session. */
  @Column({ type: 'boolean', default: false })
  writable: boolean;

  @Column({ name: 'pool_max', type: 'integer', default: 5 })
  poolMax: number;

  @CreateDateColumn({ name: 'created_at' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at' })
  updatedAt: Date;
}
