import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

/** Whether and how this server may ask the platform's models for completions (MCP sampling); set by an admin. */
export interface McpSamplingSettings {
  enabled: boolean;
  /** A model provider from /api/model-providers and its model id. */
  provider: string;
  modelId: string;
  /** Cap on maxTokens of one request. */
  maxTokens: number;
  /** Requests this server may make per minute (all its connections in this process). */
  perMinute: number;
}

/** A folder (file:// URI) the platform tells the server it may work in (MCP roots). */
export interface McpRoot {
  uri: string;
  name?: string;
}

export const MCP_TRANSPORTS = ['stdio', 'streamable-http', 'sse'] as const;
export type McpTransportKind = (typeof MCP_TRANSPORTS)[number];

/** A registered MCP server: how to reach it (secrets sealed) and what it offered when last discovered. */
@Entity('mcp_servers')
export class McpServerEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'varchar', length: 100, unique: true })
  name: string;

  @Column({ type: 'varchar', length: 16 })
  transport: McpTransportKind;

  @Column({ type: 'varchar', length: 1024, nullable: true })
  command: string | null;

  @Column({ type: 'simple-json' })
  args: string[];

  /** stdio: environment for the child, sealed (may hold tokens). */
  @Column({ name: 'env_sealed', type: 'text', nullable: true })
  envSealed: string | null;

  @Column({ type: 'varchar', length: 2048, nullable: true })
  url: string | null;

  /** HTTP transports: extra headers and bearer token, sealed. */
  @Column({ name: 'headers_sealed', type: 'text', nullable: true })
  headersSealed: string | null;

  /** HTTP transports: OAuth settings (grant, pre-registered client id and secret or private key, scope), sealed. */
  @Column({ name: 'oauth_sealed', type: 'text', nullable: true })
  oauthSealed: string | null;

  /** Each user authorizes with their own account; calls run with the caller's tokens. */
  @Column({ name: 'per_user', type: 'boolean', default: false })
  perUser: boolean;

  @Column({ type: 'boolean', default: true })
  enabled: boolean;

  /** null: sampling refused (the default). */
  @Column({ type: 'simple-json', nullable: true })
  sampling: McpSamplingSettings | null;

  /** null: no roots. */
  @Column({ type: 'simple-json', nullable: true })
  roots: McpRoot[] | null;

  /** connected, connecting, disconnected, failed, needs_authorization */
  @Column({ type: 'varchar', length: 24, default: 'disconnected' })
  status: string;

  @Column({ name: 'last_error', type: 'text', nullable: true })
  lastError: string | null;

  @Column({ name: 'server_info', type: 'simple-json', nullable: true })
  serverInfo: Record<string, unknown> | null;

  @Column({ type: 'simple-json' })
  resources: Array<Record<string, unknown>>;

  @Column({ type: 'simple-json' })
  prompts: Array<Record<string, unknown>>;

  @Column({ name: 'discovered_at', type: 'varchar', length: 40, nullable: true })
  discoveredAt: string | null;

  @CreateDateColumn({ name: 'created_at' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at' })
  updatedAt: Date;
}
