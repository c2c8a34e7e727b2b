import { EventEmitter } from 'node:events';
import { Inject, Injectable } from '@nestjs/common';
import { isSpanContextValid, trace } from '@opentelemetry/api';
import { Bus } from '@libs/bus';
import type { Env } from '@libs/config';
import type { BusPrincipal, ParamsOf, ResultOf } from '@libs/contracts';
import { ENV } from 'src/core/env.token';
import type { OrchestrationSessionEntity, SessionStatus } from './entities/orchestration-session.entity';
import type { TaskAssignmentEntity } from './entities/task-assignment.entity';
import { OrchestratorRepository } from './orchestrator.repository';
import { OrchestratorError, OrchestratorErrorCode } from './orchestrator.errors';
import { PlannerService, type PlanTask } from './planner.service';
import { planToDefinition } from './session-plan';
import { SkillRouter, type Routing } from './skill-router.service';

export interface Budget {
  maxSteps: number;
  maxTimeMs: number;
  maxReplans: number;
  maxTokens: number;
}

export interface SessionRequest {
  goal: string;
  context?: string;
  /** Only these agents may be routed to. */
  agentIds?: string[];
  /** Deterministic planning: one task per capability, in order. */
  capabilities?: string[];
  model?: { provider: string; modelId: string };
  budget?: Partial<Budget>;
}

export interface LedgerEntry {
  at: string;
  event: string;
  detail: string;
}

export interface Ledger {
  facts: string[];
  guesses: string[];
  progress: LedgerEntry[];
}

/** How often a waiter re-reads a session another process may end (this process's own endings wake it at once). */
const POLL_MS = 250;
const DEFAULT_BUDGET: Budget = { maxSteps: 10, maxTimeMs: 10 * 60_000, maxReplans: 2, maxTokens: 100_000 };

/** Orchestration sessions: plan the goal, route every task, run the plan as a durable workflow. */
@Injectable()
export class SessionsService {
  /** Runs of live sessions, so the driver ignores the rest of the platform's workflow events cheaply. */
  readonly liveRuns = new Set<string>();
  private readonly ended = new EventEmitter().setMaxListeners(0);

  constructor(
    @Inject(ENV) private readonly env: Env,
    private readonly repository: OrchestratorRepository,
    private readonly planner: PlannerService,
    private readonly router: SkillRouter,
    private readonly bus: Bus,
  ) {}

  async start(request: SessionRequest, principal?: BusPrincipal): Promise<OrchestrationSessionEntity> {
    const budget = { ...DEFAULT_BUDGET, ...request.budget };
    const model = request.model ?? this.defaultModel();
    // The trace the session starts in (its planning, routing and run launch): kept so the session links to it.
    const span = trace.getActiveSpan();
    const traceId = span && isSpanContextValid(span.spanContext()) ? span.spanContext().traceId : undefined;
    const session = await this.repository.createSession({
      goal: request.goal,
      request: JSON.stringify({ ...request, budget, model, traceId }),
      status: 'planning',
      ledger: JSON.stringify({
        facts: [],
        guesses: [],
        progress: [entry('session.created', `goal received; budget ${JSON.stringify(budget)}`)],
      }),
      principal: principal ? JSON.stringify(principal) : null,
    });
    span?.setAttribute('session.id', session.id);
    try {
      await this.planAndRun(session, request, budget, model, principal);
    } catch (error) {
      const failure = { code: (error as { code?: string }).code ?? 'ORCHESTRATION_FAILED', message: (error as Error).message };
      await this.note(session.id, 'session.failed', failure.message, { status: 'failed', error: JSON.stringify(failure) });
      if (error instanceof OrchestratorError)
        throw new OrchestratorError(error.code, error.message, { ...error.details, sessionId: session.id });
      throw error;
    }
    return (await this.repository.findSession(session.id))!;
  }

  private async planAndRun(
    session: OrchestrationSessionEntity,
    request: SessionRequest,
    budget: Budget,
    model: SessionRequest['model'],
    principal?: BusPrincipal,
  ): Promise<void> {
    const plan = await this.planner.plan({
      goal: request.goal,
      context: request.context,
      model,
      capabilities: request.capabilities,
      maxTasks: budget.maxSteps,
    });
    if (plan.tokens > budget.maxTokens)
      throw new OrchestratorError(
        OrchestratorErrorCode.PLAN_OVER_BUDGET,
        `Planning used ${plan.tokens} tokens; the budget is ${budget.maxTokens}`,
      );
    const ledger: Ledger = JSON.parse(session.ledger);
    ledger.facts = plan.facts;
    ledger.guesses = plan.guesses;
    for (const reason of plan.rejected) ledger.progress.push(entry('plan.rejected', reason));
    ledger.progress.push(entry('plan.made', `${plan.planner} planner: ${plan.tasks.map((t) => t.id).join(', ')}`));
    const routings = await this.routeAll(plan.tasks, request.agentIds);
    const agents = new Map([...routings].map(([taskId, r]) => [taskId, r.chosen.agentId]));
    const definition = planToDefinition(request.goal, request.context, plan.tasks, agents, budget.maxTimeMs);
    const started = await this.bus.request('workflows.start', {
      name: `orchestration:${session.id}`,
      description: `Plan of orchestration session ${session.id}`,
      definition,
      input: { goal: request.goal },
      principal,
    });
    this.liveRuns.add(started.runId);
    await this.repository.addAssignments(plan.tasks.map((task) => assignment(session.id, task, routings.get(task.id)!)));
    for (const task of plan.tasks) ledger.progress.push(entry('task.assigned', `${task.id} → ${routings.get(task.id)!.reason}`));
    await this.repository.updateSession(session.id, {
      status: 'running',
      plan: JSON.stringify(plan.tasks),
      ledger: JSON.stringify(ledger),
      workflowId: started.workflowId,
      runId: started.runId,
      tokensUsed: plan.tokens,
    });
  }

