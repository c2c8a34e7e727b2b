import { Injectable } from '@nestjs/common';
import { Bus } from '@libs/bus';
import type { BusPrincipal } from '@libs/contracts';
import { DefinitionCache } from 'src/modules/workflow-engine/engine/definition-cache';
import { RunLauncher } from 'src/modules/workflow-engine/engine/run-launcher';
import { foldEvents, type RunState } from 'src/modules/workflow-engine/engine/run-state';
import { WorkflowClock } from 'src/modules/workflow-engine/engine/workflow-clock';
import type { WorkflowEventEntity } from 'src/modules/workflow-engine/entities/workflow-event.entity';
import type { WorkflowRunEntity } from 'src/modules/workflow-engine/entities/workflow-run.entity';
import { WorkflowRepository, type NewEvent } from 'src/modules/workflow-engine/workflow.repository';
import { WorkflowError, WorkflowErrorCode } from 'src/modules/workflow-engine/workflow.errors';
import { WorkflowsService } from 'src/modules/workflow-engine/workflows.service';

const FINISHED = new Set(['succeeded', 'failed', 'canceled']);

/** Runs as users see them: state from the journal, live events, cancel, approvals, retry and re-run. */
@Injectable()
export class WorkflowRunsService {
  constructor(
    private readonly repository: WorkflowRepository,
    private readonly workflows: WorkflowsService,
    private readonly launcher: RunLauncher,
    private readonly definitions: DefinitionCache,
    private readonly clock: WorkflowClock,
    private readonly bus: Bus,
  ) {}

  async get(runId: string): Promise<[WorkflowRunEntity, RunState]> {
    const run = await this.repository.findRun(runId);
    if (!run) throw new WorkflowError(WorkflowErrorCode.RUN_NOT_FOUND, `No run ${runId}`);
    return [run, foldEvents(await this.repository.events(runId))];
  }

  /** A workflow's named run, or its latest. */
  async ofWorkflow(workflowId: string, runId?: string): Promise<[WorkflowRunEntity, RunState]> {
    await this.workflows.get(workflowId);
    if (runId) {
      const [run, state] = await this.get(runId);
      if (run.workflowId !== workflowId)
        throw new WorkflowError(WorkflowErrorCode.RUN_NOT_FOUND, `Run ${runId} is not a run of workflow ${workflowId}`);
      return [run, state];
    }
    const latest = await this.repository.latestRun(workflowId);
    if (!latest) throw new WorkflowError(WorkflowErrorCode.RUN_NOT_FOUND, 'The workflow has not run yet');
    return this.get(latest.id);
  }

  list(filter: { workflowId?: string; status?: string; limit: number; offset: number }): Promise<[WorkflowRunEntity[], number]> {
    return this.repository.listRuns(filter);
  }

  async events(runId: string, after: number): Promise<WorkflowEventEntity[]> {
    await this.get(runId);
    return this.repository.events(runId, after);
  }

  /** Resolves when the run ends or waits, or after waitMs, whichever is first. */
  async waitForRun(runId: string, waitMs: number): Promise<void> {
    const settled = (status: string) => FINISHED.has(status) || status === 'waiting';
    await new Promise<void>((resolve) => {
      const timer = setTimeout(done, waitMs);
      const stop = this.bus.subscribe('workflow.run.event', (event) => {
        if (event.runId === runId && event.type.startsWith('run.') && event.type !== 'run.started' && event.type !== 'run.resumed') done();
      });
      function done() {
        clearTimeout(timer);
        stop();
        resolve();
      }
      // The run may have settled before we subscribed.
      void this.repository.findRun(runId).then((run) => run && settled(run.status) && done());
    });
  }

  async cancel(runId: string): Promise<void> {
    const [run] = await this.get(runId);
    if (FINISHED.has(run.status)) throw new WorkflowError(WorkflowErrorCode.RUN_FINISHED, `The run already ${run.status}`);
    if (!(await this.repository.requestCancel(runId, this.clock.now())))
      throw new WorkflowError(WorkflowErrorCode.RUN_FINISHED, 'The run already finished');
    await this.bus.publish('workflow.run.cancel', { runId });
  }

