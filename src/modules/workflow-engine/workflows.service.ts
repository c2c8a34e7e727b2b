import { Injectable } from '@nestjs/common';
import { Ajv } from 'ajv';
import type { BusPrincipal } from '@libs/contracts';
import { ancestorSets, validateWorkflowDefinition, type ValidationResult, type WorkflowDefinition } from '@libs/workflow';
import { DefinitionCache } from 'src/modules/workflow-engine/engine/definition-cache';
import { RunLauncher } from 'src/modules/workflow-engine/engine/run-launcher';
import type { WorkflowEntity } from 'src/modules/workflow-engine/entities/workflow.entity';
import { WorkflowRepository } from 'src/modules/workflow-engine/workflow.repository';
import { WorkflowError, WorkflowErrorCode } from 'src/modules/workflow-engine/workflow.errors';

export interface WorkflowInput {
  name?: string;
  description?: string;
  definition: unknown;
}

/** Workflow definitions: validated, versioned (every update is a new version), enabled or disabled. */
@Injectable()
export class WorkflowsService {
  private readonly ajv = new Ajv({ strict: false });

  constructor(
    private readonly repository: WorkflowRepository,
    private readonly definitions: DefinitionCache,
    private readonly launcher: RunLauncher,
  ) {}

  validate(definition: unknown): ValidationResult {
    const result = validateWorkflowDefinition(definition);
    if (!result.valid || !result.definition.inputSchema) return result;
    try {
      this.ajv.compile(result.definition.inputSchema);
      return result;
    } catch (error) {
      return {
        valid: false,
        issues: [{ path: 'inputSchema', code: 'INVALID_SHAPE', message: `Not a usable JSON Schema: ${(error as Error).message}` }],
      };
    }
  }

  async create(
    input: Required<Pick<WorkflowInput, 'name'>> & WorkflowInput,
    principal?: BusPrincipal,
  ): Promise<[WorkflowEntity, WorkflowDefinition]> {
    const definition = this.checked(input.definition);
    if (await this.repository.findWorkflowByName(input.name))
      throw new WorkflowError(WorkflowErrorCode.WORKFLOW_EXISTS, `A workflow named ${input.name} exists`);
    const workflow = await this.repository.createWorkflow(
      { name: input.name, description: input.description ?? null, createdBy: principal?.id ?? null, enabled: true },
      JSON.stringify(definition),
    );
    return [workflow, definition];
  }

  async update(id: string, input: WorkflowInput, principal?: BusPrincipal): Promise<[WorkflowEntity, WorkflowDefinition]> {
    await this.get(id);
    const definition = this.checked(input.definition);
    if (input.name) {
      const other = await this.repository.findWorkflowByName(input.name);
      if (other && other.id !== id) throw new WorkflowError(WorkflowErrorCode.WORKFLOW_EXISTS, `A workflow named ${input.name} exists`);
    }
    const patch = {
      ...(input.name ? { name: input.name } : {}),
      ...(input.description !== undefined ? { description: input.description } : {}),
    };
    const workflow = await this.repository.addVersion(id, patch, JSON.stringify(definition), principal?.id ?? null);
    return [workflow, definition];
  }

  async get(id: string): Promise<WorkflowEntity> {
    const workflow = await this.repository.findWorkflow(id);
    if (!workflow) throw new WorkflowError(WorkflowErrorCode.WORKFLOW_NOT_FOUND, `No workflow ${id}`);
    return workflow;
  }

  /** By id, or by name (the workflow coordinator agent is told names). */
  async byIdOrName(ref: string): Promise<WorkflowEntity> {
    const workflow = (await this.repository.findWorkflow(ref)) ?? (await this.repository.findWorkflowByName(ref));
    if (!workflow) throw new WorkflowError(WorkflowErrorCode.WORKFLOW_NOT_FOUND, `No workflow ${ref}`);
    return workflow;
  }

  async getWithDefinition(id: string, version?: number): Promise<[WorkflowEntity, WorkflowDefinition]> {
    const workflow = await this.get(id);
    return [workflow, await this.definitions.get(id, version ?? workflow.currentVersion)];
  }

  list(filter: { search?: string; enabled?: boolean; limit: number; offset: number }): Promise<[WorkflowEntity[], number]> {
    return this.repository.listWorkflows(filter);
  }

  async versions(id: string) {
    await this.get(id);
    return this.repository.listVersions(id);
  }

  async setEnabled(id: string, enabled: boolean): Promise<WorkflowEntity> {
    await this.get(id);
    await this.repository.setEnabled(id, enabled);
    return this.get(id);
  }

  async remove(id: string): Promise<void> {
    await this.get(id);
    if (!(await this.repository.deleteWorkflow(id)))
      throw new WorkflowError(WorkflowErrorCode.WORKFLOW_BUSY, 'The workflow has runs still going: cancel them first');
  }

  /** Starts a run of the workflow's current (or a named) version. */
  async execute(
    id: string,
    input: unknown,
    principal?: BusPrincipal,
    version?: number,
    trigger: 'api' | 'a2a' = 'api',
  ): Promise<{ runId: string; workflow: WorkflowEntity; version: number }> {
    const workflow = await this.get(id);
    if (!workflow.enabled) throw new WorkflowError(WorkflowErrorCode.WORKFLOW_DISABLED, `Workflow ${workflow.name} is disabled`);
    if (version !== undefined && version > workflow.currentVersion)
      throw new WorkflowError(WorkflowErrorCode.WORKFLOW_NOT_FOUND, `Workflow ${workflow.name} has no version ${version}`);
    const runId = await this.launcher.launch({ workflow, version, input: input ?? {}, trigger, principal });
    return { runId, workflow, version: version ?? workflow.currentVersion };
  }

  /** Creates a workflow and starts its first run (the orchestrator runs each plan this way). */
  async createAndStart(input: Required<Pick<WorkflowInput, 'name'>> & WorkflowInput, runInput: unknown, principal?: BusPrincipal) {
    const [workflow] = await this.create(input, principal);
    const started = await this.execute(workflow.id, runInput ?? {}, principal);
    return { workflowId: workflow.id, runId: started.runId, version: started.version };
  }

  /** The steps that re-run when a run is re-run from `fromStep`: it and everything depending on it. */
  async downstreamOf(workflowId: string, version: number, fromStep: string): Promise<Set<string>> {
    const definition = await this.definitions.get(workflowId, version);
    if (!definition.steps.some((s) => s.id === fromStep))
      throw new WorkflowError(WorkflowErrorCode.STEP_NOT_FOUND, `No step ${fromStep} in version ${version}`);
    const ancestors = ancestorSets(definition);
    return new Set(definition.steps.filter((s) => s.id === fromStep || ancestors.get(s.id)!.has(fromStep)).map((s) => s.id));
  }

  private checked(input: unknown): WorkflowDefinition {
    const result = this.validate(input);
    if (!result.valid) {
      const first = result.issues[0];
      throw new WorkflowError(WorkflowErrorCode.WORKFLOW_INVALID, `${first.path ? `${first.path}: ` : ''}${first.message}`, {
        issues: result.issues,
      });
    }
    return result.definition;
  }
}
