import { Injectable } from '@nestjs/common';
import { Bus } from '@libs/bus';
import type { BusPrincipal } from '@libs/contracts';
import { OrchestratorRepository } from './orchestrator.repository';
import { OrchestratorError, OrchestratorErrorCode } from './orchestrator.errors';
import type { PlanTask } from './planner.service';
import { planToDefinition } from './session-plan';
import { entry, SessionsService, type Budget, type Ledger, type SessionRequest } from './sessions.service';

export const COORDINATION_ACTIONS = ['reassign', 'message', 'cancel'] as const;

export interface CoordinationRequest {
  sessionId: string;
  action: (typeof COORDINATION_ACTIONS)[number];
  taskId?: string;
  agentId?: string;
  text?: string;
}

/**
 * A person steering a session: move a task to another agent (the run restarts keeping every finished task),
 * message a task's agent, or cancel the session. Every action lands in the session's ledger with who did it.
 */
@Injectable()
export class CoordinationService {
  constructor(
    private readonly repository: OrchestratorRepository,
    private readonly sessions: SessionsService,
    private readonly bus: Bus,
  ) {}

  async coordinate(request: CoordinationRequest, principal: BusPrincipal): Promise<{ action: string; detail: string; reply?: string }> {
    const by = `${principal.kind}:${principal.name}`;
    switch (request.action) {
      case 'cancel':
        await this.sessions.cancel(request.sessionId, by);
        return { action: 'cancel', detail: 'session canceled' };
      case 'message':
        return this.message(request, principal, by);
      case 'reassign':
        return this.reassign(request, principal, by);
    }
  }

  private async message(request: CoordinationRequest, principal: BusPrincipal, by: string) {
    const current = await this.currentAssignment(request);
    if (!request.text) throw new OrchestratorError(OrchestratorErrorCode.GOAL_INVALID, 'message needs text');
    const reply = await this.bus.request('agents.send', { agentId: current.agentId, text: request.text, principal });
    await this.sessions.note(
      request.sessionId,
      'coordination.message',
      `${by} → ${current.agentName} (${current.taskId}): ${request.text.slice(0, 500)}`,
    );
    return { action: 'message', detail: `sent to ${current.agentName}`, reply: reply.output };
  }

  private async reassign(request: CoordinationRequest, principal: BusPrincipal, by: string) {
    const current = await this.currentAssignment(request);
    if (!request.agentId) throw new OrchestratorError(OrchestratorErrorCode.UNKNOWN_AGENT, 'reassign needs agentId');
    const agent = await this.bus.request('agents.get', { agentId: request.agentId }).catch(() => {
      throw new OrchestratorError(OrchestratorErrorCode.UNKNOWN_AGENT, `No agent ${request.agentId}`);
    });
    const session = await this.sessions.get(request.sessionId);
    if (session.status !== 'running' || !session.runId)
      throw new OrchestratorError(OrchestratorErrorCode.SESSION_FINISHED, `The session is ${session.status}`);
    const tasks = JSON.parse(session.plan ?? '[]') as PlanTask[];
    const stored = JSON.parse(session.request) as SessionRequest & { budget: Budget };
    const agents = new Map(
      (await this.repository.assignments(session.id)).filter((a) => a.state !== 'replaced').map((a) => [a.taskId, a.agentId]),
    );
    agents.set(current.taskId, agent.agentId);
    // The run stops, and a retry on the new plan keeps every task that already finished. While it changes hands the
    // session is `planning`, so the progress loop does not take the cancellation for the session's end.
    await this.repository.updateSession(session.id, { status: 'planning' });
    await this.bus.request('workflows.cancel', { runId: session.runId });
    await this.waitUntilEnded(session.runId);
    const revised = await this.bus.request('workflows.revise', {
      workflowId: session.workflowId!,
      definition: planToDefinition(stored.goal, stored.context, tasks, agents, stored.budget.maxTimeMs),
      retryRunId: session.runId,
      principal,
    });
    this.sessions.liveRuns.delete(session.runId);
    this.sessions.liveRuns.add(revised.runId);
    await this.repository.updateAssignment(session.id, current.taskId, { state: 'replaced' });
    await this.repository.addAssignments([
      {
        sessionId: session.id,
        taskId: current.taskId,
        role: current.role,
        agentId: agent.agentId,
        agentName: agent.name,
        state: 'assigned',
        score: JSON.stringify({ manual: true, by }),
        reason: `reassigned by ${by}${request.text ? `: ${request.text}` : ''}`,
      },
    ]);
    const ledger: Ledger = JSON.parse((await this.sessions.get(session.id)).ledger);
    ledger.progress.push(entry('coordination.reassign', `${by} moved ${current.taskId} from ${current.agentName} to ${agent.name}`));
    await this.repository.updateSession(session.id, { status: 'running', runId: revised.runId, ledger: JSON.stringify(ledger) });
    return { action: 'reassign', detail: `${current.taskId} now with ${agent.name}; run ${revised.runId}` };
  }

  private async currentAssignment(request: CoordinationRequest) {
    const assignments = await this.sessions.agents(request.sessionId);
    const current = assignments.find((a) => a.taskId === request.taskId && a.state !== 'replaced');
    if (!current)
      throw new OrchestratorError(OrchestratorErrorCode.TASK_NOT_FOUND, `Session ${request.sessionId} has no task ${request.taskId}`);
    return current;
  }

  private async waitUntilEnded(runId: string): Promise<void> {
    for (let i = 0; i < 100; i++) {
      const run = await this.bus.request('workflows.run', { runId });
      if (['succeeded', 'failed', 'canceled'].includes(run.status)) return;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}
