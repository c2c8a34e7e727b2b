import { describe, expect, it } from 'vitest';
import {
  connectionIssue,
  defaultConfig,
  definitionIssues,
  fromDefinition,
  layout,
  nextStepId,
  STEP_KINDS,
  toDefinition,
  type GraphNode,
} from './graph';

const step = (id: string, kind: GraphNode['data']['kind'] = 'transform'): GraphNode => ({
  id,
  data: { kind, config: defaultConfig(kind) },
});

describe('designer connection validation (the server validator, libs/workflow)', () => {
  const nodes = [step('a'), step('b'), step('c')];

  it('accepts an edge that keeps the graph acyclic', () => {
    expect(connectionIssue(nodes, [], { source: 'a', target: 'b' })).toBeNull();
    expect(connectionIssue(nodes, [{ source: 'a', target: 'b' }], { source: 'b', target: 'c' })).toBeNull();
    expect(connectionIssue(nodes, [{ source: 'a', target: 'b' }], { source: 'a', target: 'c' })).toBeNull();
  });

  it('refuses a step needing itself', () => {
    expect(connectionIssue(nodes, [], { source: 'a', target: 'a' })).toMatch(/itself/);
  });

  it('refuses a cycle and names it as the server does', () => {
    const edges = [
      { source: 'a', target: 'b' },
      { source: 'b', target: 'c' },
    ];
    expect(connectionIssue(nodes, edges, { source: 'c', target: 'a' })).toMatch(/cycle: .*a → b → c → a|cycle/);
    expect(connectionIssue(nodes, [{ source: 'a', target: 'b' }], { source: 'b', target: 'a' })).toMatch(/cycle/);
  });

  it('refuses a duplicate edge and unknown ends', () => {
    expect(connectionIssue(nodes, [{ source: 'a', target: 'b' }], { source: 'a', target: 'b' })).toMatch(/already/);
    expect(connectionIssue(nodes, [], { source: 'a', target: 'zzz' })).toMatch(/steps on the canvas/);
    expect(connectionIssue(nodes, [], { source: null, target: 'a' })).not.toBeNull();
  });

  it('judges structure only: a half-filled step does not block drawing edges', () => {
    const half = [step('a', 'tool'), { id: 'b', data: { kind: 'sql' as const, config: {} } }];
    expect(connectionIssue(half, [], { source: 'a', target: 'b' })).toBeNull();
    expect(definitionIssues(half, [{ source: 'a', target: 'b' }]).length).toBeGreaterThan(0);
  });
});

describe('designer definitions', () => {
  it('every default step config passes the validator (ids filled in where the kind needs one)', () => {
    for (const kind of STEP_KINDS) {
      const nodes = [step('first'), step('s', kind)];
      const edges = kind === 'join' ? [{ source: 'first', target: 's' }] : [];
      const issues = definitionIssues(nodes, edges).filter((i) => !/connectionId|workflowId|collection/.test(i.path));
      expect({ kind, issues }).toEqual({ kind, issues: [] });
    }
  });

  it('round-trips a definition: edges are needs', () => {
    const nodes = [step('a'), step('b')];
    const definition = toDefinition(nodes, [{ source: 'a', target: 'b' }]);
    expect(definition.steps[1]).toMatchObject({ id: 'b', kind: 'transform', needs: ['a'] });
    const back = fromDefinition(definition);
    expect(back.edges).toEqual([{ source: 'a', target: 'b' }]);
    expect(back.nodes.map((n) => n.id)).toEqual(['a', 'b']);
    expect(back.nodes[1].data.config).toEqual({ expression: '"ok"' });
  });

  it('names new steps kind_n and lays out 200 chained steps without overlap', () => {
    expect(nextStepId('transform', ['transform_1', 'transform_3'])).toBe('transform_2');
    const nodes = Array.from({ length: 200 }, (_, i) => step(`s${i}`));
    const edges = nodes.slice(1).map((n, i) => ({ source: `s${i}`, target: n.id }));
    const positions = [...layout(nodes, edges).values()].map((p) => `${p.x},${p.y}`);
    expect(new Set(positions).size).toBe(200);
  });
});
