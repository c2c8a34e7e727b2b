import { STEP_KINDS, validateWorkflowDefinition, type DefinitionIssue, type StepKind } from '@libs/workflow';

export { STEP_KINDS, type StepKind };

/** A step on the canvas: its id is the step id; needs come from the edges, everything else from config. */
export interface StepData extends Record<string, unknown> {
  kind: StepKind;
  config: Record<string, unknown>;
  status?: string;
}

export interface GraphNode {
  id: string;
  data: StepData;
}
export interface GraphEdge {
  source: string;
  target: string;
}

/** A config each kind starts with: enough to pass the validator where no outside id is needed. */
export function defaultConfig(kind: StepKind): Record<string, unknown> {
  switch (kind) {
    case 'agent':
      return { agent: { capability: 'general' }, message: '=input' };
    case 'tool':
      return { tool: 'echo', arguments: {} };
    case 'sql':
      return { connectionId: '', sql: 'SELECT 1' };
    case 'knowledge':
      return { collection: '', query: '=input.question', mode: 'hybrid', k: 5 };
    case 'code':
      return { code: 'return input;' };
    case 'condition':
      return { if: 'true', then: [], else: [] };
    case 'join':
      return { mode: 'all' };
    case 'map':
      return { over: 'input.items', concurrency: 4, step: { kind: 'transform', expression: '$' } };
    case 'loop':
      return { until: 'index >= 2', maxIterations: 10, step: { kind: 'transform', expression: '$' } };
    case 'subworkflow':
      return { workflowId: '' };
    case 'wait':
      return { durationMs: 1000 };
    case 'approval':
      return { prompt: 'Approve?' };
    case 'transform':
      return { expression: '"ok"' };
  }
}

/** A fresh step id for kind: `kind_n`, unused so far. */
export function nextStepId(kind: StepKind, taken: Iterable<string>): string {
  const used = new Set(taken);
  for (let n = 1; ; n++) if (!used.has(`${kind}_${n}`)) return `${kind}_${n}`;
}

/** The workflow definition the canvas stands for: an edge a → b means b needs a. */
export function toDefinition(nodes: GraphNode[], edges: GraphEdge[]) {
  return {
    steps: nodes.map((node) => ({
      ...node.data.config,
      id: node.id,
      kind: node.data.kind,
      needs: edges.filter((e) => e.target === node.id).map((e) => e.source),
    })),
  };
}

export type Point = { x: number; y: number };
/** A definition's fields besides steps and layout (inputSchema, output, timeoutMs): the canvas keeps them as they were. */
export type DefinitionRest = Record<string, unknown>;

/** The canvas of a saved definition: nodes from steps, an edge per need, its saved layout and its other fields. */
export function fromDefinition(definition: { steps?: Array<Record<string, unknown>>; layout?: unknown } & Record<string, unknown>): {
  nodes: GraphNode[];
  edges: GraphEdge[];
  saved: Record<string, Point>;
  rest: DefinitionRest;
} {
  const { steps = [], layout: saved, ...rest } = definition;
  const nodes = steps.map((step) => {
    const { id, kind, needs: _needs, ...config } = step as { id: string; kind: StepKind; needs?: string[] };
    return { id, data: { kind, config } };
  });
  const edges = steps.flatMap((step) =>
    ((step.needs as string[] | undefined) ?? []).map((need) => ({ source: need, target: step.id as string })),
  );
  return { nodes, edges, saved: (saved ?? {}) as Record<string, Point>, rest };
}

/**
 * Where each node goes: its saved position when the layout has one; the others by dependency depth, moved below
 * the saved ones so nothing lands on top of them.
 */
export function placeNodes(nodes: GraphNode[], edges: GraphEdge[], saved: Record<string, Point> = {}): Map<string, Point> {
  const placed = nodes.filter((n) => isPoint(saved[n.id]));
  if (placed.length === 0) return layout(nodes, edges);
  const positions = new Map(placed.map((n) => [n.id, { x: saved[n.id].x, y: saved[n.id].y }]));
  const rest = nodes.filter((n) => !positions.has(n.id));
  if (rest.length) {
    const below = Math.max(...placed.map((n) => saved[n.id].y)) + 140;
    const left = Math.min(...placed.map((n) => saved[n.id].x));
    const among = new Set(rest.map((n) => n.id));
    const inner = edges.filter((e) => among.has(e.source) && among.has(e.target));
    for (const [id, p] of layout(rest, inner)) positions.set(id, { x: left + p.x, y: below + p.y });
  }
  return positions;
}

