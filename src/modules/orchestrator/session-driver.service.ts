import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { Bus } from '@libs/bus';
import type { EventOf, ResultOf } from '@libs/contracts';
import type { OrchestrationSessionEntity } from './entities/orchestration-session.entity';
import { OrchestratorRepository } from './orchestrator.repository';
import type { PlanTask } from './planner.service';
import { planToDefinition } from './session-plan';
import { assignment, entry, SessionsService, type Budget, type Ledger, type SessionRequest } from './sessions.service';

const SWEEP_MS = 2_000;
const FINISHED = new Set(['succeeded', 'failed', 'canceled']);

/**
 * The progress loop: follows each session's run (live events, and a sweep for what a restart missed), keeps the
 * assignments and ledger current, and re-plans when a task fails: the failed task goes to the next best agent on a
 * new version of the plan, and the run is retried keeping every task that succeeded. Within the session's budget.
 */
@Injectable()
export class SessionDriver implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(SessionDriver.name);
  private timer?: NodeJS.Timeout;
  private unsubscribe?: () => void;
  private readonly busy = new Set<string>();

  constructor(
    private readonly repository: OrchestratorRepository,
    private readonly sessions: SessionsService,
    private readonly bus: Bus,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    for (const session of await this.repository.runningSessions()) if (session.runId) this.sessions.liveRuns.add(session.runId);
    this.unsubscribe = this.bus.subscribe('workflow.run.event', (event) => void this.onEvent(event));
    this.timer = setInterval(() => void this.sweep(), SWEEP_MS);
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
    this.unsubscribe?.();
  }

  private async onEvent(event: EventOf<'workflow.run.event'>): Promise<void> {
    if (!this.sessions.liveRuns.has(event.runId)) return;
    try {
      const session = await this.repository.findSessionByRun(event.runId);
      if (!session) return;
      if (event.type.startsWith('step.') && event.stepPath) await this.onStep(session, event);
      if (['run.succeeded', 'run.failed', 'run.canceled'].includes(event.type)) await this.settle(session.id);
    } catch (error) {
      this.logger.warn(`session event ${event.type} of run ${event.runId}: ${String(error)}`);
    }
  }

  private async onStep(session: OrchestrationSessionEntity, event: EventOf<'workflow.run.event'>): Promise<void> {
    const state = { 'step.started': 'running', 'step.succeeded': 'succeeded', 'step.failed': 'failed', 'step.reused': 'succeeded' }[
      event.type
    ];
    if (!state || !event.stepPath || event.stepPath.includes('[')) return;
    const data = (event.data ?? {}) as { durationMs?: number; error?: { message: string } };
    await this.repository.updateAssignment(session.id, event.stepPath, {
      state,
      ...(data.durationMs !== undefined ? { latencyMs: data.durationMs } : {}),
      ...(data.error ? { error: data.error.message } : {}),
    });
  }

  /** Finished sessions whose events were missed (a restart) are settled from the run's own state. */
  private async sweep(): Promise<void> {
    try {
      for (const session of await this.repository.runningSessions()) if (session.runId) await this.settle(session.id);
    } catch (error) {
      this.logger.warn(`session sweep: ${String(error)}`);
    }
  }

  /** Moves a session on once its run has ended: done, canceled, or re-planned around the failed tasks. */
  async settle(sessionId: string): Promise<void> {
    if (this.busy.has(sessionId)) return;
    this.busy.add(sessionId);
    try {
      const session = await this.repository.findSession(sessionId);
      if (!session?.runId || session.status !== 'running') return;
      const run = await this.bus.request('workflows.run', { runId: session.runId });
      if (!FINISHED.has(run.status)) return;
      for (const step of run.steps)
        if (!step.path.includes('[')) await this.repository.updateAssignment(session.id, step.path, { state: stateOf(step.status) });
      if (run.status === 'succeeded') return this.finish(session, 'succeeded', { result: JSON.stringify(run.output ?? null) });
      if (run.status === 'canceled') return this.finish(session, 'canceled', {});
      await this.replanOrFail(session, run);
    } finally {
      this.busy.delete(sessionId);
    }
  }

  private async finish(
    session: OrchestrationSessionEntity,
    status: 'succeeded' | 'failed' | 'canceled',
    patch: Partial<OrchestrationSessionEntity>,
  ) {
    this.sessions.liveRuns.delete(session.runId!);
    await this.sessions.note(session.id, `session.${status}`, status === 'succeeded' ? 'every task answered' : `the run ${status}`, {
      ...patch,
      status,
    });
  }

  private async replanOrFail(session: OrchestrationSessionEntity, run: ResultOf<'workflows.run'>): Promise<void> {
    const request = JSON.parse(session.request) as SessionRequest & { budget: Budget };
    const failedTasks = run.steps.filter((s) => s.status === 'failed' && !s.path.includes('['));
    const elapsed = Date.now() - session.createdAt.getTime();
    const why = run.error ? `${run.error.code}: ${run.error.message}` : 'a task failed';
    if (session.replans >= request.budget.maxReplans || elapsed >= request.budget.maxTimeMs || !failedTasks.length)
      return this.finish(session, 'failed', {
        error: JSON.stringify({ code: run.error?.code ?? 'TASK_FAILED', message: why, replans: session.replans }),
      });
    const tasks = JSON.parse(session.plan ?? '[]') as PlanTask[];
    const previous = await this.repository.assignments(session.id);
    const exclude = new Map(failedTasks.map((s) => [s.path, previous.filter((a) => a.taskId === s.path).map((a) => a.agentId)]));
    let rerouted;
    try {
      rerouted = await this.sessions.routeAll(
        tasks.filter((t) => exclude.has(t.id)),
        request.agentIds,
        exclude,
      );
    } catch (error) {
      return this.finish(session, 'failed', {
        error: JSON.stringify({ code: 'NO_ALTERNATIVE', message: `${why}; no other agent can take it: ${(error as Error).message}` }),
      });
    }
    if (!(await this.repository.claimReplan(session.id, session.runId!, session.replans))) return;
    const agents = new Map(previous.filter((a) => a.state !== 'replaced').map((a) => [a.taskId, a.agentId]));
    for (const [taskId, routing] of rerouted) agents.set(taskId, routing.chosen.agentId);
    const definition = planToDefinition(request.goal, request.context, tasks, agents, Math.max(1, request.budget.maxTimeMs - elapsed));
    const revised = await this.bus.request('workflows.revise', {
      workflowId: session.workflowId!,
      definition,
      retryRunId: session.runId!,
      principal: session.principal ? JSON.parse(session.principal) : undefined,
    });
    this.sessions.liveRuns.delete(session.runId!);
    this.sessions.liveRuns.add(revised.runId);
    for (const taskId of rerouted.keys()) await this.repository.updateAssignment(session.id, taskId, { state: 'replaced' });
    await this.repository.addAssignments(
      tasks.filter((t) => rerouted.has(t.id)).map((t) => assignment(session.id, t, rerouted.get(t.id)!)),
    );
    const ledger: Ledger = JSON.parse(session.ledger);
    for (const [taskId, routing] of rerouted)
      ledger.progress.push(entry('task.reassigned', `${taskId} failed (${why}); now ${routing.reason}`));
    ledger.progress.push(entry('plan.revised', `version ${revised.version}; run ${revised.runId} keeps the tasks that succeeded`));
    await this.repository.updateSession(session.id, { runId: revised.runId, ledger: JSON.stringify(ledger) });
  }
}

function stateOf(status: string): string {
  return status === 'pending' || status === 'waiting' ? 'assigned' : status;
}
