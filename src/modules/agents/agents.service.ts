import { Inject, Injectable } from '@nestjs/common';
import type { Env } from '@libs/config';
import { isUuid } from '@libs/contracts';
import { ENV } from 'src/core/env.token';
import type { Principal } from 'src/core/auth/permissions';
import { RemoteAgentClient } from 'src/modules/agents/adapters/remote-agent.client';
import { buildAgentCard, capabilitiesOf, type AgentCardJson } from 'src/modules/agents/agent-card.builder';
import { AgentsError, AgentsErrorCode } from 'src/modules/agents/agents.errors';
import { AgentsRepository } from 'src/modules/agents/agents.repository';
import type { AgentCapabilitiesDto, CreateAgentDto, ListAgentsQueryDto, UpdateAgentDto } from 'src/modules/agents/dto/agent.dto';
import type { AgentEntity, AgentSkillSpec } from 'src/modules/agents/entities/agent.entity';
import { MODULE_AGENT_TAG, MODULE_AGENTS } from 'src/modules/agents/module-agents';

const DEFAULT_LIMITS = { maxSteps: 8, timeoutMs: 120_000 };
export const CONFORMANCE_AGENT_NAME = 'a2a-conformance';
export const SUPERVISOR_AGENT_NAME = 'platform-supervisor';

/** The agent registry: agents, their generated A2A cards and their capability index, always written together. */
@Injectable()
export class AgentsService {
  private readonly listeners = new Set<(agentId: string) => void>();

  constructor(
    @Inject(ENV) private readonly env: Env,
    private readonly agents: AgentsRepository,
    private readonly remote: RemoteAgentClient,
  ) {}

  /** Called with an agent id whenever it changes or goes away (the A2A server drops its cached handler). */
  onChange(listener: (agentId: string) => void): void {
    this.listeners.add(listener);
  }

  /** Base URL written into stored cards; served cards use the caller's own view of the host. */
  defaultBaseUrl(): string {
    if (this.env.PUBLIC_URL) return this.env.PUBLIC_URL.replace(/\/$/, '');
    const host = this.env.HOST === '0.0.0.0' || this.env.HOST === '::' ? '127.0.0.1' : this.env.HOST;
    return `http://${host}:${this.env.PORT ?? 8000}`;
  }

  /** Base URL as the caller sees the platform (PUBLIC_URL wins), for cards and links in answers. */
  baseUrlOf(request: { headers: Record<string, string | string[] | undefined>; protocol: string }): string {
    if (this.env.PUBLIC_URL) return this.env.PUBLIC_URL.replace(/\/$/, '');
    const forwardedProto = request.headers['x-forwarded-proto'];
    const proto = typeof forwardedProto === 'string' ? forwardedProto.split(',')[0]!.trim() : request.protocol;
    const forwardedHost = request.headers['x-forwarded-host'];
    const host = typeof forwardedHost === 'string' ? forwardedHost.split(',')[0]!.trim() : request.headers.host;
    return typeof host === 'string' && /^[\w.:[\]-]+$/.test(host) ? `${proto}://${host}` : this.defaultBaseUrl();
  }

  async create(dto: CreateAgentDto, principal: Principal): Promise<AgentEntity> {
    if (dto.publicAccess && principal.role !== 'admin')
      throw new AgentsError(AgentsErrorCode.AGENT_INVALID, 'Only an admin may make an agent public');
    const brain = dto.brain ?? (dto.cardUrl ? 'remote' : 'llm');
    const agent = this.agents.build({
      name: dto.name,
      description: dto.description ?? '',
      instructions: dto.instructions ?? '',
      brain,
      model: dto.model ?? null,
      skills: dto.skills ?? [],
      tools: dto.tools ?? [],
      knowledge: dto.knowledge ?? [],
      sqlConnections: dto.sqlConnections ?? [],
      limits: { ...DEFAULT_LIMITS, ...dto.limits },
      publicAccess: dto.publicAccess ?? false,
      createdBy: principal.id,
      remoteCardUrl: null,
      remoteCard: null,
      remoteCheckedAt: null,
    });
    if (brain === 'remote') {
      if (!dto.cardUrl) throw new AgentsError(AgentsErrorCode.AGENT_INVALID, 'A remote agent needs cardUrl');
      await this.attachRemoteCard(agent, dto.cardUrl, dto.skills === undefined, dto.description === undefined);
    } else if (dto.cardUrl) {
      throw new AgentsError(AgentsErrorCode.AGENT_INVALID, 'cardUrl is only for brain=remote');
    }
    if (await this.agents.existsByName(dto.name)) throw new AgentsError(AgentsErrorCode.AGENT_EXISTS, `An agent named ${dto.name} exists`);
    return this.persist(agent);
  }

