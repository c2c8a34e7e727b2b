import jsonata from 'jsonata';
import { LIMITS, workflowDefinitionSchema, type StepDefinition, type WorkflowDefinition } from './definition';

export interface DefinitionIssue {
  /** Where in the definition, e.g. `steps[2].needs[0]` or `steps.summarise`. */
  path: string;
  code: 'INVALID_SHAPE' | 'TOO_LARGE' | 'DUPLICATE_STEP' | 'UNKNOWN_STEP' | 'CYCLE' | 'BAD_EXPRESSION' | 'UNDECLARED_READ' | 'BAD_STEP';
  message: string;
}

export type ValidationResult = { valid: true; definition: WorkflowDefinition; issues: [] } | { valid: false; issues: DefinitionIssue[] };

const STEP_REF = /\bsteps\.([A-Za-z_]\w*)/g;
/** The config fields whose values may hold expressions (SQL and code never do: they take parameters). */
const VALUE_KEYS = ['agent', 'collection', 'connectionId', 'message', 'arguments', 'params', 'query', 'input'];
const TEMPLATE = /\{\{([\s\S]+?)\}\}/g;

/**
 * The one validator of workflow definitions (the engine and the console both use it): shape, size, unique ids,
 * references that resolve, no cycles (the message names one), expressions that parse, and reads of
 * `steps.X` only from steps the reader depends on. Returns the definition with defaults filled in.
 */
export function validateWorkflowDefinition(input: unknown): ValidationResult {
  // TextEncoder, not Buffer: the web console runs this validator in the browser too.
  const bytes = new TextEncoder().encode(JSON.stringify(input ?? null)).length;
  if (bytes > LIMITS.definitionBytes)
    return fail([{ path: '', code: 'TOO_LARGE', message: `The definition is ${bytes} bytes; the limit is ${LIMITS.definitionBytes}` }]);
  const parsed = workflowDefinitionSchema.safeParse(input);
  if (!parsed.success)
    return fail(parsed.error.issues.map((issue) => ({ path: formatPath(issue.path), code: 'INVALID_SHAPE', message: issue.message })));
  const definition = withBranchNeeds(parsed.data);
  const issues = [...structureIssues(definition), ...expressionIssues(definition)];
  if (issues.length === 0) issues.push(...cycleIssues(definition));
  if (issues.length === 0) issues.push(...readIssues(definition));
  return issues.length ? fail(issues) : { valid: true, definition, issues: [] };
}

function fail(issues: DefinitionIssue[]): ValidationResult {
  return { valid: false, issues };
}

/** A step named in a condition's then/else depends on that condition. */
function withBranchNeeds(definition: WorkflowDefinition): WorkflowDefinition {
  const extra = new Map<string, string[]>();
  for (const step of definition.steps)
    if (step.kind === 'condition') for (const id of [...step.then, ...step.else]) extra.set(id, [...(extra.get(id) ?? []), step.id]);
  return {
    ...definition,
    steps: definition.steps.map((step) => ({ ...step, needs: [...new Set([...step.needs, ...(extra.get(step.id) ?? [])])] })),
  };
}

function structureIssues(definition: WorkflowDefinition): DefinitionIssue[] {
  const issues: DefinitionIssue[] = [];
  const ids = new Set<string>();
  definition.steps.forEach((step, i) => {
    if (ids.has(step.id)) issues.push({ path: `steps[${i}].id`, code: 'DUPLICATE_STEP', message: `Step id ${step.id} is used twice` });
    ids.add(step.id);
  });
  definition.steps.forEach((step, i) => {
    step.needs.forEach((need, j) => {
      if (!ids.has(need))
        issues.push({
          path: `steps[${i}].needs[${j}]`,
          code: 'UNKNOWN_STEP',
          message: `Step ${step.id} needs ${need}, which does not exist`,
        });
      if (need === step.id) issues.push({ path: `steps[${i}].needs[${j}]`, code: 'CYCLE', message: `Step ${step.id} needs itself` });
    });
    if (step.kind === 'condition')
      for (const branch of ['then', 'else'] as const)
        step[branch].forEach((id, j) => {
          if (!ids.has(id))
            issues.push({
              path: `steps[${i}].${branch}[${j}]`,
              code: 'UNKNOWN_STEP',
              message: `Condition ${step.id} names ${id}, which does not exist`,
            });
        });
    if (step.kind === 'join' && step.mode === 'k' && (!step.k || step.k > step.needs.length))
      issues.push({
        path: `steps[${i}].k`,
        code: 'BAD_STEP',
        message: `A k-of-n join needs k between 1 and its ${step.needs.length} needs`,
      });
    if (step.kind === 'join' && step.needs.length === 0)
      issues.push({ path: `steps[${i}].needs`, code: 'BAD_STEP', message: 'A join needs the steps it joins' });
    if (step.kind === 'wait' && (step.durationMs === undefined) === (step.until === undefined))
      issues.push({ path: `steps[${i}]`, code: 'BAD_STEP', message: 'A wait step takes exactly one of durationMs or until' });
  });
  for (const id of Object.keys(definition.layout ?? {}))
    if (!ids.has(id)) issues.push({ path: `layout.${id}`, code: 'UNKNOWN_STEP', message: `The layout places ${id}, which is not a step` });
  return issues;
}

