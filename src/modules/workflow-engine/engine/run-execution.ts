import { setMaxListeners } from 'node:events';
import type { BusPrincipal } from '@libs/contracts';
import type { StepBody, StepDefinition, WorkflowDefinition } from '@libs/workflow';
import type { WorkflowRunEntity } from 'src/modules/workflow-engine/entities/workflow-run.entity';
import type { WorkflowSignalEntity } from 'src/modules/workflow-engine/entities/workflow-signal.entity';
import { evaluate, type ExpressionScope } from 'src/modules/workflow-engine/engine/expressions';
import type { Journal } from 'src/modules/workflow-engine/engine/journal';
import { readinessOf } from 'src/modules/workflow-engine/engine/readiness';
import { stepState, TERMINAL, type RunState, type StepError, type StepState } from 'src/modules/workflow-engine/engine/run-state';
import type { StepRunner } from 'src/modules/workflow-engine/engine/step-runner';
import type { WorkflowClock } from 'src/modules/workflow-engine/engine/workflow-clock';
import { WorkflowError, WorkflowErrorCode } from 'src/modules/workflow-engine/workflow.errors';

/** What a run execution needs from its driver. */
export interface ExecutionDeps {
  /** Names the worker in run.started / run.resumed events. */
  worker: string;
  journal: Journal;
  steps: StepRunner;
  clock: WorkflowClock;
  maxOutputBytes: number;
  /** Wait steps shorter than this sleep in the worker; longer ones suspend the run and free the worker. */
  inlineWaitMs: number;
  signals: () => Promise<WorkflowSignalEntity[]>;
  runChild: (key: string, workflowId: string, input: unknown, signal: AbortSignal) => Promise<unknown>;
}

const NOT_RETRYABLE = new Set<string>([WorkflowErrorCode.EXPRESSION_FAILED, WorkflowErrorCode.STEP_OUTPUT_TOO_LARGE]);
const DEFAULT_RETRY = { maxAttempts: 1, backoffMs: 500, factor: 2 };

class StepFailed extends Error {}

/**
 * One run being driven by the worker that holds its lease: launches steps whose needs are met, records every
 * transition in the journal, and ends the run (succeeded, failed, canceled) or suspends it (waiting on a timer or
 * a person). Everything it decides follows from the journal, so a different worker resuming the run after a crash
 * continues where it stopped, re-running only steps that had started and not finished (with the same keys).
 */
export class RunExecution {
  private readonly controller = new AbortController();
  private readonly running = new Map<string, Promise<void>>();
  private interrupt!: Promise<void>;
  private wake!: () => void;
  private canceled = false;
  private readonly byId: Map<string, StepDefinition>;
  private readonly input: unknown;
  private readonly principal?: BusPrincipal;

  constructor(
    private readonly run: WorkflowRunEntity,
    private readonly definition: WorkflowDefinition,
    private readonly state: RunState,
    private readonly deps: ExecutionDeps,
  ) {
    this.byId = new Map(definition.steps.map((s) => [s.id, s]));
    // Every running step listens on this signal; a wide map would otherwise trip Node's listener warning.
    setMaxListeners(0, this.controller.signal);
    this.input = JSON.parse(run.input);
    this.principal = run.principal ? (JSON.parse(run.principal) as BusPrincipal) : undefined;
    this.resetInterrupt();
  }

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  /** Stops everything now (the lease was lost, or the process is shutting down); records nothing more. */
  abort(reason: string): void {
    if (!this.controller.signal.aborted) this.controller.abort(new Error(reason));
    this.wake();
  }

  /** A cancellation was requested: running steps are aborted and the run ends as canceled. */
  cancel(): void {
    this.canceled = true;
    this.abort('run canceled');
  }

  /** Drives the run until it ends or suspends. */
  async advance(): Promise<'finished' | 'suspended' | 'aborted'> {
    const j = this.deps.journal;
    const worker = { worker: this.deps.worker };
    if (!this.state.started) await j.record([{ type: 'run.started', data: worker }], { status: 'running', startedAt: this.now() });
    else await j.record([{ type: 'run.resumed', data: worker }], { status: 'running' });
    if (this.run.cancelRequested) this.canceled = true;
    await this.applySignals();
    await this.endElapsedWaits();
    for (;;) {
      if (this.canceled) return this.finishCanceled();
      if (this.controller.signal.aborted) return 'aborted';
      if (this.run.deadlineAt !== null && this.now() > this.run.deadlineAt) return this.finishTimedOut();
      const progressed = await this.launchReady();
      if (this.running.size === 0) {
        if (progressed) continue;
        if (await this.applySignals()) continue;
        const waiting = this.definition.steps.map((s) => stepState(this.state, s.id)).filter((s) => s.status === 'waiting');
        return waiting.length ? this.suspend(waiting) : this.finish();
      }
      await Promise.race([...this.running.values(), this.interrupt]);
      this.resetInterrupt();
    }
  }

