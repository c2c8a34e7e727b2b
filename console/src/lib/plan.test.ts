import { describe, expect, it } from 'vitest';
import type { PlatformApi } from '@agentic/sdk';
import { buildPlanGraph, candidatesOf, isLive, stateColour } from './plan';

const task = (id: string, dependsOn: string[] = [], state = 'pending'): PlatformApi.PlannedTaskDto => ({
  id,
  title: `Task ${id}`,
  instructions: '',
  dependsOn,
  state: state as PlatformApi.PlannedTaskDto['state'],
  agentId: null,
});
const assigned = (taskId: string, agentName: string, state = 'assigned') =>
  ({
    taskId,
    agentName,
    state,
    agentId: agentName,
    role: taskId,
    reason: '',
    score: {},
    latencyMs: null,
    error: null,
  }) as PlatformApi.AssignedAgentDto;

describe('plan graph', () => {
  it('lays tasks out in columns by dependency depth, rows within a column, one edge per known dependency', () => {
    const { nodes, edges } = buildPlanGraph([task('a'), task('b'), task('c', ['a', 'b']), task('d', ['c', 'ghost'], 'running')]);
    expect(nodes.map((n) => [n.task.id, n.depth, n.position])).toEqual([
      ['a', 0, { x: 0, y: 0 }],
      ['b', 0, { x: 0, y: 90 }],
      ['c', 1, { x: 240, y: 0 }],
      ['d', 2, { x: 480, y: 0 }],
    ]);
    expect(edges).toEqual([
      { id: 'a->c', source: 'a', target: 'c', state: 'pending' },
      { id: 'b->c', source: 'b', target: 'c', state: 'pending' },
      { id: 'c->d', source: 'c', target: 'd', state: 'running' },
    ]);
  });

  it('survives a cycle (a corrupt plan) instead of recursing forever', () => {
    const { nodes, edges } = buildPlanGraph([task('x', ['y']), task('y', ['x'])]);
    expect(nodes).toHaveLength(2);
    expect(edges).toHaveLength(2);
  });

  it('names the current agent of each task, ignoring replaced assignments', () => {
    const { nodes } = buildPlanGraph([task('a'), task('b')], [assigned('a', 'old', 'replaced'), assigned('a', 'new', 'succeeded')]);
    expect(nodes.map((n) => n.agentName)).toEqual(['new', undefined]);
  });

  it('colours by state and knows which sessions are still live', () => {
    expect(['succeeded', 'failed', 'canceled', 'running', 'assigned', 'pending', 'skipped'].map(stateColour)).toEqual([
      'var(--ok)',
      'var(--error)',
      'var(--error)',
      'var(--warn)',
      'var(--accent)',
      'var(--border)',
      'var(--border)',
    ]);
    expect(['planning', 'running', 'succeeded', 'failed', 'canceled', undefined].map(isLive)).toEqual([
      true,
      true,
      false,
      false,
      false,
      false,
    ]);
  });
});

describe('routing candidates', () => {
  it('puts the chosen agent first, then the alternatives, skipping malformed entries', () => {
    const rows = candidatesOf({
      chosen: { agentId: 'a1', name: 'helper', match: 1, health: 1, load: 0.5, inFlight: 1, success: 0.5, total: 0.8 },
      alternatives: [
        { agentId: 'a2', name: 'backup', match: 0.4, health: 1, load: 1, inFlight: 0, success: 0.5, total: 0.6 },
        'junk',
        { name: 'no id' },
      ],
    });
    expect(rows.map((r) => [r.name, r.chosen, r.total, r.inFlight])).toEqual([
      ['helper', true, 0.8, 1],
      ['backup', false, 0.6, 0],
    ]);
    expect(candidatesOf({})).toEqual([]);
  });
});