  /** Cancels a run unless it already ended; true when a cancellation was requested. */
  async cancelIfRunning(runId: string): Promise<boolean> {
    const [run] = await this.get(runId);
    if (FINISHED.has(run.status)) return false;
    await this.cancel(runId);
    return true;
  }

  /** Writes a new version of the workflow, then retries the failed run on it (keeping its succeeded steps). */
  async reviseAndRetry(workflowId: string, definition: unknown, runId: string, principal?: BusPrincipal) {
    const [workflow] = await this.workflows.update(workflowId, { definition }, principal);
    return { runId: await this.retry(runId, principal), version: workflow.currentVersion };
  }

  async decide(runId: string, stepPath: string, approved: boolean, comment: string | undefined, principal: BusPrincipal): Promise<void> {
    const [run, state] = await this.get(runId);
    const step = state.steps.get(stepPath);
    if (!step) throw new WorkflowError(WorkflowErrorCode.STEP_NOT_FOUND, `Run ${runId} has no step ${stepPath} yet`);
    if (step.status !== 'waiting' || !step.approval) {
      const decided = (await this.repository.signals(runId)).some((s) => s.stepPath === stepPath);
      throw new WorkflowError(
        decided ? WorkflowErrorCode.APPROVAL_ALREADY_DECIDED : WorkflowErrorCode.APPROVAL_NOT_PENDING,
        decided ? `Step ${stepPath} was already decided` : `Step ${stepPath} is not waiting for an approval`,
      );
    }
    if (FINISHED.has(run.status)) throw new WorkflowError(WorkflowErrorCode.RUN_FINISHED, `The run already ${run.status}`);
    const recorded = await this.repository.addSignal(
      { runId, stepPath, approved, comment: comment ?? null, decidedBy: `${principal.kind}:${principal.name}` },
      this.clock.now(),
    );
    if (!recorded) throw new WorkflowError(WorkflowErrorCode.APPROVAL_ALREADY_DECIDED, `Step ${stepPath} was already decided`);
    this.launcher.onLaunched?.();
  }

  /** A new run on the workflow's current version that keeps every succeeded step of a failed run and re-runs the rest. */
  async retry(runId: string, principal?: BusPrincipal): Promise<string> {
    const [run, state] = await this.get(runId);
    if (run.status !== 'failed' && run.status !== 'canceled')
      throw new WorkflowError(WorkflowErrorCode.RUN_NOT_FAILED, `Only a failed or canceled run can be retried; this one is ${run.status}`);
    return this.restart(run, state, new Set(), 'retry', principal);
  }

  /** A new run on the current version that re-runs `fromStep` and everything after it, keeping the other outputs. */
  async rerun(runId: string, fromStep: string, principal?: BusPrincipal): Promise<string> {
    const [run, state] = await this.get(runId);
    if (!FINISHED.has(run.status)) throw new WorkflowError(WorkflowErrorCode.WORKFLOW_BUSY, 'The run is still going: cancel it first');
    const workflow = await this.workflows.get(run.workflowId);
    const again = await this.workflows.downstreamOf(workflow.id, workflow.currentVersion, fromStep);
    return this.restart(run, state, again, 'rerun', principal);
  }

  private async restart(
    run: WorkflowRunEntity,
    state: RunState,
    again: Set<string>,
    trigger: 'retry' | 'rerun',
    principal?: BusPrincipal,
  ): Promise<string> {
    const workflow = await this.workflows.get(run.workflowId);
    if (!workflow.enabled) throw new WorkflowError(WorkflowErrorCode.WORKFLOW_DISABLED, `Workflow ${workflow.name} is disabled`);
    const definition = await this.definitions.get(workflow.id, workflow.currentVersion);
    const kept = new Set(definition.steps.map((s) => s.id).filter((id) => !again.has(id)));
    // A reused step keeps its output (and its map items and loop iterations: they are not repeated).
    const events: NewEvent[] = [];
    for (const step of state.steps.values()) {
      const owner = step.path.replace(/[[#].*$/, '');
      if (step.status === 'succeeded' && kept.has(owner))
        events.push({ type: 'step.reused', stepPath: step.path, data: { output: step.output, fromRunId: run.id } });
    }
    return this.launcher.launch({
      workflow,
      input: JSON.parse(run.input),
      trigger,
      principal: principal ?? (run.principal ? JSON.parse(run.principal) : undefined),
      events,
    });
  }
}