  private now(): number {
    return this.deps.clock.now();
  }

  private resetInterrupt(): void {
    this.interrupt = new Promise((resolve) => (this.wake = resolve));
  }

  // ---- scheduling

  private async launchReady(): Promise<boolean> {
    let progressed = false;
    for (const step of this.definition.steps) {
      const st = stepState(this.state, step.id);
      if (this.running.has(step.id) || TERMINAL.has(st.status) || st.status === 'waiting') continue;
      const readiness = readinessOf(step, this.state, this.byId);
      if ('skip' in readiness) {
        await this.deps.journal.record([{ type: 'step.skipped', stepPath: step.id, data: { reason: readiness.skip } }]);
        progressed = true;
      } else if (readiness.ready) {
        const task = this.execute(step)
          .catch((error: unknown) => {
            if (!(error instanceof StepFailed) && !this.controller.signal.aborted) throw error;
          })
          .finally(() => {
            this.running.delete(step.id);
            this.wake();
          });
        this.running.set(step.id, task);
      }
    }
    return progressed;
  }

  // ---- steps

  private scope(extra: Partial<ExpressionScope> = {}): ExpressionScope {
    const steps: ExpressionScope['steps'] = {};
    for (const [path, st] of this.state.steps) if (this.byId.has(path)) steps[path] = { output: st.output, status: st.status };
    return { input: this.input, steps, run: { id: this.run.id, workflowId: this.run.workflowId }, ...extra };
  }

  private async execute(step: StepDefinition): Promise<void> {
    const j = this.deps.journal;
    if (step.when !== undefined && !(await this.truthy(step.when, this.scope(), step.id)))
      return j.record([{ type: 'step.skipped', stepPath: step.id, data: { reason: 'when was false' } }]);
    switch (step.kind) {
      case 'condition': {
        const result = await this.truthy(step.if, this.scope(), step.id);
        return this.instant(step.id, { result, branch: result ? 'then' : 'else' });
      }
      case 'join':
        return this.instant(step.id, Object.fromEntries(step.needs.map((id) => [id, stepState(this.state, id).output])));
      case 'approval':
        return j.record([{ type: 'step.waiting', stepPath: step.id, data: { approval: { prompt: step.prompt } } }]);
      case 'wait':
        return this.waitStep(step);
      case 'map':
        return this.mapStep(step);
      case 'loop':
        return this.loopStep(step);
      case 'agent':
      case 'tool':
      case 'sql':
      case 'knowledge':
      case 'code':
      case 'subworkflow':
      case 'transform':
        await this.attempt(step.id, step, step, this.scope());
    }
  }

  /** A step with no side effect and no duration: started and succeeded in one journal write. */
  private async instant(path: string, output: unknown): Promise<void> {
    await this.deps.journal.record([
      { type: 'step.started', stepPath: path, attempt: 1 },
      { type: 'step.succeeded', stepPath: path, attempt: 1, data: { output, durationMs: 0 } },
    ]);
  }

