import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { Cron } from 'croner';
import type { BusPrincipal } from '@libs/contracts';
import { RunLauncher } from 'src/modules/workflow-engine/engine/run-launcher';
import { WorkflowClock } from 'src/modules/workflow-engine/engine/workflow-clock';
import type { WorkflowScheduleEntity } from 'src/modules/workflow-engine/entities/workflow-schedule.entity';
import { WorkflowRepository } from 'src/modules/workflow-engine/workflow.repository';
import { WorkflowError, WorkflowErrorCode } from 'src/modules/workflow-engine/workflow.errors';
import { WorkflowsService } from 'src/modules/workflow-engine/workflows.service';

export const OVERLAP_POLICIES = ['skip', 'queue', 'allow'] as const;
export const CATCHUP_POLICIES = ['skip', 'once', 'all'] as const;

export interface ScheduleInput {
  workflowId: string;
  name?: string;
  cron: string;
  timezone?: string;
  input?: unknown;
  overlap?: (typeof OVERLAP_POLICIES)[number];
  catchup?: (typeof CATCHUP_POLICIES)[number];
  catchupWindowMs?: number;
}

/** A tick this close to now is on time; older due ticks were missed (the platform was down). */
const ON_TIME_MS = 60_000;
const TICK_MS = 1_000;
/** Bounds the work of one pass after a long downtime: later passes go on from where it stopped. */
const MAX_TICKS_PER_PASS = 500;

/**
 * Cron schedules with time zones, overlap and catch-up policies. Every replica ticks; the fire row's key lets one
 * win each tick, and the run is created in the same transaction as the fire row.
 */
@Injectable()
export class SchedulesService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(SchedulesService.name);
  private timer?: NodeJS.Timeout;
  private ticking?: Promise<void>;

  constructor(
    private readonly repository: WorkflowRepository,
    private readonly workflows: WorkflowsService,
    private readonly launcher: RunLauncher,
    private readonly clock: WorkflowClock,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => {
      if (!this.clock.virtual) void this.tick();
    }, TICK_MS);
    this.clock.onAdvance(() => this.tick());
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.ticking;
  }

  async create(input: ScheduleInput, principal?: BusPrincipal): Promise<WorkflowScheduleEntity> {
    const workflow = await this.workflows.get(input.workflowId);
    const timezone = input.timezone ?? 'UTC';
    cronOf(input.cron, timezone);
    const [, definition] = await this.workflows.getWithDefinition(workflow.id);
    this.launcher.checkInput(`${workflow.id}:${workflow.currentVersion}`, definition, input.input ?? {});
    return this.repository.saveSchedule({
      workflowId: workflow.id,
      name: input.name ?? `${workflow.name} (${input.cron})`,
      cron: input.cron,
      timezone,
      input: JSON.stringify(input.input ?? {}),
      overlap: input.overlap ?? 'skip',
      catchup: input.catchup ?? 'once',
      catchupWindowMs: input.catchupWindowMs ?? 24 * 3600_000,
      paused: false,
      lastTickAt: this.clock.now(),
      createdBy: principal?.id ?? null,
      principal: principal ? JSON.stringify(principal) : null,
    });
  }

  list(workflowId?: string): Promise<WorkflowScheduleEntity[]> {
    return this.repository.listSchedules(workflowId);
  }

  async get(id: string): Promise<WorkflowScheduleEntity> {
    const schedule = await this.repository.findSchedule(id);
    if (!schedule) throw new WorkflowError(WorkflowErrorCode.SCHEDULE_NOT_FOUND, `No schedule ${id}`);
    return schedule;
  }

  /** The next fire times (ISO 8601) of a schedule. */
  nextFires(schedule: WorkflowScheduleEntity, count = 3): string[] {
    return cronOf(schedule.cron, schedule.timezone)
      .nextRuns(count, new Date(this.clock.now()))
      .map((d) => d.toISOString());
  }

  async setPaused(id: string, paused: boolean): Promise<WorkflowScheduleEntity> {
    await this.get(id);
    // Resuming does not fire the ticks that passed while paused.
    await this.repository.setSchedulePaused(id, paused, paused ? undefined : this.clock.now());
    return this.get(id);
  }

  async remove(id: string): Promise<void> {
    if (!(await this.repository.deleteSchedule(id))) throw new WorkflowError(WorkflowErrorCode.SCHEDULE_NOT_FOUND, `No schedule ${id}`);
  }

  async fires(id: string) {
    await this.get(id);
    return this.repository.fires(id);
  }

  /** One pass over every active schedule (a timer calls it each second; a frozen clock calls it when it moves). */
  tick(): Promise<void> {
    this.ticking ??= this.pass().finally(() => (this.ticking = undefined));
    return this.ticking;
  }

  private async pass(): Promise<void> {
    for (const schedule of await this.repository.activeSchedules()) {
      try {
        await this.startQueued(schedule);
        await this.fireDue(schedule);
      } catch (error) {
        this.logger.warn(`schedule ${schedule.id}: ${String(error)}`);
      }
    }
  }

  private async fireDue(schedule: WorkflowScheduleEntity): Promise<void> {
    const now = this.clock.now();
    const due = dueTicks(schedule, now);
    if (!due.length) return;
    const plan = planCatchup(schedule, due, now);
    for (const tickAt of due) {
      const fire = plan.get(tickAt);
      if (!fire) continue; // beyond this pass's bound: the next pass continues
      if (fire !== 'fire') {
        await this.repository.claimTick({ scheduleId: schedule.id, tickAt, outcome: 'skipped', runId: null, reason: fire }, now);
        continue;
      }
      await this.fire(schedule, tickAt, now);
    }
  }

  private async fire(schedule: WorkflowScheduleEntity, tickAt: number, now: number): Promise<void> {
    const busy = schedule.overlap !== 'allow' && (await this.repository.countActiveRuns({ scheduleId: schedule.id })) > 0;
    if (busy) {
      const outcome = schedule.overlap === 'queue' ? 'queued' : 'skipped';
      await this.repository.claimTick(
        { scheduleId: schedule.id, tickAt, outcome, runId: null, reason: 'the previous run is still going' },
        now,
      );
      return;
    }
    const prepared = await this.prepareRun(schedule);
    if (!prepared) return;
    const claimed = await this.repository.claimTick(
      { scheduleId: schedule.id, tickAt, outcome: 'started', runId: prepared.run.id, reason: null },
      now,
      (em) => this.repository.createRunIn(em, prepared.run, prepared.events, now),
    );
    if (claimed) this.launcher.onLaunched?.();
  }

  /** Queued fires start, oldest first, once the schedule has no run going. */
  private async startQueued(schedule: WorkflowScheduleEntity): Promise<void> {
    if (schedule.overlap !== 'queue') return;
    const [next] = await this.repository.queuedFires(schedule.id);
    if (!next || (await this.repository.countActiveRuns({ scheduleId: schedule.id })) > 0) return;
    const prepared = await this.prepareRun(schedule);
    if (!prepared || !(await this.repository.markFireStarted(schedule.id, next.tickAt, prepared.run.id))) return;
    await this.repository.createRun(prepared.run, prepared.events, this.clock.now());
    this.launcher.onLaunched?.();
  }

  private async prepareRun(schedule: WorkflowScheduleEntity) {
    const workflow = await this.repository.findWorkflow(schedule.workflowId);
    if (!workflow?.enabled) return undefined;
    return this.launcher.prepare({
      workflow,
      input: JSON.parse(schedule.input),
      trigger: 'schedule',
      scheduleId: schedule.id,
      principal: schedule.principal ? JSON.parse(schedule.principal) : undefined,
    });
  }
}

