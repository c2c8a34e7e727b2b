import { Column, Entity, Index, PrimaryColumn, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

/** The A2A card (JSON wire form) last generated for an agent; rewritten on every update. */
@Entity('agent_cards')
export class AgentCardEntity {
  @PrimaryColumn({ name: 'agent_id', type: 'varchar', length: 36 })
  agentId: string;

  @Column({ type: 'simple-json' })
  card: Record<string, unknown>;

  @Column({ name: 'agent_version', type: 'integer' })
  agentVersion: number;

  @UpdateDateColumn({ name: 'updated_at' })
  updatedAt: Date;
}

/** One searchable capability of an agent (skill id, tag, tool, knowledge, sql, streaming...), for filtering lists. */
@Entity('agent_capabilities')
@Index('idx_agent_capabilities_capability', ['capability'])
@Index('idx_agent_capabilities_agent', ['agentId'])
export class AgentCapabilityEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'agent_id', type: 'varchar', length: 36 })
  agentId: string;

  @Column({ type: 'varchar', length: 200 })
  capability: string;
}
