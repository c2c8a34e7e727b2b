import { SchemaChecker } from './schema-checker';

describe('SchemaChecker', () => {
  const checker = new SchemaChecker();
  const schema = {
    type: 'object',
    properties: { email: { type: 'string', format: 'email' }, count: { type: 'integer', default: 1 } },
    required: ['email'],
    additionalProperties: false,
  };

  it('fills defaults into a copy and leaves the caller value alone', () => {
    const value = { email: 'ada@example.com' };
    expect(checker.check(schema, value)).toEqual({ ok: true, value: { email: 'ada@example.com', count: 1 } });
    expect(value).toEqual({ email: 'ada@example.com' });
  });

  it('reports every finding with its path, formats included', () => {
    const result = checker.check(schema, { email: 'not-an-email', count: 'two', extra: true });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.findings).toEqual(
      expect.arrayContaining([
        { path: '/email', message: expect.stringContaining('format') },
        { path: '/count', message: expect.stringContaining('integer') },
        { path: '/', message: expect.stringContaining('additional') },
      ]),
    );
  });

  it('throws when the schema itself is not JSON Schema', () => {
    expect(() => checker.compile({ type: 'no-such-type' })).toThrow();
  });
});
