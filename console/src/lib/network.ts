import type { PlatformApi } from '@agentic/sdk';

export type NetKind = 'process' | 'orchestrator' | 'agent' | 'module-agent' | 'module';
export interface NetNode {
  id: string;
  kind: NetKind;
  label: string;
  agentId?: string;
}
export interface PlacedNode {
  node: NetNode;
  position: { x: number; y: number };
}
export type NetEdge = PlatformApi.NetworkEdgeDto;

export const KIND_LABEL: Record<NetKind, string> = {
  process: 'process',
  orchestrator: 'orchestrator',
  agent: 'agent',
  'module-agent': 'module agent',
  module: 'module',
};
// Columns left to right: callers (processes, the orchestrator), agents, module agents, the modules the bus traffic reaches.
const COLUMN: Record<NetKind, number> = { process: 0, orchestrator: 0, agent: 1, 'module-agent': 2, module: 3 };

/** Edge colour by error rate: green when clean, amber under 5 %, red above. */
export function edgeColour(errorRate: number): string {
  if (errorRate <= 0) return 'var(--ok)';
  if (errorRate < 0.05) return 'var(--warn)';
  return 'var(--error)';
}

/** Edge thickness by traffic: logarithmic, 1.5 to 10 px. */
export function edgeWidth(count: number): number {
  return Math.min(10, 1.5 + Math.log2(1 + Math.max(0, count)) * 1.2);
}

/**
 * The nodes to draw: the registered agents (module agents, tagged `module-agent`, among them), even before they carry
 * traffic, merged with the topology's nodes (same `agent:<id>` ids), laid out in columns by kind. Edges whose ends are
 * unknown are dropped.
 */
export function buildNetwork(
  agents: PlatformApi.AgentDto[],
  topology: PlatformApi.NetworkDto | undefined,
): { nodes: PlacedNode[]; edges: NetEdge[]; byId: Map<string, NetNode> } {
  const byId = new Map<string, NetNode>();
  for (const a of agents) {
    const isModule = a.skills.some((s) => s.tags?.includes('module-agent'));
    byId.set(`agent:${a.id}`, { id: `agent:${a.id}`, kind: isModule ? 'module-agent' : 'agent', label: a.name, agentId: a.id });
  }
  for (const n of topology?.nodes ?? [])
    if (!byId.has(n.id))
      byId.set(n.id, { id: n.id, kind: n.kind, label: n.label, agentId: n.kind === 'agent' ? n.id.slice('agent:'.length) : undefined });
  const columns = new Map<number, NetNode[]>();
  const order = (n: NetNode) => (n.kind === 'orchestrator' ? 1 : 0);
  for (const n of [...byId.values()].sort((a, b) => order(a) - order(b) || a.label.localeCompare(b.label))) {
    const list = columns.get(COLUMN[n.kind]) ?? [];
    list.push(n);
    columns.set(COLUMN[n.kind], list);
  }
  const nodes: PlacedNode[] = [];
  for (const [column, list] of columns)
    list.forEach((node, row) => nodes.push({ node, position: { x: column * 260, y: row * 80 + (column % 2) * 30 } }));
  const edges = (topology?.edges ?? []).filter((e) => byId.has(e.source) && byId.has(e.target));
  return { nodes, edges, byId };
}
