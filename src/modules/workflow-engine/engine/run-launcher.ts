import { Inject, Injectable } from '@nestjs/common';
import { trace } from '@opentelemetry/api';
import { Ajv, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { randomUUID } from 'node:crypto';
import type { Env } from '@libs/config';
import type { BusPrincipal } from '@libs/contracts';
import type { WorkflowDefinition } from '@libs/workflow';
import { ENV } from 'src/core/env.token';
import { DefinitionCache } from 'src/modules/workflow-engine/engine/definition-cache';
import { WorkflowClock } from 'src/modules/workflow-engine/engine/workflow-clock';
import type { WorkflowEntity } from 'src/modules/workflow-engine/entities/workflow.entity';
import type { NewEvent, NewRun } from 'src/modules/workflow-engine/workflow.repository';
import { WorkflowRepository } from 'src/modules/workflow-engine/workflow.repository';
import { WorkflowError, WorkflowErrorCode } from 'src/modules/workflow-engine/workflow.errors';

export interface LaunchRequest {
  workflow: WorkflowEntity;
  /** Defaults to the workflow's current version. */
  version?: number;
  input: unknown;
  trigger: 'api' | 'schedule' | 'retry' | 'rerun' | 'subworkflow' | 'a2a';
  principal?: BusPrincipal;
  /** A fixed id makes the launch idempotent (a subworkflow step re-run finds its child). */
  runId?: string;
  parentRunId?: string;
  scheduleId?: string;
  /** Extra first events (a retry's reused step outputs). */
  events?: NewEvent[];
}

const MAX_INPUT_BYTES = 1024 * 1024;

/** Creates runs: input checked against the definition's schema, run + journal + outbox written in one transaction. */
@Injectable()
export class RunLauncher {
  private readonly ajv = addFormats(new Ajv({ allErrors: true, strict: false }));
  private readonly validators = new Map<string, ValidateFunction>();
  /** Called after a run commits, so the relay queues it at once instead of at its next sweep. */
  onLaunched?: () => void;

  constructor(
    @Inject(ENV) private readonly env: Env,
    private readonly repository: WorkflowRepository,
    private readonly definitions: DefinitionCache,
    private readonly clock: WorkflowClock,
  ) {}

  async launch(request: LaunchRequest): Promise<string> {
    const prepared = await this.prepare(request);
    await this.repository.createRun(prepared.run, prepared.events, prepared.run.createdAt);
    // The span that launched the run names it, so GET /api/traces?runId= finds where the run started.
    trace.getActiveSpan()?.setAttribute('workflow.run.id', prepared.run.id);
    this.onLaunched?.();
    return prepared.run.id;
  }

  /** The rows a new run starts with, after checking its input; the caller writes them (see launch). */
  async prepare(request: LaunchRequest): Promise<{ run: NewRun; events: NewEvent[] }> {
    const version = request.version ?? request.workflow.currentVersion;
    const definition = await this.definitions.get(request.workflow.id, version);
    this.checkInput(`${request.workflow.id}:${version}`, definition, request.input);
    const now = this.clock.now();
    return {
      run: {
        id: request.runId ?? randomUUID(),
        workflowId: request.workflow.id,
        version,
        status: 'queued',
        input: JSON.stringify(request.input ?? {}),
        trigger: request.trigger,
        parentRunId: request.parentRunId ?? null,
        scheduleId: request.scheduleId ?? null,
        principal: request.principal ? JSON.stringify(request.principal) : null,
        deadlineAt: definition.timeoutMs ? now + definition.timeoutMs : null,
        createdAt: now,
      },
      events: [{ type: 'run.queued', data: { version, trigger: request.trigger } }, ...(request.events ?? [])],
    };
  }

  checkInput(key: string, definition: WorkflowDefinition, input: unknown): void {
    if (Buffer.byteLength(JSON.stringify(input ?? {})) > MAX_INPUT_BYTES)
      throw new WorkflowError(WorkflowErrorCode.INPUT_INVALID, `The input is larger than ${MAX_INPUT_BYTES} bytes`);
    if (!definition.inputSchema) return;
    let validate = this.validators.get(key);
    if (!validate) {
      validate = this.ajv.compile(definition.inputSchema);
      this.validators.set(key, validate);
    }
    if (!validate(input ?? {}))
      throw new WorkflowError(WorkflowErrorCode.INPUT_INVALID, 'The input does not match the workflow input schema', {
        errors: validate.errors?.map((e) => ({ path: e.instancePath, message: e.message })),
      });
  }

  get maxStepOutputBytes(): number {
    return this.env.WORKFLOW_MAX_STEP_OUTPUT_BYTES;
  }
}
