import { Injectable } from '@nestjs/common';
import { Bus } from '@libs/bus';
import type { StepDefinition } from '@libs/workflow';
import { WorkflowsService } from 'src/modules/workflow-engine/workflows.service';

export interface StepAssignment {
  stepId: string;
  /** What the step asks for: a capability, or an agent it names. */
  capability: string | null;
  agentId: string | null;
  agentName: string | null;
  score: number;
  /** fixed: the step names its agent; matched: discovery chose it; unmatched: no agent offers the capability. */
  status: 'fixed' | 'matched' | 'unmatched';
  alternatives: Array<{ agentId: string; name: string; score: number }>;
}

/** Assigns agents to a workflow's agent steps by capability, through agent discovery over the bus. */
@Injectable()
export class AssignmentService {
  constructor(
    private readonly workflows: WorkflowsService,
    private readonly bus: Bus,
  ) {}

  async assign(workflowId: string): Promise<{ workflowId: string; version: number; assignments: StepAssignment[] }> {
    const [workflow, definition] = await this.workflows.getWithDefinition(workflowId);
    const agentSteps = definition.steps.flatMap((step) => targetsOf(step));
    const assignments = await Promise.all(agentSteps.map(({ stepId, target }) => this.assignOne(stepId, target)));
    return { workflowId: workflow.id, version: workflow.currentVersion, assignments };
  }

  private async assignOne(stepId: string, target: { agentId?: string; capability?: string }): Promise<StepAssignment> {
    if (target.agentId)
      return { stepId, capability: null, agentId: target.agentId, agentName: null, score: 1, status: 'fixed', alternatives: [] };
    const capability = target.capability ?? '';
    // A capability given as an expression is only known at run time.
    if (capability.startsWith('=') || capability.includes('{{'))
      return { stepId, capability, agentId: null, agentName: null, score: 0, status: 'unmatched', alternatives: [] };
    const matches = (await this.bus.request('agents.discover', { query: capability, capabilities: [capability], limit: 5 })).filter(
      (m) => m.score > 0,
    );
    const [best, ...rest] = matches;
    if (!best) return { stepId, capability, agentId: null, agentName: null, score: 0, status: 'unmatched', alternatives: [] };
    return {
      stepId,
      capability,
      agentId: best.agentId,
      agentName: best.name,
      score: best.score,
      status: 'matched',
      alternatives: rest.map((m) => ({ agentId: m.agentId, name: m.name, score: m.score })),
    };
  }
}

function targetsOf(step: StepDefinition): Array<{ stepId: string; target: { agentId?: string; capability?: string } }> {
  if (step.kind === 'agent') return [{ stepId: step.id, target: step.agent }];
  if ((step.kind === 'map' || step.kind === 'loop') && step.step.kind === 'agent') return [{ stepId: step.id, target: step.step.agent }];
  return [];
}
