import { Injectable } from '@nestjs/common';
import { AgentCard } from '@a2a-js/sdk';
import { DefaultExecutionEventBusManager, DefaultRequestHandler } from '@a2a-js/sdk/server';
import type express from 'express';
import { AgentsService } from 'src/modules/agents/agents.service';
import { a2aAppFor } from 'src/modules/agents/a2a/a2a-app';
import { A2aPush } from 'src/modules/agents/a2a/a2a-push';
import { AgentExecutors } from 'src/modules/agents/a2a/agent-executors';
import { AgentTaskStore, DbTaskStore } from 'src/modules/agents/a2a/db-task-store';
import { extendedCard } from 'src/modules/agents/a2a/extended-card';
import type { AgentEntity } from 'src/modules/agents/entities/agent.entity';

export interface AgentServer {
  key: string;
  handler: DefaultRequestHandler;
  app: express.Express;
}

const MAX_CACHED_SERVERS = 500;
const AGENT_CACHE_MS = 2_000;

/**
 * Every agent is an A2A server: the official SDK's request handler over our task store, push config store and
 * executor, behind its transports. Building one costs a card and an Express app, so they are kept per agent
 * version and base URL, and dropped as soon as the agent changes.
 */
@Injectable()
export class A2aServerCache {
  private readonly servers = new Map<string, AgentServer>();
  private readonly agents = new Map<string, { agent: AgentEntity; at: number }>();
  private readonly eventBuses = new DefaultExecutionEventBusManager();

  constructor(
    private readonly registry: AgentsService,
    private readonly taskStore: DbTaskStore,
    private readonly push: A2aPush,
    private readonly executors: AgentExecutors,
  ) {
    registry.onChange((agentId) => {
      for (const key of this.servers.keys()) if (key.startsWith(`${agentId}|`)) this.servers.delete(key);
      this.agents.delete(agentId);
    });
  }

  /**
   * Agents by id, kept briefly: every A2A request needs its agent, and changes made here drop the entry at once
   * (other replicas see a change within AGENT_CACHE_MS).
   */
  async agent(agentId: string): Promise<AgentEntity | undefined> {
    const hit = this.agents.get(agentId);
    if (hit && Date.now() - hit.at < AGENT_CACHE_MS) return hit.agent;
    const agent = await this.registry.get(agentId).catch(() => undefined);
    if (agent) {
      if (this.agents.size > 10_000) this.agents.clear();
      this.agents.set(agentId, { agent, at: Date.now() });
    }
    return agent;
  }

  /** The SDK request handler of an agent, for in-process callers (execute, /a2a/message, bus, collaboration). */
  handlerFor(agent: AgentEntity, baseUrl = this.registry.defaultBaseUrl()): DefaultRequestHandler {
    return this.serverFor(agent, baseUrl).handler;
  }

  serverFor(agent: AgentEntity, baseUrl: string): AgentServer {
    const key = `${agent.id}|${agent.version}|${baseUrl}`;
    const cached = this.servers.get(key);
    if (cached) return cached;
    const server = { key, ...this.build(agent, baseUrl) };
    if (this.servers.size >= MAX_CACHED_SERVERS) this.servers.delete(this.servers.keys().next().value!);
    this.servers.set(key, server);
    return server;
  }

  private build(agent: AgentEntity, baseUrl: string): Omit<AgentServer, 'key'> {
    const cardJson = this.registry.cardJson(agent, baseUrl);
    const handler = new DefaultRequestHandler(
      AgentCard.fromJSON(cardJson),
      new AgentTaskStore(this.taskStore, agent.id),
      this.executors.executorFor(agent),
      this.eventBuses,
      this.push.store,
      this.push.sender,
      // Public agents have no authenticated audience, so no extended card (GetExtendedAgentCard answers the spec's error).
      agent.publicAccess ? undefined : async () => AgentCard.fromJSON(extendedCard(agent, cardJson)),
    );
    return { handler, app: a2aAppFor(handler) };
  }
}
