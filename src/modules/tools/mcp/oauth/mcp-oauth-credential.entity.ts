import type { OAuthDiscoveryState } from '@modelcontextprotocol/sdk/client/auth.js';
import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

/** '' in user_id: the server-level row (client registration, discovery, and the tokens of a shared server). */
export const SERVER_LEVEL = '';

export type McpOAuthStatus = 'none' | 'needs_authorization' | 'pending' | 'authorized';

/**
 * OAuth state of one MCP server, or of one user of a per-user server. Secrets (client information, tokens, PKCE
 * verifier) are sealed with the platform's SecretBox; the state of a consent in progress is kept only as a hash.
 */
@Entity('mcp_oauth_credentials')
@Index('idx_mcp_oauth_server_user', ['serverId', 'userId'], { unique: true })
@Index('idx_mcp_oauth_state', ['stateHash'])
export class McpOAuthCredentialEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'server_id', type: 'varchar', length: 36 })
  serverId: string;

  @Column({ name: 'user_id', type: 'varchar', length: 36, default: SERVER_LEVEL })
  userId: string;

  /** Server level: client information from registration (or as stamped by the SDK), sealed JSON. */
  @Column({ name: 'client_sealed', type: 'text', nullable: true })
  clientSealed: string | null;

  /** Server level: what RFC 9728 / RFC 8414 discovery found (public metadata). */
  @Column({ type: 'simple-json', nullable: true })
  discovery: OAuthDiscoveryState | null;

  @Column({ name: 'tokens_sealed', type: 'text', nullable: true })
  tokensSealed: string | null;

  @Column({ name: 'token_expires_at', type: 'varchar', length: 40, nullable: true })
  tokenExpiresAt: string | null;

  @Column({ name: 'granted_scope', type: 'text', nullable: true })
  grantedScope: string | null;

  /** The scope the server's last challenge asked for, requested at the next consent. */
  @Column({ name: 'required_scope', type: 'text', nullable: true })
  requiredScope: string | null;

  @Column({ name: 'verifier_sealed', type: 'text', nullable: true })
  verifierSealed: string | null;

  /** sha256 of the OAuth state of the consent in progress: single use, bound to the user who started it. */
  @Column({ name: 'state_hash', type: 'varchar', length: 64, nullable: true })
  stateHash: string | null;

  @Column({ name: 'state_user_id', type: 'varchar', length: 36, nullable: true })
  stateUserId: string | null;

  @Column({ name: 'state_expires_at', type: 'varchar', length: 40, nullable: true })
  stateExpiresAt: string | null;

  @Column({ type: 'varchar', length: 24, default: 'none' })
  status: McpOAuthStatus;

  @Column({ name: 'last_error', type: 'text', nullable: true })
  lastError: string | null;

  @Column({ name: 'authorized_at', type: 'varchar', length: 40, nullable: true })
  authorizedAt: string | null;

  @CreateDateColumn({ name: 'created_at' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at' })
  updatedAt: Date;
}
