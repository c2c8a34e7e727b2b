import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { useState } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import { STEP_KINDS } from '@libs/workflow';
import { SchemaForm } from './SchemaForm';
import { stepJsonSchema, type JsonSchema } from './stepSchema';

afterEach(cleanup);

function Harness({
  schema,
  initial,
  onValue,
  hidden,
}: {
  schema: JsonSchema;
  initial: Record<string, unknown>;
  onValue: (v: Record<string, unknown>) => void;
  hidden?: string[];
}) {
  const [value, setValue] = useState(initial);
  return (
    <SchemaForm
      idPrefix="f"
      hidden={hidden}
      schema={schema}
      value={value}
      onChange={(next) => {
        setValue(next);
        onValue(next);
      }}
    />
  );
}

describe('schema-generated step forms', () => {
  it('derives a schema for every step kind from the engine definition', () => {
    for (const kind of STEP_KINDS) {
      const schema = stepJsonSchema(kind);
      expect(schema.properties?.kind).toBeDefined();
      expect(schema.properties?.id).toBeDefined();
    }
    expect(stepJsonSchema('knowledge').properties?.mode.enum).toEqual(['semantic', 'keyword', 'hybrid']);
  });

  it('renders an input per field, hides graph-owned fields, marks required ones', () => {
    render(<Harness schema={stepJsonSchema('knowledge')} initial={{ collection: 'docs', query: '=input.q' }} onValue={() => undefined} />);
    expect(screen.queryByLabelText(/^id/)).toBeNull();
    expect(screen.queryByLabelText(/^needs/)).toBeNull();
    expect(screen.queryByLabelText(/^kind/)).toBeNull();
    expect((screen.getByLabelText(/^collection/) as HTMLInputElement).value).toBe('docs');
    expect((screen.getByLabelText(/^collection/) as HTMLInputElement).required).toBe(true);
    expect(screen.getByLabelText(/^mode/).tagName).toBe('SELECT');
    const k = screen.getByLabelText(/^k/) as HTMLInputElement;
    expect([k.type, k.min, k.max]).toEqual(['number', '1', '100']);
  });

  it('edits strings, numbers, enums and free JSON values, dropping emptied optional fields', () => {
    let value: Record<string, unknown> = {};
    render(
      <Harness schema={stepJsonSchema('knowledge')} initial={{ collection: 'docs', query: 'x', k: 5 }} onValue={(v) => (value = v)} />,
    );
    fireEvent.change(screen.getByLabelText(/^collection/), { target: { value: 'manuals' } });
    fireEvent.change(screen.getByLabelText(/^k/), { target: { value: '7' } });
    fireEvent.change(screen.getByLabelText(/^mode/), { target: { value: 'keyword' } });
    fireEvent.change(screen.getByLabelText(/^query/), { target: { value: '{"text": "=input.q"}' } });
    expect(value).toMatchObject({ collection: 'manuals', k: 7, mode: 'keyword', query: { text: '=input.q' } });
    fireEvent.change(screen.getByLabelText(/^query/), { target: { value: '=input.question' } });
    expect(value.query).toBe('=input.question');
    fireEvent.change(screen.getByLabelText(/^name/), { target: { value: 'Find' } });
    fireEvent.change(screen.getByLabelText(/^name/), { target: { value: '' } });
    expect('name' in value).toBe(false);
  });

  it('uses long text areas for code and expressions', () => {
    render(<Harness schema={stepJsonSchema('transform')} initial={{ expression: '"ok"' }} onValue={() => undefined} />);
    expect(screen.getByLabelText(/^expression/).tagName).toBe('TEXTAREA');
  });
});

describe('schema-generated tool input forms', () => {
  const tool: JsonSchema = {
    type: 'object',
    properties: {
      id: { type: 'string', description: 'A tool may have its own id field' },
      email: { type: 'string', format: 'email', minLength: 3 },
      tags: { type: 'array', items: { type: 'string' } },
      sizes: { type: 'array', items: { type: 'integer' } },
      options: {
        // No `type: object`: tool schemas often leave it out.
        properties: { verbose: { type: 'boolean' }, depth: { type: 'integer', minimum: 0 } },
        required: ['depth'],
      },
      rows: { type: 'array', items: { type: 'object', properties: { a: { type: 'string' } } } },
    },
    required: ['id'],
  };

  it('shows every property when nothing is hidden, with formats and lengths on string inputs', () => {
    render(<Harness schema={tool} initial={{}} onValue={() => undefined} hidden={[]} />);
    const id = screen.getByLabelText(/^id/) as HTMLInputElement;
    expect(id.required).toBe(true);
    const email = screen.getByLabelText(/^email/) as HTMLInputElement;
    expect([email.type, email.minLength]).toEqual(['email', 3]);
    expect(screen.getByRole('group', { name: 'options' })).toBeTruthy();
    // Arrays of objects stay a JSON field.
    expect(screen.getByLabelText(/^rows/).tagName).toBe('TEXTAREA');
  });

  it('edits arrays of scalars one per line and nested objects in their own fieldset', () => {
    let value: Record<string, unknown> = {};
    render(<Harness schema={tool} initial={{ id: 'x' }} onValue={(v) => (value = v)} hidden={[]} />);
    fireEvent.change(screen.getByLabelText(/^tags/), { target: { value: 'red\n\nblue\n' } });
    fireEvent.change(screen.getByLabelText(/^sizes/), { target: { value: '1\n2' } });
    expect(value).toMatchObject({ tags: ['red', 'blue'], sizes: [1, 2] });
    // What was typed stays, trailing newline included, while the value holds the items.
    expect((screen.getByLabelText(/^tags/) as HTMLTextAreaElement).value).toBe('red\n\nblue\n');
    const depth = screen.getByLabelText(/^depth/) as HTMLInputElement;
    expect([depth.id, depth.required, depth.min]).toEqual(['f-options-depth', true, '0']);
    fireEvent.change(depth, { target: { value: '3' } });
    fireEvent.click(screen.getByLabelText(/^verbose/));
    expect(value.options).toEqual({ depth: 3, verbose: true });
    fireEvent.change(screen.getByLabelText(/^tags/), { target: { value: '' } });
    expect('tags' in value).toBe(false);
    fireEvent.change(screen.getByLabelText(/^rows/), { target: { value: '[{"a": "b"}]' } });
    expect(value.rows).toEqual([{ a: 'b' }]);
  });

  it('drops an emptied optional nested object', () => {
    let value: Record<string, unknown> = {};
    render(<Harness schema={tool} initial={{ id: 'x', options: { depth: 1 } }} onValue={(v) => (value = v)} hidden={[]} />);
    fireEvent.change(screen.getByLabelText(/^depth/), { target: { value: '' } });
    expect('options' in value).toBe(false);
  });
});