  async update(id: string, dto: UpdateAgentDto, principal: Principal): Promise<AgentEntity> {
    const agent = await this.get(id);
    if (dto.version !== undefined && dto.version !== agent.version)
      throw new AgentsError(AgentsErrorCode.AGENT_VERSION_CONFLICT, `Agent changed since version ${dto.version} (now ${agent.version})`);
    if (dto.publicAccess !== undefined && dto.publicAccess !== agent.publicAccess && principal.role !== 'admin')
      throw new AgentsError(AgentsErrorCode.AGENT_INVALID, 'Only an admin may change publicAccess');
    if (dto.name !== undefined && dto.name !== agent.name && (await this.agents.existsByName(dto.name)))
      throw new AgentsError(AgentsErrorCode.AGENT_EXISTS, `An agent named ${dto.name} exists`);
    const { version: _version, limits, cardUrl, ...fields } = dto;
    Object.assign(agent, Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined)));
    if (limits) agent.limits = { ...agent.limits, ...limits };
    if (cardUrl !== undefined) {
      if (agent.brain !== 'remote') throw new AgentsError(AgentsErrorCode.AGENT_INVALID, 'cardUrl is only for brain=remote');
      await this.attachRemoteCard(agent, cardUrl, dto.skills === undefined, false);
    }
    return this.persist(agent);
  }

  /** Re-reads a remote agent's card (POST /api/agents/:id/refresh). */
  async refreshRemote(id: string): Promise<AgentEntity> {
    const agent = await this.get(id);
    if (agent.brain !== 'remote' || !agent.remoteCardUrl) throw new AgentsError(AgentsErrorCode.AGENT_INVALID, 'Not a remote agent');
    await this.attachRemoteCard(agent, agent.remoteCardUrl, true, false);
    return this.persist(agent);
  }

  async remove(id: string): Promise<void> {
    const agent = await this.get(id);
    await this.agents.remove(agent.id);
    this.emitChange(agent.id);
  }

  async get(id: string): Promise<AgentEntity> {
    const agent = isUuid(id) ? await this.agents.findById(id) : null;
    if (!agent) throw new AgentsError(AgentsErrorCode.AGENT_NOT_FOUND, `Agent ${id.slice(0, 100)} not found`);
    return agent;
  }

  async findByName(name: string): Promise<AgentEntity | null> {
    return this.agents.findByName(name);
  }

  /** The public agent that follows the A2A TCK's scenarios (A2A_CONFORMANCE_AGENT), created on first start. */
  /** The platform's own A2A agent: goals sent to it are orchestrated (its interfaces are the platform card's). */
  async ensureSupervisorAgent(): Promise<AgentEntity> {
    const existing = await this.findByName(SUPERVISOR_AGENT_NAME);
    if (existing) return existing;
    return this.create(
      {
        name: SUPERVISOR_AGENT_NAME,
        brain: 'supervisor',
        description: 'The platform itself: give it a goal; it plans tasks, routes them to agents and answers with their results.',
        skills: [
          {
            id: 'orchestrate',
            name: 'Orchestrate a goal',
            description: 'Plan a goal into tasks, route each to the best agent, run them durably and answer with the results',
            tags: ['orchestration', 'supervisor'],
          },
        ],
      },
      { kind: 'user', id: 'system', name: 'system', role: 'admin' },
    );
  }

  /** Each module's seed role as an A2A agent, created once (the names are unique). */
  async ensureModuleAgents(): Promise<void> {
    for (const spec of MODULE_AGENTS) {
      if (await this.findByName(spec.name)) continue;
      await this.create(
        {
          name: spec.name,
          brain: spec.role,
          description: spec.description,
          skills: [{ ...spec.skill, tags: [...spec.skill.tags, MODULE_AGENT_TAG] }],
        },
        { kind: 'user', id: 'system', name: 'system', role: 'admin' },
      ).catch(() => undefined); // another process created it first
    }
  }

  /** Replaces a module agent's skills (the knowledge agent's follow the collections); nothing is written when equal. */
  async setModuleAgentSkills(name: string, skills: AgentEntity['skills']): Promise<void> {
    const agent = await this.findByName(name);
    if (!agent || JSON.stringify(agent.skills) === JSON.stringify(skills)) return;
    agent.skills = skills;
    await this.persist(agent);
  }

  async ensureConformanceAgent(): Promise<AgentEntity> {
    const existing = await this.findByName(CONFORMANCE_AGENT_NAME);
    if (existing) return existing;
    return this.create(
      {
        name: CONFORMANCE_AGENT_NAME,
        brain: 'conformance',
        description: 'Follows the A2A TCK scenarios (messageId prefixes tck-*)',
        publicAccess: true,
        skills: [{ id: 'tck', name: 'TCK scenarios', description: 'Answers as the A2A TCK scenarios prescribe', tags: ['conformance'] }],
      },
      { kind: 'user', id: 'system', name: 'system', role: 'admin' },
    );
  }

  async list(query: ListAgentsQueryDto): Promise<{ items: AgentEntity[]; total: number }> {
    const capabilities = (query.capability ?? '')
      .split(',')
      .map((c) => c.trim().toLowerCase())
      .filter(Boolean);
    return this.agents.list({ capabilities, q: query.q, limit: query.limit ?? 50, offset: query.offset ?? 0 });
  }

  async all(): Promise<AgentEntity[]> {
    return this.agents.all();
  }

  async cardOf(agent: AgentEntity, baseUrl?: string): Promise<AgentCardJson> {
    return this.cardJson(agent, baseUrl);
  }

  /** The agent's A2A card as served, with the interfaces this deployment offers. */
  cardJson(agent: AgentEntity, baseUrl = this.defaultBaseUrl()): AgentCardJson {
    return buildAgentCard(agent, baseUrl, { grpcPort: this.env.A2A_GRPC_PORT });
  }

  async storedCards(ids?: string[]): Promise<Array<{ agentId: string; card: Record<string, unknown> }>> {
    const rows = await this.agents.storedCards(ids);
    return rows.map((row) => ({ agentId: row.agentId, card: row.card }));
  }

  async capabilitiesDto(id: string): Promise<AgentCapabilitiesDto> {
    const agent = await this.get(id);
    const capabilities = await this.agents.capabilitiesOf(agent.id);
    const card = this.cardJson(agent);
    return {
      agentId: agent.id,
      capabilities: capabilities.sort(),
      a2a: card.capabilities as Record<string, unknown>,
      skills: agent.skills,
      tools: agent.tools,
      knowledge: agent.knowledge,
      sqlConnections: agent.sqlConnections,
    };
  }

  private async attachRemoteCard(agent: AgentEntity, cardUrl: string, takeSkills: boolean, takeDescription: boolean): Promise<void> {
    const card = await this.remote.fetchCard(cardUrl);
    agent.remoteCardUrl = cardUrl;
    agent.remoteCard = card;
    agent.remoteCheckedAt = new Date().toISOString();
    if (takeDescription && typeof card.description === 'string') agent.description = card.description.slice(0, 2000);
    if (takeSkills) agent.skills = remoteSkills(card);
  }

  /** Stores the agent with its card and capability index (one transaction) and tells the listeners. */
  private async persist(agent: AgentEntity): Promise<AgentEntity> {
    const saved = await this.agents.saveWithCard(agent, (row) => ({
      card: this.cardJson(row),
      capabilities: capabilitiesOf(row),
    }));
    this.emitChange(saved.id);
    return saved;
  }

  private emitChange(agentId: string): void {
    for (const listener of this.listeners) listener(agentId);
  }
}

function remoteSkills(card: Record<string, unknown>): AgentSkillSpec[] {
  const skills = Array.isArray(card.skills) ? (card.skills as Array<Record<string, unknown>>) : [];
  return skills.slice(0, 50).map((skill, index) => ({
    id:
      String(skill.id ?? `skill-${index}`)
        .replace(/[^\w.-]/g, '-')
        .slice(0, 100) || `skill-${index}`,
    name: String(skill.name ?? skill.id ?? 'skill').slice(0, 200),
    description: String(skill.description ?? '').slice(0, 2000),
    tags: Array.isArray(skill.tags) ? skill.tags.map(String).slice(0, 20) : [],
    examples: Array.isArray(skill.examples) ? skill.examples.map(String).slice(0, 10) : [],
  }));
}