export function cronOf(expression: string, timezone: string): Cron {
  try {
    new Intl.DateTimeFormat('en', { timeZone: timezone });
  } catch {
    throw new WorkflowError(WorkflowErrorCode.SCHEDULE_INVALID, `Unknown time zone ${timezone}`);
  }
  try {
    return new Cron(expression, { timezone, paused: true });
  } catch (error) {
    throw new WorkflowError(
      WorkflowErrorCode.SCHEDULE_INVALID,
      `Invalid cron expression ${JSON.stringify(expression)}: ${(error as Error).message}`,
    );
  }
}

/** Ticks after the last one considered, up to now (bounded per pass). */
export function dueTicks(schedule: Pick<WorkflowScheduleEntity, 'cron' | 'timezone' | 'lastTickAt'>, now: number): number[] {
  const cron = cronOf(schedule.cron, schedule.timezone);
  const ticks: number[] = [];
  let from = new Date(schedule.lastTickAt);
  while (ticks.length < MAX_TICKS_PER_PASS) {
    const next = cron.nextRun(from);
    if (!next || next.getTime() > now) break;
    ticks.push(next.getTime());
    from = next;
  }
  return ticks;
}

/**
 * What each due tick does: 'fire', or the reason it is skipped. The newest tick is on time if it is within a
 * minute of now; older ones were missed: skip (none), once (only the newest missed one, unless one is on time),
 * all (each one within the catch-up window).
 */
export function planCatchup(
  schedule: Pick<WorkflowScheduleEntity, 'catchup' | 'catchupWindowMs'>,
  due: number[],
  now: number,
): Map<number, string> {
  const plan = new Map<number, string>();
  const onTime = due.filter((t) => now - t <= ON_TIME_MS);
  const missed = due.filter((t) => now - t > ON_TIME_MS);
  for (const t of onTime) plan.set(t, 'fire');
  const catchUp = new Set<number>();
  if (schedule.catchup === 'once' && !onTime.length && missed.length) catchUp.add(missed[missed.length - 1]);
  if (schedule.catchup === 'all') for (const t of missed) if (now - t <= schedule.catchupWindowMs) catchUp.add(t);
  for (const t of missed) plan.set(t, catchUp.has(t) ? 'fire' : `missed while the platform was down (catch-up: ${schedule.catchup})`);
  return plan;
}
