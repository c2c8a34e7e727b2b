import type { PlatformApi } from '@agentic/sdk';

export type PlannedTask = PlatformApi.PlannedTaskDto;
export interface PlacedTask {
  task: PlannedTask;
  /** Who does it: the current (not replaced) assignment's agent name, when routed. */
  agentName?: string;
  depth: number;
  position: { x: number; y: number };
}
export interface PlanEdge {
  id: string;
  source: string;
  target: string;
  /** The target's state: an edge into a running task is live. */
  state: string;
}

/** One candidate the router weighed for a task: its score breakdown, and whether it won. */
export interface Candidate {
  agentId: string;
  name: string;
  match: number;
  health: number;
  load: number;
  inFlight: number;
  success: number;
  total: number;
  chosen: boolean;
}

const COLUMN_WIDTH = 240;
const ROW_HEIGHT = 90;

/** Node colour by task state (CSS variables, so both themes work). */
export function stateColour(state: string): string {
  switch (state) {
    case 'succeeded':
      return 'var(--ok)';
    case 'failed':
    case 'canceled':
      return 'var(--error)';
    case 'running':
      return 'var(--warn)';
    case 'assigned':
      return 'var(--accent)';
    default:
      return 'var(--border)';
  }
}

/**
 * The plan as a graph: a node per task, an edge per dependency (dependencies on unknown tasks dropped), laid out in
 * columns by depth (0 without dependencies, else one more than the deepest dependency; a cycle cannot stall it).
 */
export function buildPlanGraph(
  plan: PlannedTask[],
  assignments: PlatformApi.AssignedAgentDto[] = [],
): { nodes: PlacedTask[]; edges: PlanEdge[] } {
  const byId = new Map(plan.map((t) => [t.id, t]));
  const depth = new Map<string, number>();
  const depthOf = (id: string, seen: Set<string>): number => {
    const known = depth.get(id);
    if (known !== undefined) return known;
    if (seen.has(id)) return 0;
    seen.add(id);
    const deps = byId.get(id)!.dependsOn.filter((d) => byId.has(d));
    const value = deps.length ? 1 + Math.max(...deps.map((d) => depthOf(d, seen))) : 0;
    depth.set(id, value);
    return value;
  };
  const agentOf = new Map(assignments.filter((a) => a.state !== 'replaced').map((a) => [a.taskId, a.agentName]));
  const rows = new Map<number, number>();
  const nodes = plan.map((task) => {
    const d = depthOf(task.id, new Set());
    const row = rows.get(d) ?? 0;
    rows.set(d, row + 1);
    return { task, agentName: agentOf.get(task.id), depth: d, position: { x: d * COLUMN_WIDTH, y: row * ROW_HEIGHT } };
  });
  const edges = plan.flatMap((task) =>
    task.dependsOn.filter((d) => byId.has(d)).map((d) => ({ id: `${d}->${task.id}`, source: d, target: task.id, state: task.state })),
  );
  return { nodes, edges };
}

const num = (value: unknown) => (typeof value === 'number' && Number.isFinite(value) ? value : 0);

/** The router's stored breakdown ({ chosen, alternatives }) as rows, the winner first; malformed entries are skipped. */
export function candidatesOf(score: Record<string, unknown>): Candidate[] {
  const row = (raw: unknown, chosen: boolean): Candidate | undefined => {
    if (!raw || typeof raw !== 'object') return undefined;
    const s = raw as Record<string, unknown>;
    if (typeof s.agentId !== 'string') return undefined;
    return {
      agentId: s.agentId,
      name: typeof s.name === 'string' ? s.name : s.agentId,
      match: num(s.match),
      health: num(s.health),
      load: num(s.load),
      inFlight: num(s.inFlight),
      success: num(s.success),
      total: num(s.total),
      chosen,
    };
  };
  const alternatives = Array.isArray(score.alternatives) ? score.alternatives : [];
  return [row(score.chosen, true), ...alternatives.map((a) => row(a, false))].filter((c): c is Candidate => !!c);
}

/** Sessions still moving: their page refreshes itself. */
export const isLive = (status: string | undefined) => status === 'planning' || status === 'running';
