import { describe, expect, it } from 'vitest';
import { validateWorkflowDefinition } from '@libs/workflow';
import { defaultConfig, fromDefinition, layout, layoutOf, placeNodes, savedDefinition, type GraphNode } from './graph';

const step = (id: string): GraphNode => ({ id, data: { kind: 'transform', config: defaultConfig('transform') } });
const chain = [step('a'), step('b'), step('c')];
const edges = [
  { source: 'a', target: 'b' },
  { source: 'b', target: 'c' },
];

describe('designer layout (saved positions)', () => {
  it('places every node where the layout saved it', () => {
    const saved = { a: { x: 500, y: 7 }, b: { x: -30, y: 260 }, c: { x: 12, y: 12 } };
    expect(Object.fromEntries(placeNodes(chain, edges, saved))).toEqual(saved);
  });

  it('lays out by depth when nothing is saved, and ignores entries that are not points', () => {
    expect(placeNodes(chain, edges)).toEqual(layout(chain, edges));
    expect(placeNodes(chain, edges, { a: { x: 'left', y: 3 } as never })).toEqual(layout(chain, edges));
  });

  it('puts steps the layout does not know below the saved ones', () => {
    const positions = placeNodes(chain, edges, { a: { x: 100, y: 50 }, b: { x: 100, y: 300 } });
    expect(positions.get('a')).toEqual({ x: 100, y: 50 });
    expect(positions.get('b')).toEqual({ x: 100, y: 300 });
    expect(positions.get('c')!.y).toBeGreaterThan(300);
    expect(positions.get('c')!.x).toBe(100);
  });

  it('saves rounded positions with the steps and the fields it was loaded with, and reads them back', () => {
    const loaded = fromDefinition({
      steps: [
        { id: 'a', kind: 'transform', expression: '1', needs: [] },
        { id: 'b', kind: 'transform', expression: '2', needs: ['a'] },
      ],
      output: 'steps.b.output',
      layout: { a: { x: 1, y: 2 } },
    });
    expect(loaded.saved).toEqual({ a: { x: 1, y: 2 } });
    expect(loaded.rest).toEqual({ output: 'steps.b.output' });
    const positions = placeNodes(loaded.nodes, loaded.edges, loaded.saved);
    const moved = loaded.nodes.map((n) => ({ ...n, position: n.id === 'b' ? { x: 240.4, y: 99.6 } : positions.get(n.id)! }));
    const definition = savedDefinition(moved, loaded.edges, loaded.rest);
    expect(definition.layout).toEqual({ a: { x: 1, y: 2 }, b: { x: 240, y: 100 } });
    expect((definition as Record<string, unknown>).output).toBe('steps.b.output');
    // The server's validator keeps it as it is.
    const checked = validateWorkflowDefinition(definition);
    expect(checked.valid && checked.definition.layout).toEqual(definition.layout);
    expect(Object.fromEntries(placeNodes(loaded.nodes, loaded.edges, fromDefinition(definition).saved))).toEqual(definition.layout);
  });

  it('keeps nothing for nodes that are gone', () => {
    expect(layoutOf([{ id: 'x', position: { x: 0.4, y: -0.6 } }])).toEqual({ x: { x: 0, y: -1 } });
  });
});
