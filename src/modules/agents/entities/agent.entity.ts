import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn, VersionColumn } from 'typeorm';

/** How an agent thinks: the built-in model loop, a remote A2A agent, or one of the fixed, model-free brains. */
export const AGENT_BRAINS = [
  'llm',
  'remote',
  'echo',
  'conformance',
  'langchain',
  'llamaindex',
  'supervisor',
  // Module agents: each module's seed role as an A2A agent.
  'knowledge',
  'database',
  'toolbox',
  'coordinator',
  'monitor',
] as const;
export type AgentBrainKind = (typeof AGENT_BRAINS)[number];

export interface AgentModelRef {
  /** Name of a registered model provider (see /api/model-providers). */
  provider: string;
  modelId: string;
  parameters?: { temperature?: number; maxOutputTokens?: number; topP?: number };
}

export interface AgentSkillSpec {
  id: string;
  name: string;
  description: string;
  tags: string[];
  examples?: string[];
}

export interface AgentLimits {
  maxSteps: number;
  timeoutMs: number;
}

@Entity('agents')
export class AgentEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'varchar', length: 100, unique: true })
  name: string;

  @Column({ type: 'text', default: '' })
  description: string;

  @Column({ type: 'text', default: '' })
  instructions: string;

  @Column({ type: 'varchar', length: 16 })
  brain: AgentBrainKind;

  @Column({ type: 'simple-json', nullable: true })
  model: AgentModelRef | null;

  @Column({ type: 'simple-json' })
  skills: AgentSkillSpec[];

  /** Tool ids (tools module) this agent may call. */
  @Column({ type: 'simple-json' })
  tools: string[];

  /** Knowledge collection names (rag module) this agent may search. */
  @Column({ type: 'simple-json' })
  knowledge: string[];

  /** SQL connection ids (sqltool module) this agent may query. */
  @Column({ name: 'sql_connections', type: 'simple-json' })
  sqlConnections: string[];

  @Column({ type: 'simple-json' })
  limits: AgentLimits;

  /** For brain=remote: where its card came from, and the last validated card (A2A JSON form). */
  @Column({ name: 'remote_card_url', type: 'varchar', length: 2048, nullable: true })
  remoteCardUrl: string | null;

  @Column({ name: 'remote_card', type: 'simple-json', nullable: true })
  remoteCard: Record<string, unknown> | null;

  @Column({ name: 'remote_checked_at', type: 'varchar', length: 40, nullable: true })
  remoteCheckedAt: string | null;

  /** Reachable by A2A clients without a credential (an admin decision; off by default). */
  @Column({ name: 'public_access', type: 'boolean', default: false })
  publicAccess: boolean;

  @Column({ name: 'created_by', type: 'varchar', length: 100, nullable: true })
  createdBy: string | null;

  @VersionColumn()
  version: number;

  @CreateDateColumn({ name: 'created_at' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at' })
  updatedAt: Date;
}
