import { Column, CreateDateColumn, Entity, Index, PrimaryColumn, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

export type ToolOrigin = 'builtin' | 'mcp';
export type ToolHealth = 'healthy' | 'unhealthy' | 'unknown';

/** One callable tool: a built-in, or a tool discovered on an MCP server. Its name is what agents and clients use. */
@Entity('tool_registry')
@Index('idx_tool_registry_server', ['serverId'])
export class ToolEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** Unique: built-ins by their own name, MCP tools as <server>.<tool>. */
  @Column({ type: 'varchar', length: 200, unique: true })
  name: string;

  @Column({ type: 'text', default: '' })
  description: string;

  @Column({ type: 'varchar', length: 16 })
  origin: ToolOrigin;

  @Column({ name: 'server_id', type: 'varchar', length: 36, nullable: true })
  serverId: string | null;

  /** The tool's name on its MCP server. */
  @Column({ name: 'remote_name', type: 'varchar', length: 200, nullable: true })
  remoteName: string | null;

  @Column({ name: 'input_schema', type: 'simple-json' })
  inputSchema: Record<string, unknown>;

  @Column({ name: 'output_schema', type: 'simple-json', nullable: true })
  outputSchema: Record<string, unknown> | null;

  @Column({ type: 'simple-json' })
  tags: string[];

  @Column({ type: 'simple-json', nullable: true })
  annotations: Record<string, unknown> | null;

  @Column({ type: 'varchar', length: 50, default: '1' })
  version: string;

  @Column({ type: 'varchar', length: 16, default: 'unknown' })
  health: ToolHealth;

  @CreateDateColumn({ name: 'created_at' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at' })
  updatedAt: Date;
}

/** Who may call a tool beyond the tools:execute permission: allowed roles and agents (empty = no restriction). */
@Entity('tool_permissions')
export class ToolPermissionEntity {
  @PrimaryColumn({ name: 'tool_id', type: 'varchar', length: 36 })
  toolId: string;

  @Column({ type: 'simple-json' })
  roles: string[];

  @Column({ type: 'simple-json' })
  agents: string[];

  @UpdateDateColumn({ name: 'updated_at' })
  updatedAt: Date;
}

/** One tool call: who, what (arguments with secrets redacted), how long, and how it ended. */
@Entity('tool_executions')
@Index('idx_tool_executions_tool_created', ['toolId', 'createdAt'])
export class ToolExecutionEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'tool_id', type: 'varchar', length: 36 })
  toolId: string;

  @Column({ name: 'tool_name', type: 'varchar', length: 200 })
  toolName: string;

  @Column({ name: 'principal_id', type: 'varchar', length: 100, nullable: true })
  principalId: string | null;

  @Column({ name: 'agent_id', type: 'varchar', length: 36, nullable: true })
  agentId: string | null;

  @Column({ type: 'simple-json' })
  arguments: Record<string, unknown>;

  /** ok, error, invalid, denied, timeout, canceled, unavailable */
  @Column({ type: 'varchar', length: 16 })
  outcome: string;

  @Column({ type: 'text', nullable: true })
  error: string | null;

  @Column({ name: 'duration_ms', type: 'integer' })
  durationMs: number;

  @Column({ name: 'result_bytes', type: 'integer', default: 0 })
  resultBytes: number;

  @CreateDateColumn({ name: 'created_at' })
  createdAt: Date;
}
