import { Injectable } from '@nestjs/common';
import { z } from 'zod';
import { Bus } from '@libs/bus';
import { validateWorkflowDefinition } from '@libs/workflow';
import { OrchestratorError, OrchestratorErrorCode } from './orchestrator.errors';
import { isSupervisor } from './skill-router.service';

export interface PlanTask {
  id: string;
  title: string;
  instructions: string;
  /** The skill id or tag an agent needs for this task. */
  capability?: string;
  dependsOn: string[];
}

export interface Plan {
  planner: 'model' | 'deterministic';
  facts: string[];
  guesses: string[];
  tasks: PlanTask[];
  tokens: number;
  /** Model answers that were refused, with why (the planner asks again once). */
  rejected: string[];
}

export interface PlanRequest {
  goal: string;
  context?: string;
  model?: { provider: string; modelId: string };
  /** Deterministic planning: one task per capability, in order, each seeing the previous answers. */
  capabilities?: string[];
  maxTasks: number;
}

const ANSWER = z.object({
  facts: z.array(z.string().max(1_000)).max(50).default([]),
  guesses: z.array(z.string().max(1_000)).max(50).default([]),
  tasks: z
    .array(
      z.object({
        id: z.string().min(1).max(60),
        title: z.string().min(1).max(200),
        instructions: z.string().min(1).max(4_000),
        capability: z.string().max(100).optional(),
        dependsOn: z.array(z.string()).max(20).default([]),
      }),
    )
    .min(1),
});

const SYSTEM = `You plan work for a team of AI agents. Split the goal into a few tasks (as few as do the job), each for one agent.
Answer with JSON only, no prose, shaped exactly like:
{"facts":["what the goal states"],"guesses":["what you assume"],"tasks":[{"id":"t1","title":"short name","instructions":"what the agent must do","capability":"a skill id or tag from the list","dependsOn":[]}]}
A task may depend on earlier tasks by id; their results are handed to it. Never depend on a later task or on itself.`;

/**
 * Turns a goal into a typed task graph: with a model (structured JSON, checked, asked again once when invalid), or
 * deterministically from a list of capabilities when there is no model.
 */
@Injectable()
export class PlannerService {
  constructor(private readonly bus: Bus) {}

  async plan(request: PlanRequest): Promise<Plan> {
    if (!request.model) return this.deterministic(request);
    // Every agent, not only those whose words match the goal: the model decides who fits.
    const agents = await this.bus.request('agents.discover', { query: '', limit: 50 });
    const roster = agents
      .filter((a) => !isSupervisor(a))
      .map((a) => `- ${a.name}: ${a.skills.map((s) => `${s.id} [${s.tags.join(', ')}] ${s.description}`).join('; ') || 'no listed skills'}`)
      .join('\n');
    const prompt = `Goal: ${request.goal}\n${request.context ? `Context: ${request.context}\n` : ''}At most ${request.maxTasks} tasks.\nAgents and their skills:\n${roster || '- (none registered)'}`;
    const rejected: string[] = [];
    let tokens = 0;
    for (let attempt = 0; attempt < 2; attempt++) {
      const answer = await this.bus.request('agents.generate', {
        ...request.model,
        system: SYSTEM,
        prompt:
          attempt === 0 ? prompt : `${prompt}\n\nYour previous answer was refused: ${rejected.at(-1)}\nAnswer again with valid JSON only.`,
        maxOutputTokens: 2_000,
      });
      tokens += answer.inputTokens + answer.outputTokens;
      const checked = checkAnswer(answer.text, request.maxTasks);
      if ('tasks' in checked) return { planner: 'model', ...checked, tokens, rejected };
      rejected.push(checked.error);
    }
    throw new OrchestratorError(OrchestratorErrorCode.PLAN_INVALID, `The planner model gave no valid plan: ${rejected.at(-1)}`, {
      rejected,
      tokens,
    });
  }

  private deterministic(request: PlanRequest): Plan {
    const capabilities = request.capabilities?.length ? request.capabilities : [undefined];
    if (capabilities.length > request.maxTasks)
      throw new OrchestratorError(
        OrchestratorErrorCode.PLAN_OVER_BUDGET,
        `${capabilities.length} tasks exceed the budget of ${request.maxTasks} steps`,
      );
    const tasks = capabilities.map((capability, i) => ({
      id: `t${i + 1}`,
      // Without a capability the goal itself is what the router matches against agents' cards.
      title: capability ?? request.goal.slice(0, 200),
      instructions: capability ? `Do the ${capability} part of the goal.` : 'Achieve the goal.',
      ...(capability ? { capability } : {}),
      dependsOn: i > 0 ? [`t${i}`] : [],
    }));
    return { planner: 'deterministic', facts: [request.goal], guesses: [], tasks, tokens: 0, rejected: [] };
  }
}

/** The plan in a model's answer, or why it is refused. */
export function checkAnswer(text: string, maxTasks: number): Omit<Plan, 'planner' | 'tokens' | 'rejected'> | { error: string } {
  const start = text.indexOf('{');
  const end = text.lastIndexOf('}');
  if (start < 0 || end < start) return { error: 'no JSON object in the answer' };
  let json: unknown;
  try {
    json = JSON.parse(text.slice(start, end + 1));
  } catch (error) {
    return { error: `not valid JSON (${(error as Error).message})` };
  }
  const parsed = ANSWER.safeParse(json);
  if (!parsed.success) return { error: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ') };
  if (parsed.data.tasks.length > maxTasks) return { error: `${parsed.data.tasks.length} tasks; at most ${maxTasks} allowed` };
  const ids = new Map(parsed.data.tasks.map((t, i) => [t.id, safeId(t.id, i)]));
  if (ids.size !== parsed.data.tasks.length) return { error: 'two tasks share an id' };
  const tasks = parsed.data.tasks.map((t, i) => ({ ...t, id: safeId(t.id, i), dependsOn: t.dependsOn.map((d) => ids.get(d) ?? `?${d}`) }));
  const graph = validateWorkflowDefinition({
    steps: tasks.map((t) => ({ id: t.id, kind: 'transform', expression: '1', needs: t.dependsOn })),
  });
  if (!graph.valid) return { error: graph.issues.map((i) => i.message.replace(/\?/g, '')).join('; ') };
  return { facts: parsed.data.facts, guesses: parsed.data.guesses, tasks };
}

/** Task ids become step ids: letters, digits and _ only. */
function safeId(id: string, index: number): string {
  const cleaned = id.replace(/[^A-Za-z0-9_]/g, '_').slice(0, 60);
  return /^[A-Za-z_]/.test(cleaned) ? cleaned : `t${index + 1}_${cleaned}`.slice(0, 64);
}