  /**
   * Runs one unit of work with its retry policy. step.started is queued, not awaited: the journal writes it before
   * anything later, and a crash between the two leaves a started step that is simply run again with the same key.
   */
  private async attempt(path: string, body: StepBody, settings: StepDefinition, scope: ExpressionScope): Promise<unknown> {
    if (body.kind === 'transform') return this.pureStep(path, body.expression, scope);
    const j = this.deps.journal;
    const st = stepState(this.state, path);
    const retry = { ...DEFAULT_RETRY, ...settings.retry };
    const key = `${this.run.id}:${path}`;
    for (;;) {
      const attempt = st.starts + 1;
      const started = j.record([{ type: 'step.started', stepPath: path, attempt, data: { key } }]);
      const began = performance.now();
      try {
        const output = await this.withTimeout(settings.timeoutMs, (signal) =>
          this.deps.steps.run(body, {
            scope: { ...scope, key },
            key,
            principal: this.principal,
            signal,
            timeoutMs: settings.timeoutMs,
            runChild: (workflowId, input) => this.deps.runChild(key, workflowId, input, signal),
          }),
        );
        this.checkSize(output);
        await started;
        await j.record([
          { type: 'step.succeeded', stepPath: path, attempt, data: { output, durationMs: Math.round(performance.now() - began) } },
        ]);
        return output;
      } catch (error) {
        await started.catch(() => undefined);
        if (this.controller.signal.aborted) throw error;
        const failure = toStepError(error);
        if (!NOT_RETRYABLE.has(failure.code) && st.failures + 1 < retry.maxAttempts) {
          const delayMs = Math.round(retry.backoffMs * retry.factor ** st.failures);
          await j.record([{ type: 'step.retrying', stepPath: path, attempt, data: { error: failure, delayMs } }]);
          await this.deps.clock.sleep(delayMs, this.controller.signal);
          continue;
        }
        await j.record([{ type: 'step.failed', stepPath: path, attempt, data: { error: failure } }]);
        throw new StepFailed(failure.message);
      }
    }
  }

  /** A transform has no side effect: computed first, then started and finished in one journal write. */
  private async pureStep(path: string, expression: string, scope: ExpressionScope): Promise<unknown> {
    const attempt = stepState(this.state, path).starts + 1;
    const started = { type: 'step.started', stepPath: path, attempt };
    try {
      const output = await evaluate(expression, scope);
      this.checkSize(output);
      await this.deps.journal.record([started, { type: 'step.succeeded', stepPath: path, attempt, data: { output, durationMs: 0 } }]);
      return output;
    } catch (error) {
      await this.deps.journal.record([started, { type: 'step.failed', stepPath: path, attempt, data: { error: toStepError(error) } }]);
      throw new StepFailed((error as Error).message);
    }
  }

  private async withTimeout<T>(timeoutMs: number | undefined, work: (signal: AbortSignal) => Promise<T>): Promise<T> {
    const local = new AbortController();
    const onAbort = () => local.abort(this.controller.signal.reason);
    this.controller.signal.addEventListener('abort', onAbort, { once: true });
    const timer = timeoutMs
      ? setTimeout(
          () => local.abort(new WorkflowError(WorkflowErrorCode.STEP_TIMEOUT, `The step ran longer than ${timeoutMs} ms`)),
          timeoutMs,
        )
      : undefined;
    const aborted = new Promise<never>((_, reject) =>
      local.signal.addEventListener('abort', () => reject(local.signal.reason), { once: true }),
    );
    try {
      return await Promise.race([work(local.signal), aborted]);
    } finally {
      clearTimeout(timer);
      this.controller.signal.removeEventListener('abort', onAbort);
    }
  }

  private checkSize(output: unknown): void {
    const bytes = Buffer.byteLength(JSON.stringify(output ?? null));
    if (bytes > this.deps.maxOutputBytes)
      throw new WorkflowError(
        WorkflowErrorCode.STEP_OUTPUT_TOO_LARGE,
        `The step output is ${bytes} bytes; the limit is ${this.deps.maxOutputBytes}`,
      );
  }

  private async truthy(expression: string, scope: ExpressionScope, path: string): Promise<boolean> {
    try {
      return Boolean(await evaluate(expression, scope));
    } catch (error) {
      await this.deps.journal.record([{ type: 'step.failed', stepPath: path, attempt: 1, data: { error: toStepError(error) } }]);
      throw new StepFailed((error as Error).message);
    }
  }

  private async waitStep(step: Extract<StepDefinition, { kind: 'wait' }>): Promise<void> {
    const st = stepState(this.state, step.id);
    const until = await this.waitUntil(step, st);
    const left = until - this.now();
    if (left > 0 && (left > this.deps.inlineWaitMs || this.deps.clock.virtual))
      return this.deps.journal.record([{ type: 'step.waiting', stepPath: step.id, data: { until } }]);
    // Journaled before the sleep, so a resume after a crash waits only what is left, not the whole duration again.
    if (st.status !== 'running')
      await this.deps.journal.record([{ type: 'step.started', stepPath: step.id, attempt: st.starts + 1, data: { until } }]);
    await this.deps.clock.sleep(until - this.now(), this.controller.signal);
    await this.deps.journal.record([
      { type: 'step.succeeded', stepPath: step.id, attempt: st.starts, data: { output: { waitedUntil: new Date(until).toISOString() } } },
    ]);
  }

