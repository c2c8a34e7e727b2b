import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { Bus } from '@libs/bus';
import type { ParamsOf, ResultOf } from '@libs/contracts';
import { OrchestratorError, OrchestratorErrorCode } from './orchestrator.errors';
import { SkillRouter } from './skill-router.service';

type Contribution = ResultOf<'orchestrator.collaborate'>['contributions'][number];

/**
 * One task for several agents (POST /api/agents/:id/collaborate delegates here): in parallel, or in sequence where
 * each sees the previous answer; answers concatenated or merged by the lead agent. Agents are chosen by the router.
 */
@Injectable()
export class CollaborationService {
  constructor(
    private readonly bus: Bus,
    private readonly router: SkillRouter,
  ) {}

  async collaborate(p: ParamsOf<'orchestrator.collaborate'>): Promise<ResultOf<'orchestrator.collaborate'>> {
    const lead = await this.bus.request('agents.get', { agentId: p.leadId });
    const ids = p.agentIds?.length ? p.agentIds : await this.pick(p);
    if (!ids.length) throw new OrchestratorError(OrchestratorErrorCode.NO_AGENT, 'No agent to collaborate with');
    const contextId = p.contextId ?? randomUUID();
    const send = (agentId: string, text: string) =>
      this.bus.request('agents.send', { agentId, text, principal: p.principal }).then(
        (r): Contribution => ({ ...r, task: r.task ?? {} }),
        (error: Error): Contribution => ({ agentId, taskId: '', contextId: '', state: 'failed', output: error.message, task: {} }),
      );
    const contributions: Contribution[] = [];
    if (p.strategy === 'sequential') {
      let input = p.task;
      for (const id of ids) {
        const result = await send(id, input);
        contributions.push(result);
        input = `${p.task}\n\nPrevious agent's answer:\n${result.output}`;
      }
    } else contributions.push(...(await Promise.all(ids.map((id) => send(id, p.task)))));
    const gathered = contributions.map((c) => `[${c.agentId}] (${c.state})\n${c.output}`).join('\n\n');
    const merged =
      p.merge === 'lead'
        ? await this.bus.request('agents.send', {
            agentId: lead.agentId,
            text: `Task: ${p.task}\n\nAnswers from other agents:\n${gathered}\n\nMerge them into one answer.`,
            contextId,
            principal: p.principal,
          })
        : undefined;
    const completed = contributions.filter((c) => c.state === 'completed');
    return {
      leadAgentId: lead.agentId,
      contextId,
      strategy: p.strategy ?? 'parallel',
      contributions,
      output: merged?.output ?? completed.map((c) => c.output).join('\n\n'),
      state: completed.length === contributions.length && (!merged || merged.state === 'completed') ? 'completed' : 'partial',
    };
  }

  /** The router's best agents for the task, the lead excluded. */
  private async pick(p: ParamsOf<'orchestrator.collaborate'>): Promise<string[]> {
    const ranked = await this.router.rank({ need: p.task, capability: p.capabilities?.[0], exclude: [p.leadId] });
    return ranked.slice(0, p.maxAgents ?? 3).map((r) => r.agentId);
  }
}
