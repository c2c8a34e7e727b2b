import { Injectable } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { DataSource, In, type Repository } from 'typeorm';
import { AgentCapabilityEntity, AgentCardEntity } from 'src/modules/agents/entities/agent-card.entity';
import { AgentEntity } from 'src/modules/agents/entities/agent.entity';

export interface AgentListFilter {
  capabilities: string[];
  q?: string;
  limit: number;
  offset: number;
}

/** What is stored next to an agent row: its generated A2A card and its capability index. */
export interface AgentDescription {
  card: Record<string, unknown>;
  capabilities: string[];
}

/** The only class that touches the agent, agent card and capability tables. */
@Injectable()
export class AgentsRepository {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @InjectRepository(AgentEntity) private readonly agents: Repository<AgentEntity>,
    @InjectRepository(AgentCardEntity) private readonly cards: Repository<AgentCardEntity>,
    @InjectRepository(AgentCapabilityEntity) private readonly capabilities: Repository<AgentCapabilityEntity>,
  ) {}

  /** An unsaved agent (defaults and transformers applied as TypeORM does). */
  build(fields: Partial<AgentEntity>): AgentEntity {
    return this.agents.create(fields);
  }

  findById(id: string): Promise<AgentEntity | null> {
    return this.agents.findOne({ where: { id } });
  }

  findByName(name: string): Promise<AgentEntity | null> {
    return this.agents.findOne({ where: { name } });
  }

  existsByName(name: string): Promise<boolean> {
    return this.agents.exists({ where: { name } });
  }

  all(): Promise<AgentEntity[]> {
    return this.agents.find({ order: { name: 'ASC' } });
  }

  /** Agents having every capability in the filter, and matching q in name or description. */
  async list(filter: AgentListFilter): Promise<{ items: AgentEntity[]; total: number }> {
    const builder = this.agents.createQueryBuilder('a');
    for (const [index, capability] of filter.capabilities.entries()) {
      builder.andWhere(
        `EXISTS (SELECT 1 FROM agent_capabilities c${index} WHERE c${index}.agent_id = a.id AND c${index}.capability = :cap${index})`,
        { [`cap${index}`]: capability },
      );
    }
    if (filter.q)
      builder.andWhere('(LOWER(a.name) LIKE :q OR LOWER(a.description) LIKE :q)', {
        q: `%${filter.q.toLowerCase().replace(/[%_]/g, '')}%`,
      });
    const items = await builder.orderBy('a.name', 'ASC').take(filter.limit).skip(filter.offset).getMany();
    // A page that is not full ends the list, so its total is known without a COUNT (the common case: small lists).
    if (items.length < filter.limit && (items.length > 0 || filter.offset === 0)) return { items, total: filter.offset + items.length };
    return { items, total: await builder.getCount() };
  }

  storedCards(ids?: string[]): Promise<AgentCardEntity[]> {
    return this.cards.find(ids ? { where: { agentId: In(ids) } } : {});
  }

  async capabilitiesOf(agentId: string): Promise<string[]> {
    return (await this.capabilities.find({ where: { agentId } })).map((row) => row.capability);
  }

  /** Capability rows of every agent having at least one of these capabilities. */
  withAnyCapability(capabilities: string[]): Promise<AgentCapabilityEntity[]> {
    return this.capabilities.find({ where: { capability: In(capabilities) } });
  }

  /** Agent, card and capability rows in one transaction, so a card never describes an agent that is not stored. */
  saveWithCard(agent: AgentEntity, describe: (saved: AgentEntity) => AgentDescription): Promise<AgentEntity> {
    return this.dataSource.transaction(async (manager) => {
      const row = await manager.save(AgentEntity, agent);
      const { card, capabilities } = describe(row);
      await manager.save(AgentCardEntity, { agentId: row.id, card, agentVersion: row.version });
      await manager.delete(AgentCapabilityEntity, { agentId: row.id });
      await manager.insert(
        AgentCapabilityEntity,
        capabilities.map((capability) => ({ agentId: row.id, capability })),
      );
      return row;
    });
  }

  async remove(agentId: string): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      await manager.delete(AgentCapabilityEntity, { agentId });
      await manager.delete(AgentCardEntity, { agentId });
      await manager.delete(AgentEntity, { id: agentId });
    });
  }
}
