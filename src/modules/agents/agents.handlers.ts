import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { Bus, BusHandler } from '@libs/bus';
import type { Env } from '@libs/config';
import type { ParamsOf } from '@libs/contracts';
import { ENV } from 'src/core/env.token';
import { AgentDiscoveryService } from 'src/modules/agents/agent-discovery.service';
import { AgentRunsService } from 'src/modules/agents/agent-runs.service';
import { AgentsService } from 'src/modules/agents/agents.service';
import { knowledgeSkills } from 'src/modules/agents/module-agents';
import { ModelProvidersService } from 'src/modules/agents/providers/model-providers.service';

/** Agents over the bus (workflows, orchestrator), and the conformance agent when enabled. */
@Injectable()
export class AgentsHandlers implements OnApplicationBootstrap {
  private readonly logger = new Logger('Agents');

  constructor(
    @Inject(ENV) private readonly env: Env,
    private readonly agents: AgentsService,
    private readonly runs: AgentRunsService,
    private readonly providers: ModelProvidersService,
    private readonly discovery: AgentDiscoveryService,
    private readonly bus: Bus,
  ) {}

  /** Ranks agents for a need (workflow agent assignment, the orchestrator's router). */
  /** One agent's id, name and kind (404 AGENT_NOT_FOUND when there is none). */
  @BusHandler('agents.get')
  async getAgent({ agentId }: ParamsOf<'agents.get'>) {
    const agent = await this.agents.get(agentId);
    return { agentId: agent.id, name: agent.name, brain: agent.brain };
  }

  @BusHandler('agents.discover')
  async discover({ query, capabilities, limit }: ParamsOf<'agents.discover'>) {
    return (await this.discovery.discover({ query, capabilities, limit })).map(({ card, ...match }) => ({
      ...match,
      skills: skillsOf(card),
    }));
  }

  /** One completion with a registered provider, for modules that need text but no agent (RAG answers, summaries). */
  @BusHandler('agents.generate')
  async generate(params: ParamsOf<'agents.generate'>) {
    return this.providers.generate(params);
  }

  @BusHandler('agents.send')
  async send({ agentId, capability, text, contextId, principal, messageId }: ParamsOf<'agents.send'>) {
    const result = await this.runs.send({ agentId, capability }, { input: text, contextId }, principal, messageId);
    return {
      agentId: result.agentId,
      taskId: result.taskId,
      contextId: result.contextId,
      state: result.state,
      output: result.output,
      task: result.task,
    };
  }

  async onApplicationBootstrap(): Promise<void> {
    // Processes starting together may race to create it: the name is unique, so the loser finds the winner's.
    await this.agents.ensureSupervisorAgent().catch(() => this.agents.ensureSupervisorAgent().catch(() => undefined));
    await this.agents.ensureModuleAgents();
    this.bus.subscribe('rag.collections.changed', () => void this.syncKnowledgeSkills());
    // Not awaited: with rag in another process that is not up yet, start-up must not wait for it.
    void this.syncKnowledgeSkills();
    if (!this.env.A2A_CONFORMANCE_AGENT) return;
    const agent = await this.agents.ensureConformanceAgent();
    this.logger.log(`A2A conformance agent (public): ${this.agents.defaultBaseUrl()}/a2a/agents/${agent.id}`);
  }

  /** One knowledge skill per collection; when the rag module is not up yet, its first change event brings them. */
  private async syncKnowledgeSkills(): Promise<void> {
    const collections = await this.bus.request('rag.collections', {}, { timeoutMs: 5_000 }).catch(() => undefined);
    if (!collections) return;
    await this.agents
      .setModuleAgentSkills('knowledge-agent', knowledgeSkills(collections))
      .catch((error: Error) => this.logger.warn(`knowledge agent skills not updated: ${error.message}`));
  }
}

/** The skills a card lists, as a planner reads them. */
function skillsOf(card: Record<string, unknown>): Array<{ id: string; name: string; description: string; tags: string[] }> {
  const skills = Array.isArray(card.skills) ? (card.skills as Array<Record<string, unknown>>) : [];
  return skills.map((s) => ({
    id: String(s.id ?? ''),
    name: String(s.name ?? ''),
    description: String(s.description ?? ''),
    tags: (s.tags as string[]) ?? [],
  }));
}