  private async waitUntil(step: Extract<StepDefinition, { kind: 'wait' }>, st: StepState): Promise<number> {
    if (step.durationMs !== undefined) return (st.firstStartedAt ?? this.now()) + step.durationMs;
    const at = step.until!.match(/^\d{4}-\d{2}-\d{2}T/) ? step.until! : await evaluate(step.until!, this.scope());
    const time = Date.parse(String(at));
    if (Number.isNaN(time)) throw new WorkflowError(WorkflowErrorCode.EXPRESSION_FAILED, `wait until ${String(at)} is not a time`);
    return time;
  }

  private async mapStep(step: Extract<StepDefinition, { kind: 'map' }>): Promise<void> {
    const j = this.deps.journal;
    let items: unknown;
    try {
      items = await evaluate(step.over, this.scope());
    } catch (error) {
      await j.record([{ type: 'step.failed', stepPath: step.id, attempt: 1, data: { error: toStepError(error) } }]);
      throw new StepFailed('map over failed');
    }
    const list = items === undefined ? [] : Array.isArray(items) ? items : [items];
    await j.record([{ type: 'step.started', stepPath: step.id, attempt: 1, data: { items: list.length } }]);
    const outputs: unknown[] = new Array(list.length);
    const failures: Array<{ index: number; error: StepError }> = [];
    let next = 0;
    const worker = async () => {
      while (next < list.length && !this.controller.signal.aborted) {
        const index = next++;
        const path = `${step.id}[${index}]`;
        const child = stepState(this.state, path);
        if (child.status === 'succeeded') {
          outputs[index] = child.output;
          continue;
        }
        try {
          outputs[index] = await this.attempt(path, step.step, step, this.scope({ item: list[index], index }));
        } catch (error) {
          if (!(error instanceof StepFailed)) throw error;
          failures.push({ index, error: stepState(this.state, path).error! });
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(step.concurrency, list.length) }, worker));
    if (this.controller.signal.aborted) return;
    if (failures.length) {
      const first = failures.sort((a, b) => a.index - b.index)[0];
      const error = { code: first.error.code, message: `${failures.length} item(s) failed; item ${first.index}: ${first.error.message}` };
      await j.record([{ type: 'step.failed', stepPath: step.id, attempt: 1, data: { error } }]);
      throw new StepFailed(error.message);
    }
    await this.succeed(step.id, outputs);
  }

  private async loopStep(step: Extract<StepDefinition, { kind: 'loop' }>): Promise<void> {
    await this.deps.journal.record([{ type: 'step.started', stepPath: step.id, attempt: 1 }]);
    let index = 0;
    let last: unknown;
    while (stepState(this.state, `${step.id}#${index}`).status === 'succeeded')
      last = stepState(this.state, `${step.id}#${index++}`).output;
    if (index > 0 && (await this.truthy(step.until, this.scope({ index: index - 1, last }), step.id)))
      return this.succeed(step.id, { iterations: index, last });
    for (; index < step.maxIterations; index++) {
      last = await this.attempt(`${step.id}#${index}`, step.step, step, this.scope({ index, last }));
      if (await this.truthy(step.until, this.scope({ index, last }), step.id))
        return this.succeed(step.id, { iterations: index + 1, last });
    }
    await this.succeed(step.id, { iterations: step.maxIterations, last, exhausted: true });
  }

  private async succeed(path: string, output: unknown): Promise<void> {
    try {
      this.checkSize(output);
    } catch (error) {
      await this.deps.journal.record([{ type: 'step.failed', stepPath: path, attempt: 1, data: { error: toStepError(error) } }]);
      throw new StepFailed((error as Error).message);
    }
    await this.deps.journal.record([{ type: 'step.succeeded', stepPath: path, attempt: 1, data: { output } }]);
  }

  // ---- waiting, signals and the end of a run

