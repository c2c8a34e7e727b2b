import jsonata from 'jsonata';
import { WorkflowError, WorkflowErrorCode } from 'src/modules/workflow-engine/workflow.errors';

/** What expressions see: the run input, finished steps' outputs, and the map item or loop state. */
export interface ExpressionScope {
  input: unknown;
  steps: Record<string, { output?: unknown; status: string }>;
  run: { id: string; workflowId: string };
  /** The step's idempotency key: hand it to side effects (SQL upserts, external APIs) so a retry applies once. */
  key?: string;
  item?: unknown;
  index?: number;
  last?: unknown;
}

const TEMPLATE = /\{\{([\s\S]+?)\}\}/g;
const compiled = new Map<string, jsonata.Expression>();

function compile(expression: string): jsonata.Expression {
  let found = compiled.get(expression);
  if (!found) {
    found = jsonata(expression);
    if (compiled.size > 5_000) compiled.clear();
    compiled.set(expression, found);
  }
  return found;
}

/** Evaluates a JSONata expression against the scope; errors become EXPRESSION_FAILED naming the expression. */
export async function evaluate(expression: string, scope: ExpressionScope): Promise<unknown> {
  try {
    return await compile(expression).evaluate(scope);
  } catch (error) {
    throw new WorkflowError(
      WorkflowErrorCode.EXPRESSION_FAILED,
      `${(error as Error).message} in ${JSON.stringify(expression.slice(0, 200))}`,
    );
  }
}

/** Resolves a config value: `=expr` strings are evaluated, `{{ expr }}` inside strings interpolated, at any depth. */
export async function resolveValue(value: unknown, scope: ExpressionScope): Promise<unknown> {
  if (typeof value === 'string') {
    if (value.startsWith('=')) return evaluate(value.slice(1), scope);
    if (!value.includes('{{')) return value;
    let out = '';
    let last = 0;
    for (const match of value.matchAll(TEMPLATE)) {
      const result = await evaluate(match[1], scope);
      out += value.slice(last, match.index) + (typeof result === 'string' ? result : result === undefined ? '' : JSON.stringify(result));
      last = match.index! + match[0].length;
    }
    return out + value.slice(last);
  }
  if (Array.isArray(value)) return Promise.all(value.map((item) => resolveValue(item, scope)));
  if (value && typeof value === 'object') {
    const entries = await Promise.all(Object.entries(value).map(async ([k, v]) => [k, await resolveValue(v, scope)] as const));
    return Object.fromEntries(entries);
  }
  return value;
}
