import { Injectable } from '@nestjs/common';
import type { WorkflowDefinition } from '@libs/workflow';
import { WorkflowRepository } from 'src/modules/workflow-engine/workflow.repository';
import { WorkflowError, WorkflowErrorCode } from 'src/modules/workflow-engine/workflow.errors';

/** Parsed workflow versions. A version never changes once written, so it is cached for the process's life. */
@Injectable()
export class DefinitionCache {
  private readonly versions = new Map<string, WorkflowDefinition>();

  constructor(private readonly repository: WorkflowRepository) {}

  async get(workflowId: string, version: number): Promise<WorkflowDefinition> {
    const key = `${workflowId}:${version}`;
    const cached = this.versions.get(key);
    if (cached) return cached;
    const row = await this.repository.findVersion(workflowId, version);
    if (!row) throw new WorkflowError(WorkflowErrorCode.WORKFLOW_NOT_FOUND, `Workflow ${workflowId} has no version ${version}`);
    const definition = JSON.parse(row.definition) as WorkflowDefinition;
    if (this.versions.size > 1_000) this.versions.clear();
    this.versions.set(key, definition);
    return definition;
  }
}
