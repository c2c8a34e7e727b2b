import { validateWorkflowDefinition } from './validate';

const codes = (input: unknown) => {
  const result = validateWorkflowDefinition(input);
  return result.valid ? [] : result.issues.map((i) => i.code);
};

describe(validateWorkflowDefinition.name, () => {
  it('accepts a small DAG and fills in defaults', () => {
    const result = validateWorkflowDefinition({
      steps: [
        { id: 'search', kind: 'knowledge', collection: 'docs', query: '=input.question' },
        { id: 'answer', kind: 'transform', needs: ['search'], expression: 'steps.search.output.results[0].text' },
      ],
    });
    expect(result.valid).toBe(true);
    if (result.valid) expect(result.definition.steps[0]).toMatchObject({ needs: [], mode: 'hybrid', k: 5 });
  });

  it('names the cycle', () => {
    const result = validateWorkflowDefinition({
      steps: [
        { id: 'a', kind: 'transform', expression: '1', needs: ['c'] },
        { id: 'b', kind: 'transform', expression: '1', needs: ['a'] },
        { id: 'c', kind: 'transform', expression: '1', needs: ['b'] },
      ],
    });
    expect(result.valid).toBe(false);
    if (!result.valid)
      expect(result.issues[0]).toMatchObject({
        code: 'CYCLE',
        message: expect.stringMatching(/a → b → c → a|b → c → a → b|c → a → b → c/),
      });
  });

  it('refuses a dangling reference, a duplicate id and an unknown step kind', () => {
    expect(codes({ steps: [{ id: 'a', kind: 'transform', expression: '1', needs: ['ghost'] }] })).toEqual(['UNKNOWN_STEP']);
    expect(
      codes({
        steps: [
          { id: 'a', kind: 'transform', expression: '1' },
          { id: 'a', kind: 'transform', expression: '2' },
        ],
      }),
    ).toEqual(['DUPLICATE_STEP']);
    expect(codes({ steps: [{ id: 'a', kind: 'teleport' }] })).toEqual(['INVALID_SHAPE']);
  });

  it('refuses expressions that do not parse, wherever they are', () => {
    expect(codes({ steps: [{ id: 'a', kind: 'transform', expression: '$$$ +' }] })).toEqual(['BAD_EXPRESSION']);
    expect(codes({ steps: [{ id: 'a', kind: 'tool', tool: 'echo', arguments: { text: 'hi {{ input.( }}' } }] })).toEqual([
      'BAD_EXPRESSION',
    ]);
    expect(codes({ steps: [{ id: 'a', kind: 'transform', expression: '1', when: 'input.x =' }] })).toEqual(['BAD_EXPRESSION']);
  });

  it('refuses a read of a step the reader does not depend on', () => {
    const result = validateWorkflowDefinition({
      steps: [
        { id: 'a', kind: 'transform', expression: '1' },
        { id: 'b', kind: 'transform', expression: 'steps.a.output + 1' },
      ],
    });
    expect(result.valid).toBe(false);
    if (!result.valid) expect(result.issues[0]).toMatchObject({ code: 'UNDECLARED_READ', path: 'steps[1].expression' });
  });

  it('makes the steps of a condition branch depend on the condition', () => {
    const result = validateWorkflowDefinition({
      steps: [
        { id: 'check', kind: 'condition', if: 'input.n > 1', then: ['big'], else: ['small'] },
        { id: 'big', kind: 'transform', expression: '"big"' },
        { id: 'small', kind: 'transform', expression: '"small"' },
      ],
    });
    expect(result.valid && result.definition.steps[1].needs).toEqual(['check']);
  });

  it('refuses an oversized definition and unknown fields', () => {
    const huge = { steps: [{ id: 'a', kind: 'transform', expression: '1' }], padding: 'x'.repeat(300_000) };
    expect(codes(huge)).toEqual(['TOO_LARGE']);
    expect(codes({ steps: [{ id: 'a', kind: 'transform', expression: '1', colour: 'red' }] })).toEqual(['INVALID_SHAPE']);
  });

  it('checks join and wait settings', () => {
    expect(
      codes({
        steps: [
          { id: 'a', kind: 'transform', expression: '1' },
          { id: 'j', kind: 'join', needs: ['a'], mode: 'k', k: 2 },
        ],
      }),
    ).toEqual(['BAD_STEP']);
    expect(codes({ steps: [{ id: 'w', kind: 'wait' }] })).toEqual(['BAD_STEP']);
  });

  it('keeps a canvas layout of finite positions naming steps, and refuses anything else', () => {
    const steps = [{ id: 'a', kind: 'transform', expression: '1' }];
    const result = validateWorkflowDefinition({ steps, layout: { a: { x: 12.5, y: -40 } } });
    expect(result.valid && result.definition.layout).toEqual({ a: { x: 12.5, y: -40 } });
    expect(codes({ steps, layout: { a: { x: '1', y: 2 } } })).toEqual(['INVALID_SHAPE']);
    expect(codes({ steps, layout: { a: { x: 1, y: 2, z: 3 } } })).toEqual(['INVALID_SHAPE']);
    expect(codes({ steps, layout: { a: { x: 1, y: 1e9 } } })).toEqual(['INVALID_SHAPE']);
    expect(codes({ steps, layout: { a: { x: 1, y: Infinity } } })).toEqual(['INVALID_SHAPE']);
    expect(codes({ steps, layout: [] })).toEqual(['INVALID_SHAPE']);
    expect(codes({ steps, layout: { ghost: { x: 1, y: 2 } } })).toEqual(['UNKNOWN_STEP']);
    const many = Object.fromEntries(Array.from({ length: 201 }, (_, i) => [`s${i}`, { x: i, y: i }]));
    expect(codes({ steps, layout: many })).toEqual(['INVALID_SHAPE']);
  });
});
