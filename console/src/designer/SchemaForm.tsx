import { useEffect, useId, useState } from 'react';
import type { JsonSchema } from './stepSchema';

/** Fields a form never shows: the graph owns them. */
const HIDDEN = new Set(['id', 'kind', 'needs']);
const LONG_TEXT = new Set(['code', 'sql', 'expression', 'prompt', 'if', 'until', 'over', 'when']);

type Value = Record<string, unknown>;

function enumOf(schema: JsonSchema): unknown[] | undefined {
  if (schema.enum) return schema.enum;
  const options = schema.anyOf ?? schema.oneOf;
  if (options?.length && options.every((o) => o.const !== undefined)) return options.map((o) => o.const);
  return undefined;
}

function typeOf(schema: JsonSchema): string | undefined {
  return Array.isArray(schema.type) ? schema.type.find((t) => t !== 'null') : schema.type;
}

/**
 * A form generated from a JSON Schema object: strings, numbers and integers (with their bounds), booleans and
 * enums get their own inputs; anything richer (objects, arrays, unions, free values) a JSON field. Empty optional
 * fields are left out of the value.
 */
export function SchemaForm({
  schema,
  value,
  onChange,
  idPrefix,
}: {
  schema: JsonSchema;
  value: Value;
  onChange: (next: Value) => void;
  idPrefix?: string;
}) {
  const generated = useId();
  const prefix = idPrefix ?? generated;
  const required = new Set(schema.required ?? []);
  const set = (key: string, next: unknown) => {
    const copy = { ...value };
    if (next === undefined) delete copy[key];
    else copy[key] = next;
    onChange(copy);
  };
  return (
    <div className="schema-form">
      {Object.entries(schema.properties ?? {})
        .filter(([key]) => !HIDDEN.has(key))
        .map(([key, field]) => (
          <Field
            key={key}
            id={`${prefix}-${key}`}
            name={key}
            schema={field}
            required={required.has(key)}
            value={value[key]}
            onChange={(v) => set(key, v)}
          />
        ))}
    </div>
  );
}

function Field({
  id,
  name,
  schema,
  required,
  value,
  onChange,
}: {
  id: string;
  name: string;
  schema: JsonSchema;
  required: boolean;
  value: unknown;
  onChange: (v: unknown) => void;
}) {
  const label = (
    <label htmlFor={id}>
      {name}
      {required ? <span aria-hidden="true"> *</span> : null}
    </label>
  );
  const hint = schema.description ? <small id={`${id}-hint`}>{schema.description}</small> : null;
  const described = schema.description ? `${id}-hint` : undefined;
  const options = enumOf(schema);
  const type = typeOf(schema);
  if (options) {
    return (
      <div className="field" data-field={name}>
        {label}
        <select
          id={id}
          required={required}
          aria-describedby={described}
          value={value === undefined ? '' : String(value)}
          onChange={(e) => onChange(e.target.value === '' ? undefined : options.find((o) => String(o) === e.target.value))}
        >
          {required ? null : <option value="">(default{schema.default !== undefined ? `: ${String(schema.default)}` : ''})</option>}
          {options.map((o) => (
            <option key={String(o)} value={String(o)}>
              {String(o)}
            </option>
          ))}
        </select>
        {hint}
      </div>
    );
  }
  if (type === 'boolean') {
    return (
      <div className="field checkbox" data-field={name}>
        <input id={id} type="checkbox" checked={value === true} onChange={(e) => onChange(e.target.checked)} aria-describedby={described} />
        {label}
        {hint}
      </div>
    );
  }
  if (type === 'integer' || type === 'number') {
    return (
      <div className="field" data-field={name}>
        {label}
        <input
          id={id}
          type="number"
          required={required}
          aria-describedby={described}
          min={schema.minimum}
          max={schema.maximum}
          step={type === 'integer' ? 1 : 'any'}
          placeholder={schema.default !== undefined ? String(schema.default) : undefined}
          value={typeof value === 'number' ? value : ''}
          onChange={(e) => onChange(e.target.value === '' ? undefined : Number(e.target.value))}
        />
        {hint}
      </div>
    );
  }
  if (type === 'string') {
    const long = LONG_TEXT.has(name) || (schema.maxLength ?? 0) > 4_000;
    const common = {
      id,
      required,
      'aria-describedby': described,
      maxLength: schema.maxLength,
      value: typeof value === 'string' ? value : '',
      onChange: (e: { target: { value: string } }) => onChange(e.target.value === '' && !required ? undefined : e.target.value),
    };
    return (
      <div className="field" data-field={name}>
        {label}
        {long ? <textarea rows={3} {...common} className="mono" /> : <input type="text" {...common} />}
        {hint}
      </div>
    );
  }
  return (
    <JsonField id={id} name={name} label={label} hint={hint} described={described} required={required} value={value} onChange={onChange} />
  );
}

/** Free JSON: parsed on every edit; text that is not JSON stays a plain string (handy for `=expressions`). */
function JsonField({
  id,
  name,
  label,
  hint,
  described,
  required,
  value,
  onChange,
}: {
  id: string;
  name: string;
  label: React.ReactNode;
  hint: React.ReactNode;
  described?: string;
  required: boolean;
  value: unknown;
  onChange: (v: unknown) => void;
}) {
  const render = (v: unknown) => (v === undefined ? '' : typeof v === 'string' ? v : JSON.stringify(v, null, 2));
  const [text, setText] = useState(render(value));
  useEffect(() => setText(render(value)), [value]);
  return (
    <div className="field" data-field={name}>
      {label}
      <textarea
        id={id}
        rows={3}
        className="mono"
        required={required}
        aria-describedby={described}
        value={text}
        onChange={(e) => {
          setText(e.target.value);
          const raw = e.target.value;
          if (raw.trim() === '') return onChange(undefined);
          try {
            onChange(JSON.parse(raw));
          } catch {
            onChange(raw);
          }
        }}
      />
      {hint}
    </div>
  );
}
