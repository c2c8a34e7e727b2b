import type { StepDefinition } from '@libs/workflow';
import { stepState, TERMINAL, type RunState } from 'src/modules/workflow-engine/engine/run-state';

export type Readiness = { ready: true } | { ready: false } | { skip: string };

/**
 * Whether a step can run now, must wait, or is skipped (and why): from its needs' states, a join's mode, and the
 * branch a condition took.
 */
export function readinessOf(step: StepDefinition, state: RunState, byId: Map<string, StepDefinition>): Readiness {
  const needs = step.needs.map((id) => stepState(state, id));
  const succeeded = needs.filter((n) => n.status === 'succeeded').length;
  const allDone = needs.every((n) => TERMINAL.has(n.status));
  if (step.kind === 'join') {
    const wanted = step.mode === 'any' ? 1 : step.mode === 'k' ? step.k! : needs.length;
    if (step.mode !== 'all' && succeeded >= wanted) return { ready: true };
    if (!allDone) return { ready: false };
    const failed = needs.some((n) => n.status === 'failed');
    if (step.mode === 'all') return !failed && succeeded > 0 ? { ready: true } : { skip: 'a joined step did not succeed' };
    return { skip: `only ${succeeded} of the joined steps succeeded; ${wanted} needed` };
  }
  if (!allDone) return { ready: false };
  for (const need of needs) {
    if (need.status === 'failed') return { skip: `${need.path} failed` };
    if (need.status === 'skipped') return { skip: `${need.path} was skipped` };
    const condition = byId.get(need.path);
    if (condition?.kind === 'condition') {
      const branch = (need.output as { branch?: string } | undefined)?.branch;
      const other = branch === 'then' ? condition.else : condition.then;
      const chosen = branch === 'then' ? condition.then : condition.else;
      if (other.includes(step.id) && !chosen.includes(step.id)) return { skip: `branch not taken at ${condition.id}` };
    }
  }
  return { ready: true };
}
