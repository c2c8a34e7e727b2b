import { Injectable } from '@nestjs/common';
import { OrchestratorRepository } from './orchestrator.repository';

export interface NetworkNode {
  id: string;
  kind: 'orchestrator' | 'agent' | 'module' | 'process';
  label: string;
}

export interface NetworkEdge {
  source: string;
  target: string;
  /** What flows on the edge: `task` (orchestrator → agent) or the bus method family (`rag.search`, ...). */
  kind: string;
  count: number;
  p50Ms: number;
  p95Ms: number;
  errorRate: number;
  lastSeen: string;
}

/**
 * The A2A network as a graph: the orchestrator's task edges to agents (from assignments) and the module-to-module
 * message edges (from the bus message log), with counts, latency percentiles, error rates and last-seen times.
 */
@Injectable()
export class NetworkService {
  constructor(private readonly repository: OrchestratorRepository) {}

  async topology(windowMs: number, sessionId?: string): Promise<{ since: string; nodes: NetworkNode[]; edges: NetworkEdge[] }> {
    const since = new Date(Date.now() - windowMs);
    const nodes = new Map<string, NetworkNode>([['orchestrator', { id: 'orchestrator', kind: 'orchestrator', label: 'orchestrator' }]]);
    const edges: NetworkEdge[] = [];
    const byAgent = new Map<string, { label: string; durations: number[]; failed: number; count: number; lastSeen: Date }>();
    for (const a of await this.repository.assignmentsSince(since, sessionId)) {
      const group = byAgent.get(a.agentId) ?? { label: a.agentName, durations: [], failed: 0, count: 0, lastSeen: a.updatedAt };
      group.count++;
      if (a.state === 'failed' || a.error !== null) group.failed++; // a replaced assignment keeps the error it failed with
      if (a.latencyMs !== null) group.durations.push(a.latencyMs);
      if (a.updatedAt > group.lastSeen) group.lastSeen = a.updatedAt;
      byAgent.set(a.agentId, group);
    }
    for (const [agentId, g] of byAgent) {
      nodes.set(`agent:${agentId}`, { id: `agent:${agentId}`, kind: 'agent', label: g.label });
      edges.push({
        source: 'orchestrator',
        target: `agent:${agentId}`,
        kind: 'task',
        count: g.count,
        ...percentiles(g.durations),
        errorRate: g.failed / g.count,
        lastSeen: g.lastSeen.toISOString(),
      });
    }
    if (!sessionId) for (const edge of await this.busEdges(since, nodes)) edges.push(edge);
    return { since: since.toISOString(), nodes: [...nodes.values()], edges };
  }

  private async busEdges(since: Date, nodes: Map<string, NetworkNode>): Promise<NetworkEdge[]> {
    const merged = new Map<
      string,
      { source: string; target: string; kind: string; count: number; errors: number; durations: number[]; lastSeen: Date }
    >();
    for (const t of await this.repository.busTraffic(since)) {
      const target = `module:${t.method.split('.')[0]}`;
      const source = `process:${t.source}`;
      nodes.set(source, { id: source, kind: 'process', label: t.source });
      nodes.set(target, { id: target, kind: 'module', label: t.method.split('.')[0] });
      const key = `${source}|${target}|${t.method}`;
      const edge = merged.get(key) ?? { source, target, kind: t.method, count: 0, errors: 0, durations: [], lastSeen: t.lastSeen };
      edge.count += t.count;
      if (t.status !== 'ok') edge.errors += t.count;
      edge.durations.push(...t.durations);
      if (t.lastSeen > edge.lastSeen) edge.lastSeen = t.lastSeen;
      merged.set(key, edge);
    }
    return [...merged.values()].map((e) => ({
      source: e.source,
      target: e.target,
      kind: e.kind,
      count: e.count,
      ...percentiles(e.durations),
      errorRate: e.errors / e.count,
      lastSeen: e.lastSeen.toISOString(),
    }));
  }
}

function percentiles(values: number[]): { p50Ms: number; p95Ms: number } {
  if (!values.length) return { p50Ms: 0, p95Ms: 0 };
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number) => Math.round(sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] * 100) / 100;
  return { p50Ms: at(0.5), p95Ms: at(0.95) };
}
