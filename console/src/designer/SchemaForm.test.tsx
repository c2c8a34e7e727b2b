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
}: {
  schema: JsonSchema;
  initial: Record<string, unknown>;
  onValue: (v: Record<string, unknown>) => void;
}) {
  const [value, setValue] = useState(initial);
  return (
    <SchemaForm
      idPrefix="f"
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