const isPoint = (p: unknown): p is Point =>
  !!p && typeof p === 'object' && Number.isFinite((p as Point).x) && Number.isFinite((p as Point).y);

/** The layout a definition stores: each node's position, rounded to whole canvas units. */
export function layoutOf(nodes: Array<{ id: string; position: Point }>): Record<string, Point> {
  return Object.fromEntries(nodes.map((n) => [n.id, { x: Math.round(n.position.x), y: Math.round(n.position.y) }]));
}

/** The definition to save: the canvas's steps, the other fields it was loaded with, and where every step sits. */
export function savedDefinition(nodes: Array<GraphNode & { position: Point }>, edges: GraphEdge[], rest: DefinitionRest = {}) {
  return { ...rest, ...toDefinition(nodes, edges), layout: layoutOf(nodes) };
}

/** Positions by dependency depth: one column per depth, wrapping into bands of ten columns on long chains. */
export function layout(nodes: GraphNode[], edges: GraphEdge[]): Map<string, { x: number; y: number }> {
  const needs = new Map<string, string[]>(nodes.map((n) => [n.id, []]));
  for (const e of edges) needs.get(e.target)?.push(e.source);
  const depth = new Map<string, number>();
  const visiting = new Set<string>();
  const depthOf = (id: string): number => {
    if (depth.has(id)) return depth.get(id)!;
    if (visiting.has(id)) return 0;
    visiting.add(id);
    const d = Math.max(-1, ...(needs.get(id) ?? []).map(depthOf)) + 1;
    depth.set(id, d);
    return d;
  };
  const rows = new Map<number, number>();
  const positions = new Map<string, { x: number; y: number }>();
  let tallest = 0;
  for (const node of nodes) {
    const d = depthOf(node.id);
    const row = rows.get(d) ?? 0;
    rows.set(d, row + 1);
    tallest = Math.max(tallest, row + 1);
  }
  rows.clear();
  for (const node of nodes) {
    const d = depthOf(node.id);
    const row = rows.get(d) ?? 0;
    rows.set(d, row + 1);
    const band = Math.floor(d / 10);
    positions.set(node.id, { x: (d % 10) * 220, y: (band * tallest + row) * 110 + band * 60 });
  }
  return positions;
}

/**
 * Why the canvas refuses an edge source → target, or null when it may be drawn. The graph goes through the
 * server's own validator (libs/workflow) as a skeleton of placeholder steps, so only its structure is judged:
 * unknown steps, a step needing itself, and cycles.
 */
export function connectionIssue(
  nodes: GraphNode[],
  edges: GraphEdge[],
  connection: { source?: string | null; target?: string | null },
): string | null {
  const { source, target } = connection;
  if (!source || !target) return 'Connect one step to another';
  if (source === target) return `Step ${source} cannot need itself`;
  if (edges.some((e) => e.source === source && e.target === target)) return `${target} already needs ${source}`;
  const skeleton = {
    steps: nodes.map((node) => ({
      id: node.id,
      kind: 'transform',
      expression: '1',
      needs: [...edges.filter((e) => e.target === node.id).map((e) => e.source), ...(node.id === target ? [source] : [])],
    })),
  };
  if (!nodes.some((n) => n.id === source) || !nodes.some((n) => n.id === target)) return 'Both ends must be steps on the canvas';
  const result = validateWorkflowDefinition(skeleton);
  return result.valid ? null : result.issues.map((issue) => issue.message).join('; ');
}

/** The full definition through the same validator: the issues the server would answer with. */
export function definitionIssues(nodes: GraphNode[], edges: GraphEdge[], rest: DefinitionRest = {}): DefinitionIssue[] {
  const result = validateWorkflowDefinition({ ...rest, ...toDefinition(nodes, edges) });
  return result.valid ? [] : result.issues;
}