  /** Turns recorded approvals into journal events; true when one was applied. */
  private async applySignals(): Promise<boolean> {
    let applied = false;
    for (const signal of await this.deps.signals()) {
      const st = this.state.steps.get(signal.stepPath);
      if (st?.status !== 'waiting' || !st.approval) continue;
      const decision = {
        approved: signal.approved,
        by: signal.decidedBy,
        at: new Date(signal.createdAt).toISOString(),
        comment: signal.comment,
      };
      await this.deps.journal.record([
        signal.approved
          ? { type: 'step.succeeded', stepPath: signal.stepPath, attempt: 1, data: { output: decision } }
          : {
              type: 'step.failed',
              stepPath: signal.stepPath,
              attempt: 1,
              data: {
                error: {
                  code: WorkflowErrorCode.STEP_REJECTED,
                  message: `Rejected by ${signal.decidedBy}${signal.comment ? `: ${signal.comment}` : ''}`,
                },
              },
            },
      ]);
      applied = true;
    }
    return applied;
  }

  private async endElapsedWaits(): Promise<void> {
    for (const step of this.definition.steps) {
      const st = stepState(this.state, step.id);
      if (step.kind === 'wait' && st.status === 'waiting' && st.waitUntil !== undefined && st.waitUntil <= this.now())
        await this.instant(step.id, { waitedUntil: new Date(st.waitUntil).toISOString() });
    }
  }

  private async suspend(waiting: StepState[]): Promise<'suspended'> {
    const timers = waiting.map((w) => w.waitUntil).filter((t): t is number => t !== undefined);
    const wakeAt = timers.length ? Math.min(...timers) : undefined;
    await this.deps.journal.record(
      [{ type: 'run.waiting', data: { steps: waiting.map((w) => w.path), wakeAt } }],
      { status: 'waiting' },
      wakeAt,
    );
    return 'suspended';
  }

  private async finish(): Promise<'finished'> {
    const failed = this.definition.steps.map((s) => stepState(this.state, s.id)).find((s) => s.status === 'failed');
    const finishedAt = this.now();
    if (failed) {
      const error = {
        code: failed.error?.code ?? WorkflowErrorCode.STEP_FAILED,
        message: `Step ${failed.path} failed: ${failed.error?.message ?? ''}`,
        step: failed.path,
      };
      await this.deps.journal.record([{ type: 'run.failed', data: { error } }], {
        status: 'failed',
        error: JSON.stringify(error),
        finishedAt,
      });
      return 'finished';
    }
    let output: unknown;
    try {
      output = this.definition.output ? await evaluate(this.definition.output, this.scope()) : this.defaultOutput();
      this.checkSize(output);
    } catch (error) {
      const failure = toStepError(error);
      await this.deps.journal.record([{ type: 'run.failed', data: { error: failure } }], {
        status: 'failed',
        error: JSON.stringify(failure),
        finishedAt,
      });
      return 'finished';
    }
    await this.deps.journal.record([{ type: 'run.succeeded', data: { output } }], {
      status: 'succeeded',
      output: JSON.stringify(output ?? null),
      finishedAt,
    });
    return 'finished';
  }

  private defaultOutput(): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const step of this.definition.steps) {
      const st = stepState(this.state, step.id);
      if (st.status === 'succeeded') out[step.id] = st.output;
    }
    return out;
  }

  private async finishCanceled(): Promise<'finished'> {
    await Promise.allSettled(this.running.values());
    const error = { code: WorkflowErrorCode.RUN_CANCELED, message: 'The run was canceled' };
    await this.deps.journal.record([{ type: 'run.canceled' }], {
      status: 'canceled',
      error: JSON.stringify(error),
      finishedAt: this.now(),
    });
    return 'finished';
  }

  private async finishTimedOut(): Promise<'finished'> {
    this.controller.abort(new Error('run timed out'));
    await Promise.allSettled(this.running.values());
    const error = { code: WorkflowErrorCode.RUN_TIMEOUT, message: 'The run passed its timeoutMs' };
    await this.deps.journal.record([{ type: 'run.failed', data: { error } }], {
      status: 'failed',
      error: JSON.stringify(error),
      finishedAt: this.now(),
    });
    return 'finished';
  }
}

export function toStepError(error: unknown): StepError {
  if (error instanceof WorkflowError) return { code: error.code, message: error.message };
  const e = error as { code?: unknown; message?: unknown };
  return {
    code: typeof e?.code === 'string' ? e.code : WorkflowErrorCode.STEP_FAILED,
    message: String(e?.message ?? error).slice(0, 2_000),
  };
}
