import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

@Entity('api_keys')
export class ApiKeyEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'varchar', length: 100 })
  name: string;

  /** The first characters of the key, shown in lists so people can tell keys apart. */
  @Column({ type: 'varchar', length: 16 })
  prefix: string;

  /** SHA-256 of the whole key: keys are 256-bit random, so a fast hash is enough. */
  @Column({ name: 'key_hash', type: 'varchar', length: 64, unique: true })
  keyHash: string;

  @Column({ type: 'varchar', length: 16 })
  role: string;

  /** JSON array of permissions narrowing the role; empty = the role's permissions. */
  @Column({ type: 'text', default: '[]' })
  scopes: string;

  @Column({ name: 'created_by', type: 'varchar', length: 36 })
  createdBy: string;

  @Column({ name: 'last_used_at', type: 'bigint', nullable: true })
  lastUsedAt: string | null;

  @Column({ name: 'revoked_at', type: 'bigint', nullable: true })
  revokedAt: string | null;

  @CreateDateColumn({ name: 'created_at' })
  createdAt: Date;
}
