import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { Message, Task } from '@a2a-js/sdk';
import type { BusPrincipal } from '@libs/contracts';
import type { Principal } from 'src/core/auth/permissions';
import { messageText } from 'src/modules/agents/a2a/a2a-events';
import { A2aServerCache } from 'src/modules/agents/a2a/a2a-server-cache';
import { callContextFor } from 'src/modules/agents/a2a/platform-user';
import { AgentDiscoveryService } from 'src/modules/agents/agent-discovery.service';
import { AgentExecutionsRepository } from 'src/modules/agents/agent-executions.repository';
import { AgentsError, AgentsErrorCode } from 'src/modules/agents/agents.errors';
import { AgentsService } from 'src/modules/agents/agents.service';
import type { CollaborateDto, CollaborationResultDto } from 'src/modules/agents/dto/a2a-platform.dto';
import type { ExecuteAgentDto, ExecutionResultDto } from 'src/modules/agents/dto/agent.dto';
import type { AgentExecutionEntity } from 'src/modules/agents/entities/agent-execution.entity';
import type { AgentEntity } from 'src/modules/agents/entities/agent.entity';
import { ModelProvidersService } from 'src/modules/agents/providers/model-providers.service';
import { Bus } from '@libs/bus';

const WIRE_STATE_NAMES: Record<string, string> = {
  TASK_STATE_SUBMITTED: 'submitted',
  TASK_STATE_WORKING: 'working',
  TASK_STATE_COMPLETED: 'completed',
  TASK_STATE_FAILED: 'failed',
  TASK_STATE_CANCELED: 'canceled',
  TASK_STATE_INPUT_REQUIRED: 'input-required',
  TASK_STATE_REJECTED: 'rejected',
  TASK_STATE_AUTH_REQUIRED: 'auth-required',
};

/**
 * Runs agents for platform callers (REST execute, /a2a/message, the bus, collaborations). Every run goes through
 * the agent's own A2A request handler, so it is the same task, persisted the same way, as an A2A client's.
 */
@Injectable()
export class AgentRunsService {
  constructor(
    private readonly agents: AgentsService,
    private readonly servers: A2aServerCache,
    private readonly discovery: AgentDiscoveryService,
    private readonly providers: ModelProvidersService,
    private readonly executions: AgentExecutionsRepository,
    private readonly bus: Bus,
  ) {}

  /** Recent runs of an agent, newest first (a run that just finished is included). */
  async recentRuns(agentId: string, limit: number): Promise<AgentExecutionEntity[]> {
    const agent = await this.agents.get(agentId);
    return this.executions.recent(agent.id, limit);
  }

  /** `messageId` names the A2A message: a caller that retries with the same id lets the agent recognise the repeat. */
  async execute(
    agentId: string,
    dto: ExecuteAgentDto,
    principal: Principal | BusPrincipal | undefined,
    messageId?: string,
  ): Promise<ExecutionResultDto> {
    return this.run(await this.agents.get(agentId), dto, principal, messageId);
  }

  /** Sends to an agent by id, or to the best-ranked healthy agent having the capability. */
  async send(
    target: { agentId?: string; capability?: string },
    dto: ExecuteAgentDto,
    principal: Principal | BusPrincipal | undefined,
    messageId?: string,
  ): Promise<ExecutionResultDto> {
    if (target.agentId) return this.execute(target.agentId, dto, principal, messageId);
    if (!target.capability) throw new AgentsError(AgentsErrorCode.AGENT_INVALID, 'Give agentId or capability');
    const [best] = await this.discovery.discover({ query: target.capability, capabilities: [target.capability], limit: 1 });
    const fallback = best ? undefined : (await this.discovery.discover({ query: target.capability, limit: 1 }))[0];
    const chosen = best ?? fallback;
    if (!chosen || chosen.score <= 0) throw new AgentsError(AgentsErrorCode.NO_AGENT_MATCHES, `No agent offers ${target.capability}`);
    return this.execute(chosen.agentId, dto, principal, messageId);
  }

  /** Several agents on one task: orchestration, so the orchestrator does it (over the bus, in any deployment). */
  async collaborate(leadId: string, dto: CollaborateDto, principal: Principal): Promise<CollaborationResultDto> {
    await this.agents.get(leadId); // a 404 for an unknown lead, as before
    return this.bus.request('orchestrator.collaborate', { leadId, ...dto, principal }, { timeoutMs: 600_000 });
  }

  private async run(
    agent: AgentEntity,
    dto: ExecuteAgentDto,
    principal: Principal | BusPrincipal | undefined,
    messageId: string = randomUUID(),
  ): Promise<ExecutionResultDto> {
    // Fail before creating a task when the agent cannot think: the error names the missing setting.
    if (agent.brain === 'llm' || agent.brain === 'langchain' || agent.brain === 'llamaindex')
      await this.providers.resolve(agent.model?.provider, agent.model?.modelId);
    const handler = this.servers.handlerFor(agent);
    const parts: Array<Record<string, unknown>> = [{ text: dto.input }];
    if (dto.data) parts.push({ data: dto.data });
    const message = Message.fromJSON({
      messageId,
      role: 'ROLE_USER',
      parts,
      ...(dto.contextId ? { contextId: dto.contextId } : {}),
      ...(dto.taskId ? { taskId: dto.taskId } : {}),
    });
    let result: Message | Task;
    try {
      result = await handler.sendMessage(
        { message, configuration: undefined, metadata: undefined, tenant: '' } as never,
        callContextFor(principal),
      );
    } catch (error) {
      if (error instanceof AgentsError) throw error;
      throw new AgentsError(AgentsErrorCode.AGENT_INVALID, error instanceof Error ? error.message : String(error));
    }
    if (!('status' in result)) {
      const json = Message.toJSON(result as Message) as Record<string, unknown>;
      return {
        agentId: agent.id,
        taskId: '',
        contextId: String(json.contextId ?? ''),
        state: 'completed',
        output: messageText(result as Message),
        task: json,
      };
    }
    const task = result as Task;
    const json = Task.toJSON(task) as Record<string, any>;
    const state = WIRE_STATE_NAMES[json.status?.state] ?? 'unknown';
    const answer = task.artifacts
      .map((artifact) => artifact.parts.map((p) => (p.content?.$case === 'text' ? p.content.value : '')).join(''))
      .join('\n');
    const output = answer || messageText(task.status?.message);
    return { agentId: agent.id, taskId: task.id, contextId: task.contextId, state, output, task: json };
  }
}
