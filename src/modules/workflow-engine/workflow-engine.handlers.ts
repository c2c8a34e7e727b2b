import { Injectable } from '@nestjs/common';
import { BusHandler } from '@libs/bus';
import type { ParamsOf, ResultOf } from '@libs/contracts';
import { toRunResponse } from 'src/modules/workflow-engine/dto/run.dto';
import { WorkflowRunsService } from 'src/modules/workflow-engine/workflow-runs.service';
import { WorkflowsService } from 'src/modules/workflow-engine/workflows.service';

/** The workflow engine over the bus: the orchestrator runs its plans through these. */
@Injectable()
export class WorkflowEngineHandlers {
  constructor(
    private readonly workflows: WorkflowsService,
    private readonly runs: WorkflowRunsService,
  ) {}

  @BusHandler('workflows.start')
  start({ name, description, definition, input, principal }: ParamsOf<'workflows.start'>): Promise<ResultOf<'workflows.start'>> {
    return this.workflows.createAndStart({ name, description, definition }, input, principal);
  }

  @BusHandler('workflows.execute')
  async execute({ workflow, input, principal, waitMs }: ParamsOf<'workflows.execute'>): Promise<ResultOf<'workflows.execute'>> {
    const { id } = await this.workflows.byIdOrName(workflow);
    const started = await this.workflows.execute(id, input ?? {}, principal, undefined, 'a2a');
    await this.runs.waitForRun(started.runId, waitMs ?? 300_000);
    const [run] = await this.runs.get(started.runId);
    return {
      runId: run.id,
      workflowId: run.workflowId,
      status: run.status,
      ...(run.output ? { output: JSON.parse(run.output) } : {}),
      ...(run.error ? { error: JSON.parse(run.error) } : {}),
    };
  }

  @BusHandler('workflows.run')
  async run({ runId }: ParamsOf<'workflows.run'>): Promise<ResultOf<'workflows.run'>> {
    const { id, ...run } = toRunResponse(...(await this.runs.get(runId)));
    return { runId: id, ...run };
  }

  @BusHandler('workflows.revise')
  revise({ workflowId, definition, retryRunId, principal }: ParamsOf<'workflows.revise'>): Promise<ResultOf<'workflows.revise'>> {
    return this.runs.reviseAndRetry(workflowId, definition, retryRunId, principal);
  }

  @BusHandler('workflows.cancel')
  async cancel({ runId }: ParamsOf<'workflows.cancel'>): Promise<ResultOf<'workflows.cancel'>> {
    return { canceled: await this.runs.cancelIfRunning(runId) };
  }
}
