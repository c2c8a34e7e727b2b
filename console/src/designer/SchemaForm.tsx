import { useEffect, useId, useState } from 'react';
import type { JsonSchema } from './stepSchema';

/** Fields a step form never shows: the graph owns them. Other callers (tool inputs) pass `hidden={[]}`. */
const STEP_HIDDEN = ['id', 'kind', 'needs'];
const LONG_TEXT = new Set(['code', 'sql', 'expression', 'prompt', 'if', 'until', 'over', 'when']);

type Value = Record<string, unknown>;

function enumOf(schema: JsonSchema): unknown[] | undefined {
  if (schema.enum) return schema.enum;
  const options = schema.anyOf ?? schema.oneOf;
  if (options?.length && options.every((o) => o.const !== undefined)) return options.map((o) => o.const);
  return undefined;
}

function typeOf(schema: JsonSchema): string | undefined {
  const type = Array.isArray(schema.type) ? schema.type.find((t) => t !== 'null') : schema.type;
  // Tool schemas often leave out `type: object` next to their properties.
  return type ?? (schema.properties ? 'object' : undefined);
}

const SCALARS = new Set(['string', 'number', 'integer']);
const INPUT_TYPES: Record<string, string> = { email: 'email', uri: 'url', url: 'url', date: 'date', 'date-time': 'datetime-local' };

/**
 * A form generated from a JSON Schema object: strings (with their length and format), numbers and integers
 * (with their bounds), booleans and enums get their own inputs, nested objects a fieldset of their own, arrays of
 * scalars a one-per-line text area; anything richer (unions, arrays of objects, free values) a JSON field. Empty
 * optional fields are left out of the value.
 */
export function SchemaForm({
  schema,
  value,
  onChange,
  idPrefix,
  hidden = STEP_HIDDEN,
}: {
  schema: JsonSchema;
  value: Value;
  onChange: (next: Value) => void;
  idPrefix?: string;
  /** Property names not shown (default: the workflow graph's own `id`, `kind`, `needs`). */
  hidden?: string[];
}) {
  const generated = useId();
  const prefix = idPrefix ?? generated;
  const required = new Set(schema.required ?? []);
  const skip = new Set(hidden);
  const set = (key: string, next: unknown) => {
    const copy = { ...value };
    if (next === undefined) delete copy[key];
    else copy[key] = next;
    onChange(copy);
  };
  return (
    <div className="schema-form">
      {Object.entries(schema.properties ?? {})
        .filter(([key]) => !skip.has(key))
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
  if (type === 'object' && schema.properties) {
    const nested = value && typeof value === 'object' && !Array.isArray(value) ? (value as Value) : {};
    return (
      <fieldset className="field nested" data-field={name} aria-describedby={described}>
        <legend>
          {name}
          {required ? <span aria-hidden="true"> *</span> : null}
        </legend>
        {hint}
        <SchemaForm
          schema={schema}
          idPrefix={id}
          hidden={[]}
          value={nested}
          // An emptied optional object is left out, like an emptied optional field.
          onChange={(next) => onChange(Object.keys(next).length === 0 && !required ? undefined : next)}
        />
      </fieldset>
    );
  }
  const itemType = type === 'array' && schema.items ? typeOf(schema.items) : undefined;
  if (itemType && SCALARS.has(itemType) && !enumOf(schema.items!)) {
    return (
      <LinesField
        id={id}
        name={name}
        label={label}
        hint={hint}
        required={required}
        numeric={itemType !== 'string'}
        value={value}
        onChange={onChange}
      />
    );
  }
  if (type === 'string') {
    const long = LONG_TEXT.has(name) || (schema.maxLength ?? 0) > 4_000;
    const common = {
      id,
      required,
      'aria-describedby': described,
      maxLength: schema.maxLength,
      minLength: schema.minLength,
      value: typeof value === 'string' ? value : '',
      onChange: (e: { target: { value: string } }) => onChange(e.target.value === '' && !required ? undefined : e.target.value),
    };
    return (
      <div className="field" data-field={name}>
        {label}
        {long ? (
          <textarea rows={3} {...common} className="mono" />
        ) : (
          <input type={INPUT_TYPES[schema.format ?? ''] ?? 'text'} {...common} />
        )}
        {hint}
      </div>
    );
  }
  return (
    <JsonField id={id} name={name} label={label} hint={hint} described={described} required={required} value={value} onChange={onChange} />
  );
}

/** An array of strings or numbers, one item a line; blank lines are dropped. */
function LinesField({
  id,
  name,
  label,
  hint,
  required,
  numeric,
  value,
  onChange,
}: {
  id: string;
  name: string;
  label: React.ReactNode;
  hint: React.ReactNode;
  required: boolean;
  numeric: boolean;
  value: unknown;
  onChange: (v: unknown) => void;
}) {
  const render = (v: unknown) => (Array.isArray(v) ? v.map(String).join('\n') : '');
  const [text, setText] = useState(render(value));
  useEffect(() => {
    // Keep what is typed (a trailing newline, a half-written number) unless the value changed from outside.
    setText((current) => (render(parseLines(current, numeric)) === render(value) ? current : render(value)));
  }, [value, numeric]);
  return (
    <div className="field" data-field={name}>
      {label}
      <textarea
        id={id}
        rows={3}
        required={required}
        aria-describedby={`${id}-lines${hint ? ` ${id}-hint` : ''}`}
        value={text}
        onChange={(e) => {
          setText(e.target.value);
          const items = parseLines(e.target.value, numeric);
          onChange(items.length === 0 && !required ? undefined : items);
        }}
      />
      <small id={`${id}-lines`}>One {numeric ? 'number' : 'item'} a line.</small>
      {hint}
    </div>
  );
}

function parseLines(text: string, numeric: boolean): unknown[] {
  const lines = text.split('\n').filter((line) => line.trim() !== '');
  return numeric ? lines.map((line) => Number(line.trim())) : lines;
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
