import { describe, expect, it } from 'vitest';
import type { PlatformApi } from '@agentic/sdk';
import { buildNetwork, edgeColour, edgeWidth } from './network';

const agent = (id: string, name: string, tags: string[] = []) =>
  ({ id, name, skills: [{ id: 's', name: 's', description: '', tags }] }) as unknown as PlatformApi.AgentDto;
const edge = (source: string, target: string, count: number, errorRate = 0): PlatformApi.NetworkEdgeDto => ({
  source,
  target,
  kind: 'task',
  count,
  errorRate,
  p50Ms: 1,
  p95Ms: 2,
  lastSeen: '2026-01-01T00:00:00.000Z',
});

describe('A2A network graph', () => {
  it('colours edges by error rate and thickens them with traffic, within bounds', () => {
    expect([edgeColour(0), edgeColour(0.01), edgeColour(0.05), edgeColour(1)]).toEqual([
      'var(--ok)',
      'var(--warn)',
      'var(--error)',
      'var(--error)',
    ]);
    expect(edgeWidth(0)).toBe(1.5);
    expect(edgeWidth(10)).toBeGreaterThan(edgeWidth(1));
    expect(edgeWidth(1e9)).toBe(10);
  });

  it('merges registered agents with the topology, tells module agents apart and drops dangling edges', () => {
    const { nodes, edges, byId } = buildNetwork([agent('a1', 'helper'), agent('m1', 'database-agent', ['sql', 'module-agent'])], {
      since: '2026-01-01T00:00:00.000Z',
      nodes: [
        { id: 'orchestrator', kind: 'orchestrator', label: 'orchestrator' },
        { id: 'agent:a1', kind: 'agent', label: 'helper (from traffic)' },
        { id: 'agent:gone', kind: 'agent', label: 'deleted agent' },
        { id: 'module:rag', kind: 'module', label: 'rag' },
      ],
      edges: [edge('orchestrator', 'agent:a1', 3), edge('orchestrator', 'agent:unknown', 1)],
    });
    expect(byId.get('agent:a1')).toEqual({ id: 'agent:a1', kind: 'agent', label: 'helper', agentId: 'a1' });
    expect(byId.get('agent:m1')?.kind).toBe('module-agent');
    expect(byId.get('agent:gone')?.agentId).toBe('gone');
    expect(edges.map((e) => e.target)).toEqual(['agent:a1']);
    // Columns by kind, left to right; no two nodes share a position.
    const x = (id: string) => nodes.find((n) => n.node.id === id)!.position.x;
    expect(x('orchestrator')).toBeLessThan(x('agent:a1'));
    expect(x('agent:a1')).toBeLessThan(x('agent:m1'));
    expect(x('agent:m1')).toBeLessThan(x('module:rag'));
    expect(new Set(nodes.map((n) => `${n.position.x},${n.position.y}`)).size).toBe(nodes.length);
  });
});