  /** Routes each task in plan order, counting what this plan already gave each agent as load. */
  async routeAll(tasks: PlanTask[], allow?: string[], exclude: Map<string, string[]> = new Map()): Promise<Map<string, Routing>> {
    const planned = new Map<string, number>();
    const routings = new Map<string, Routing>();
    for (const task of tasks) {
      const routing = await this.router.route({
        need: task.capability ?? `${task.title} ${task.instructions}`,
        capability: task.capability,
        allow,
        exclude: exclude.get(task.id),
        planned,
      });
      planned.set(routing.chosen.agentId, (planned.get(routing.chosen.agentId) ?? 0) + 1);
      routings.set(task.id, routing);
    }
    return routings;
  }

  /** A page of sessions, newest first, optionally of one status. */
  list(filter: { status?: SessionStatus; limit: number; offset: number }): Promise<[OrchestrationSessionEntity[], number]> {
    return this.repository.listSessions(filter);
  }

  /** Assignments of many sessions at once (a list page's agents), by session id. */
  async assignmentsOf(ids: string[]): Promise<Map<string, TaskAssignmentEntity[]>> {
    const byId = new Map<string, TaskAssignmentEntity[]>(ids.map((id) => [id, []]));
    for (const a of await this.repository.assignmentsOfSessions(ids)) byId.get(a.sessionId)?.push(a);
    return byId;
  }

  async get(id: string): Promise<OrchestrationSessionEntity> {
    const session = await this.repository.findSession(id);
    if (!session) throw new OrchestratorError(OrchestratorErrorCode.SESSION_NOT_FOUND, `No orchestration session ${id}`);
    return session;
  }

  /** Resolves when the session has ended or waitMs passed (woken at once when this process ends it). */
  async waitFor(id: string, waitMs: number): Promise<OrchestrationSessionEntity> {
    const deadline = Date.now() + waitMs;
    for (;;) {
      const session = await this.get(id);
      if (!['planning', 'running'].includes(session.status) || Date.now() >= deadline) return session;
      await new Promise<void>((resolve) => {
        const done = () => (clearTimeout(timer), this.ended.off(id, done), resolve());
        const timer = setTimeout(done, Math.min(POLL_MS, Math.max(0, deadline - Date.now())));
        this.ended.on(id, done);
      });
    }
  }

  /** Starts a session and waits for its end: what the platform's supervisor agent answers an A2A message with. */
  async runToEnd({ goal, context, principal, waitMs }: ParamsOf<'orchestrator.run'>): Promise<ResultOf<'orchestrator.run'>> {
    const started = await this.start({ goal, context }, principal);
    const session = await this.waitFor(started.id, waitMs ?? 300_000);
    const result = session.result ? (JSON.parse(session.result) as Record<string, string>) : {};
    const error = session.error ? (JSON.parse(session.error) as { message?: string }) : undefined;
    return { sessionId: session.id, status: session.status, results: result, error: error?.message };
  }

  async agents(id: string): Promise<TaskAssignmentEntity[]> {
    await this.get(id);
    return this.repository.assignments(id);
  }

  /** The session's run as the workflow engine sees it (per-task outputs), when it has one. */
  async run(session: OrchestrationSessionEntity) {
    return session.runId ? this.bus.request('workflows.run', { runId: session.runId }).catch(() => undefined) : undefined;
  }

  async cancel(id: string, by: string): Promise<OrchestrationSessionEntity> {
    const session = await this.get(id);
    if (!['planning', 'running'].includes(session.status))
      throw new OrchestratorError(OrchestratorErrorCode.SESSION_FINISHED, `The session already ${session.status}`);
    if (session.runId) await this.bus.request('workflows.cancel', { runId: session.runId });
    await this.note(id, 'session.canceled', `canceled by ${by}`, { status: 'canceled' });
    return this.get(id);
  }

  /** Appends a ledger entry, with an optional change to the session row. */
  async note(id: string, event: string, detail: string, patch: Partial<OrchestrationSessionEntity> = {}): Promise<void> {
    const session = await this.repository.findSession(id);
    if (!session) return;
    const ledger: Ledger = JSON.parse(session.ledger);
    ledger.progress.push(entry(event, detail));
    await this.repository.updateSession(id, { ...patch, ledger: JSON.stringify(ledger) });
    if (patch.status && !['planning', 'running'].includes(patch.status)) this.ended.emit(id);
  }

  private defaultModel(): SessionRequest['model'] {
    const configured = this.env.ORCHESTRATOR_PLANNER_MODEL;
    if (!configured) return undefined;
    const [provider, ...rest] = configured.split(':');
    return { provider, modelId: rest.join(':') };
  }
}

export function entry(event: string, detail: string): LedgerEntry {
  return { at: new Date().toISOString(), event, detail };
}

export function assignment(sessionId: string, task: PlanTask, routing: Routing): Partial<TaskAssignmentEntity> {
  return {
    sessionId,
    taskId: task.id,
    role: task.title,
    agentId: routing.chosen.agentId,
    agentName: routing.chosen.name,
    state: 'assigned',
    score: JSON.stringify({ chosen: routing.chosen, alternatives: routing.alternatives }),
    reason: routing.reason,
  };
}
