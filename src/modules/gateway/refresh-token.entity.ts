import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** One refresh token of a rotation family. Reusing a rotated token revokes the whole family. */
@Entity('refresh_tokens')
@Index('idx_refresh_tokens_family', ['familyId'])
export class RefreshTokenEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'user_id', type: 'varchar', length: 36 })
  userId: string;

  @Column({ name: 'family_id', type: 'varchar', length: 36 })
  familyId: string;

  /** SHA-256 of the opaque token; the token itself is never stored. */
  @Column({ name: 'token_hash', type: 'varchar', length: 64, unique: true })
  tokenHash: string;

  @Column({ name: 'expires_at', type: 'bigint' })
  expiresAt: string;

  /** Set when the token was exchanged for a new one. */
  @Column({ name: 'rotated_at', type: 'bigint', nullable: true })
  rotatedAt: string | null;

  @Column({ name: 'revoked_at', type: 'bigint', nullable: true })
  revokedAt: string | null;

  @CreateDateColumn({ name: 'created_at' })
  createdAt: Date;
}