/** Depth-first search; reports the first cycle found as `a → b → a`. */
function cycleIssues(definition: WorkflowDefinition): DefinitionIssue[] {
  const needs = new Map(definition.steps.map((s) => [s.id, s.needs]));
  const state = new Map<string, 'visiting' | 'done'>();
  const stack: string[] = [];
  const visit = (id: string): string[] | undefined => {
    if (state.get(id) === 'done') return undefined;
    if (state.get(id) === 'visiting') return [...stack.slice(stack.indexOf(id)), id];
    state.set(id, 'visiting');
    stack.push(id);
    for (const need of needs.get(id) ?? []) {
      const cycle = visit(need);
      if (cycle) return cycle;
    }
    stack.pop();
    state.set(id, 'done');
    return undefined;
  };
  for (const step of definition.steps) {
    const cycle = visit(step.id);
    // needs point backwards, so reverse to read in execution order
    if (cycle) return [{ path: `steps.${cycle[0]}`, code: 'CYCLE', message: `The steps form a cycle: ${cycle.reverse().join(' → ')}` }];
  }
  return [];
}

function expressionIssues(definition: WorkflowDefinition): DefinitionIssue[] {
  const issues: DefinitionIssue[] = [];
  const check = (path: string, expression: string | undefined) => {
    if (expression === undefined) return;
    const error = expressionError(expression);
    if (error) issues.push({ path, code: 'BAD_EXPRESSION', message: `${error} in ${JSON.stringify(expression.slice(0, 200))}` });
  };
  check('output', definition.output);
  definition.steps.forEach((step, i) => {
    for (const [path, expression] of stepExpressions(step)) check(`steps[${i}].${path}`, expression);
  });
  return issues;
}

/** The parse error of a JSONata expression, or undefined when it parses. */
export function expressionError(expression: string): string | undefined {
  try {
    jsonata(expression);
    return undefined;
  } catch (error) {
    return (error as { message?: string }).message ?? 'Invalid expression';
  }
}

/** Every expression a step holds, with where it sits. */
export function stepExpressions(step: StepDefinition): Array<[string, string]> {
  const found: Array<[string, string]> = [];
  const add = (path: string, expression: string | undefined) => expression !== undefined && found.push([path, expression]);
  add('when', step.when);
  if (step.kind === 'condition') add('if', step.if);
  if (step.kind === 'map') add('over', step.over);
  if (step.kind === 'loop') add('until', step.until);
  if (step.kind === 'transform') add('expression', step.expression);
  if ((step.kind === 'map' || step.kind === 'loop') && step.step.kind === 'transform') add('step.expression', step.step.expression);
  const configs: Array<[string, Record<string, unknown>]> = [['', step]];
  if (step.kind === 'map' || step.kind === 'loop') configs.push(['step.', step.step]);
  for (const [prefix, config] of configs)
    for (const key of VALUE_KEYS)
      if (config[key] !== undefined)
        for (const [path, expression] of valueExpressions(config[key], prefix + key)) found.push([path, expression]);
  return found;
}

/** Expressions inside a config value: `=expr` strings and `{{ expr }}` templates, at any depth. */
export function valueExpressions(value: unknown, path: string): Array<[string, string]> {
  if (typeof value === 'string') {
    if (value.startsWith('=')) return [[path, value.slice(1)]];
    return [...value.matchAll(TEMPLATE)].map((match) => [path, match[1]] as [string, string]);
  }
  if (Array.isArray(value)) return value.flatMap((item, i) => valueExpressions(item, `${path}[${i}]`));
  if (value && typeof value === 'object') return Object.entries(value).flatMap(([key, item]) => valueExpressions(item, `${path}.${key}`));
  return [];
}

function readIssues(definition: WorkflowDefinition): DefinitionIssue[] {
  const ancestors = ancestorSets(definition);
  const issues: DefinitionIssue[] = [];
  definition.steps.forEach((step, i) => {
    for (const [path, expression] of stepExpressions(step))
      for (const [, read] of expression.matchAll(STEP_REF))
        if (!ancestors.get(step.id)!.has(read))
          issues.push({
            path: `steps[${i}].${path}`,
            code: 'UNDECLARED_READ',
            message: `Step ${step.id} reads steps.${read}, which ${ancestors.has(read) ? 'it does not depend on (add it to needs)' : 'does not exist'}`,
          });
  });
  const ids = new Set(definition.steps.map((s) => s.id));
  for (const [, read] of (definition.output ?? '').matchAll(STEP_REF))
    if (!ids.has(read))
      issues.push({ path: 'output', code: 'UNKNOWN_STEP', message: `The output reads steps.${read}, which does not exist` });
  return issues;
}

/** For each step, every step it depends on directly or transitively (the graph is acyclic here). */
export function ancestorSets(definition: WorkflowDefinition): Map<string, Set<string>> {
  const needs = new Map(definition.steps.map((s) => [s.id, s.needs]));
  const memo = new Map<string, Set<string>>();
  const of = (id: string): Set<string> => {
    const known = memo.get(id);
    if (known) return known;
    const set = new Set<string>();
    for (const need of needs.get(id) ?? []) {
      set.add(need);
      for (const a of of(need)) set.add(a);
    }
    memo.set(id, set);
    return set;
  };
  for (const step of definition.steps) of(step.id);
  return memo;
}

function formatPath(path: PropertyKey[]): string {
  return path.map((part, i) => (typeof part === 'number' ? `[${part}]` : `${i ? '.' : ''}${String(part)}`)).join('');
}
