import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { Bus } from '@libs/bus';
import type { Env } from '@libs/config';
import { uuidFromKey } from '@libs/contracts';
import { ENV } from 'src/core/env.token';
import { DefinitionCache } from 'src/modules/workflow-engine/engine/definition-cache';
import { Journal } from 'src/modules/workflow-engine/engine/journal';
import { RunExecution } from 'src/modules/workflow-engine/engine/run-execution';
import { RunLauncher } from 'src/modules/workflow-engine/engine/run-launcher';
import { foldEvents } from 'src/modules/workflow-engine/engine/run-state';
import { StepRunner } from 'src/modules/workflow-engine/engine/step-runner';
import { WorkflowClock } from 'src/modules/workflow-engine/engine/workflow-clock';
import { LeaseLostError, WorkflowRepository, type Lease } from 'src/modules/workflow-engine/workflow.repository';
import { WorkflowError, WorkflowErrorCode } from 'src/modules/workflow-engine/workflow.errors';

const INLINE_WAIT_MS = 2_000;
const CHILD_POLL_MS = 100;

/**
 * Drives runs: claims a run's lease, replays its journal, and hands it to a RunExecution, renewing the lease while
 * it works. Two workers given the same run never both drive it: the claim admits one, and the fencing token stops
 * a worker that lost its lease from recording anything.
 */
@Injectable()
export class RunDriver implements OnApplicationShutdown {
  private readonly logger = new Logger(RunDriver.name);
  readonly owner = `${process.pid}:${randomUUID().slice(0, 8)}`;
  private readonly active = new Map<string, RunExecution>();
  /** Asks the worker to queue a run again (a signal arrived while we still held its lease). */
  requeue?: (runId: string) => void;

  constructor(
    @Inject(ENV) private readonly env: Env,
    private readonly repository: WorkflowRepository,
    private readonly definitions: DefinitionCache,
    private readonly launcher: RunLauncher,
    private readonly steps: StepRunner,
    private readonly clock: WorkflowClock,
    private readonly bus: Bus,
  ) {}

  get activeRuns(): number {
    return this.active.size;
  }

  /** Cancels a run this process is driving (a bus event tells every process). */
  cancelLocal(runId: string): void {
    this.active.get(runId)?.cancel();
  }

  async drive(runId: string): Promise<void> {
    if (this.active.has(runId)) return;
    const lease = await this.repository.claim(runId, this.owner, this.clock.now(), this.env.WORKFLOW_LEASE_MS);
    if (!lease) return;
    const run = await this.repository.findRun(runId);
    if (!run) return;
    const state = foldEvents(await this.repository.events(runId));
    const definition = await this.definitions.get(run.workflowId, run.version);
    const journal = new Journal(this.repository, this.bus, lease, run, state, () => this.clock.now());
    const execution = new RunExecution(run, definition, state, {
      worker: this.owner,
      journal,
      steps: this.steps,
      clock: this.clock,
      maxOutputBytes: this.env.WORKFLOW_MAX_STEP_OUTPUT_BYTES,
      inlineWaitMs: INLINE_WAIT_MS,
      signals: () => this.repository.signals(runId),
      runChild: (key, workflowId, input, signal) => this.runChild(runId, key, workflowId, input, signal, run.principal),
    });
    this.active.set(runId, execution);
    const heartbeat = setInterval(() => void this.renew(lease, execution), Math.max(100, Math.floor(this.env.WORKFLOW_LEASE_MS / 3)));
    let crashed = false;
    try {
      await execution.advance();
    } catch (error) {
      if (error instanceof LeaseLostError) this.logger.warn(`run ${runId}: ${error.message}; another worker continues it`);
      else {
        crashed = true;
        this.logger.error(`run ${runId} stopped: ${(error as Error).stack ?? String(error)}`);
        // An engine fault must not leave the run looping between workers: end it, with the reason.
        const failure = { code: 'ENGINE_ERROR', message: (error as Error).message ?? String(error) };
        await journal
          .record([{ type: 'run.failed', data: { error: failure } }], {
            status: 'failed',
            error: JSON.stringify(failure),
            finishedAt: this.clock.now(),
          })
          .catch(() => undefined);
      }
    } finally {
      clearInterval(heartbeat);
      execution.abort('driver finished');
      this.active.delete(runId);
      await this.release(lease, crashed);
    }
  }

  private async renew(lease: Lease, execution: RunExecution): Promise<void> {
    try {
      const { held, cancelRequested } = await this.repository.renew(lease, this.clock.now() + this.env.WORKFLOW_LEASE_MS);
      if (!held) execution.abort('lease lost');
      else if (cancelRequested) execution.cancel();
    } catch (error) {
      this.logger.warn(`could not renew the lease on run ${lease.runId}: ${String(error)}`);
    }
  }

  /** Gives the lease up; if a signal or cancellation arrived while we held it, queue the run again. */
  private async release(lease: Lease, crashed: boolean): Promise<void> {
    try {
      await this.repository.release(lease);
      if (crashed) return;
      const run = await this.repository.findRun(lease.runId);
      if (!run || !['queued', 'running', 'waiting'].includes(run.status)) return;
      const pending = run.cancelRequested || (await this.repository.signals(lease.runId)).length > 0;
      if (pending || run.status !== 'waiting') this.requeue?.(lease.runId);
    } catch (error) {
      this.logger.warn(`could not release run ${lease.runId}: ${String(error)}`);
    }
  }

  /** Starts (once: the child's id derives from the step key) and awaits a subworkflow's run. */
  private async runChild(
    parentRunId: string,
    key: string,
    workflowId: string,
    input: unknown,
    signal: AbortSignal,
    principal: string | null,
  ): Promise<unknown> {
    const childId = uuidFromKey(`${key}:child`);
    if (!(await this.repository.findRun(childId))) {
      const workflow = await this.repository.findWorkflow(workflowId);
      if (!workflow) throw new WorkflowError(WorkflowErrorCode.WORKFLOW_NOT_FOUND, `No workflow ${workflowId}`);
      await this.launcher.launch({
        workflow,
        input,
        trigger: 'subworkflow',
        runId: childId,
        parentRunId,
        principal: principal ? JSON.parse(principal) : undefined,
      });
    }
    for (;;) {
      const child = await this.repository.findRun(childId);
      if (child?.status === 'succeeded') return { runId: childId, output: child.output ? JSON.parse(child.output) : null };
      if (child && ['failed', 'canceled'].includes(child.status))
        throw new WorkflowError(WorkflowErrorCode.STEP_FAILED, `Subworkflow run ${childId} ${child.status}`, {
          runId: childId,
          error: child.error ? JSON.parse(child.error) : null,
        });
      if (signal.aborted) {
        await this.repository.requestCancel(childId, this.clock.now());
        throw signal.reason;
      }
      await new Promise((resolve) => setTimeout(resolve, CHILD_POLL_MS));
    }
  }

  async onApplicationShutdown(): Promise<void> {
    for (const execution of this.active.values()) execution.abort('shutting down');
  }
}
