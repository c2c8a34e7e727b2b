import type { PlanTask } from './planner.service';

/** User text inside a step message must not be read as an expression. */
const literal = (text: string) => text.replace(/\{\{/g, '{ {').replace(/^=/, ' =');

/**
 * The workflow that runs a plan: one agent step per task, pinned to the routed agent, each message carrying the
 * goal, the task and its dependencies' answers. The step key (run + task) becomes the A2A messageId.
 */
export function planToDefinition(
  goal: string,
  context: string | undefined,
  tasks: PlanTask[],
  agents: Map<string, string>,
  timeoutMs: number,
) {
  return {
    steps: tasks.map((task) => ({
      id: task.id,
      kind: 'agent',
      name: task.title,
      agent: { agentId: agents.get(task.id)! },
      needs: task.dependsOn,
      retry: { maxAttempts: 2, backoffMs: 500, factor: 2 },
      message: [
        `Goal: ${literal(goal)}`,
        ...(context ? [`Context: ${literal(context)}`] : []),
        `Your task (${literal(task.title)}): ${literal(task.instructions)}`,
        ...task.dependsOn.map((dep) => `Result of ${dep}: {{ steps.${dep}.output.text }}`),
      ].join('\n'),
    })),
    output: `{ ${tasks.map((t) => `"${t.id}": steps.${t.id}.output.text`).join(', ')} }`,
    timeoutMs,
  };
}
