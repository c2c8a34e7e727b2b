import { useState, type FormEvent } from 'react';
import type { PlatformApi } from '@agentic/sdk';
import { api, call } from '../lib/api';
import { optionalNumber, optionalText } from '../lib/forms';
import { ConfirmButton, Pager, ProblemAlert, useAction, useLoad } from '../lib/ui';

type Connection = PlatformApi.ConnectionResponseDto;
type Dialect = PlatformApi.ConnectionInputWrite['dialect'];
const DIALECTS: Dialect[] = ['postgres', 'mysql', 'mariadb', 'sqlite', 'mssql'];
interface SchemaTable {
  schema: string;
  name: string;
  rowEstimate: number | null;
  columns: Array<{ name: string; type: string; nullable: boolean; primaryKey: boolean }>;
  foreignKeys: Array<{ columns: string[]; referencedTable: string; referencedColumns: string[] }>;
  indexes: Array<{ name: string; columns: string[]; unique: boolean }>;
}
interface Schema {
  tables: SchemaTable[];
  refreshedAt: string;
  cached: boolean;
}

const PAGE = 25;

function cell(value: unknown): string {
  if (value === null || value === undefined) return 'NULL';
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}

/** SQL workbench: connections, a schema browser, an editor with validation findings, results and EXPLAIN advice. */
export default function Sql() {
  const connections = useLoad(() => call<Connection[]>(api.listSqlConnections()), []);
  const [chosen, setChosen] = useState<string>('');
  // The connection whose settings the form edits; null: the form creates one.
  const [editing, setEditing] = useState<Connection | null>(null);
  const connection = connections.data?.find((c) => c.id === chosen) ?? connections.data?.[0];
  const saved = (c: Connection) => {
    setEditing(null);
    setChosen(c.id);
    connections.reload();
  };
  return (
    <section aria-labelledby="sql-title">
      <h1 id="sql-title">SQL</h1>
      <ProblemAlert problem={connections.problem} />
      {connections.data && connections.data.length === 0 ? (
        <p className="muted">No SQL connection registered. Create one with the form below.</p>
      ) : null}
      <div className="sql-layout">
        <aside className="card" aria-labelledby="connections-title">
          <h2 id="connections-title">Connections</h2>
          <ul className="plain">
            {connections.data?.map((c) => (
              <li key={c.id}>
                <button type="button" className="link-button" aria-pressed={connection?.id === c.id} onClick={() => setChosen(c.id)}>
                  {c.name}
                </button>{' '}
                <span className="muted small">
                  {c.dialect}
                  {c.writable ? ' · writable' : ' · read-only'}
                </span>
              </li>
            ))}
          </ul>
          {connection ? (
            <ConnectionActions
              key={`actions-${connection.id}`}
              connection={connection}
              onEdit={() => setEditing(connection)}
              onDeleted={() => {
                if (editing?.id === connection.id) setEditing(null);
                setChosen('');
                connections.reload();
              }}
            />
          ) : null}
          {connection ? <SchemaBrowser key={connection.id} connection={connection} /> : null}
        </aside>
        {connection ? <Editor key={connection.id} connection={connection} /> : null}
      </div>
      <ConnectionForm key={editing?.id ?? 'new'} editing={editing} onSaved={saved} onCancel={() => setEditing(null)} />
    </section>
  );
}

/** Test (POST /api/sql/connections/:id/test), edit or delete the chosen connection. */
function ConnectionActions({ connection, onEdit, onDeleted }: { connection: Connection; onEdit: () => void; onDeleted: () => void }) {
  const [tested, setTested] = useState<PlatformApi.ConnectionTestDto | null>(null);
  const { busy, problem, run } = useAction();
  const test = () =>
    void run(async () => {
      setTested(null);
      setTested(await call<PlatformApi.ConnectionTestDto>(api.testSqlConnection(connection.id)));
    });
  const remove = () =>
    void run(async () => {
      await call(api.deleteSqlConnection(connection.id));
      onDeleted();
    });
  return (
    <div data-testid="connection-actions">
      <div className="row">
        <button type="button" onClick={test} disabled={busy}>
          Test connection
        </button>
        {/* Generic names: the connection list's buttons are named after the connections. */}
        <button type="button" onClick={onEdit}>
          Edit connection
        </button>
        <ConfirmButton label="Delete connection" onConfirm={remove} disabled={busy} />
      </div>
      {tested ? (
        <p role="status" className={tested.ok ? 'ok-text' : 'error-text'} data-testid="connection-test">
          {tested.ok ? `${connection.name} answered in ${tested.latencyMs.toFixed(0)} ms.` : `${connection.name} did not answer.`}
        </p>
      ) : null}
      <ProblemAlert problem={problem} />
    </div>
  );
}

function formOf(c: Connection | null) {
  return {
    name: c?.name ?? '',
    dialect: (c?.dialect ?? 'sqlite') as Dialect,
    filePath: c?.filePath ?? '',
    host: c?.host ?? '',
    port: c?.port ? String(c.port) : '',
    database: c?.database ?? '',
    username: c?.username ?? '',
    password: '',
    writable: c?.writable ?? false,
    poolMax: c ? String(c.poolMax) : '',
  };
}

/** Creates a connection (POST) or replaces its settings (PUT); an empty password keeps the stored one. */
function ConnectionForm({
  editing,
  onSaved,
  onCancel,
}: {
  editing: Connection | null;
  onSaved: (c: Connection) => void;
  onCancel: () => void;
}) {
  const [form, setForm] = useState(() => formOf(editing));
  const { busy, problem, run } = useAction();
  const set = <K extends keyof ReturnType<typeof formOf>>(key: K, value: ReturnType<typeof formOf>[K]) =>
    setForm((f) => ({ ...f, [key]: value }));
  const sqlite = form.dialect === 'sqlite';
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const body: PlatformApi.ConnectionInputWrite = {
      name: form.name.trim(),
      dialect: form.dialect,
      writable: form.writable,
      poolMax: optionalNumber(form.poolMax),
      ...(sqlite
        ? { filePath: optionalText(form.filePath) }
        : {
            host: optionalText(form.host),
            port: optionalNumber(form.port),
            database: optionalText(form.database),
            username: optionalText(form.username),
            password: form.password === '' ? undefined : form.password,
          }),
    };
    void run(async () => {
      const saved = await call<Connection>(editing ? api.updateSqlConnection(editing.id, body) : api.createSqlConnection(body));
      if (!editing) setForm(formOf(null));
      onSaved(saved);
    });
  };
  const title = editing ? `Edit connection ${editing.name}` : 'New connection';
  return (
    <section className="card" aria-labelledby="connection-form-title">
      <h2 id="connection-form-title">{title}</h2>
      <form onSubmit={submit} noValidate aria-labelledby="connection-form-title">
        <div className="row">
          <label>
            Connection name
            <input value={form.name} onChange={(e) => set('name', e.target.value)} />
          </label>
          <label>
            Dialect
            <select value={form.dialect} onChange={(e) => set('dialect', e.target.value as Dialect)}>
              {DIALECTS.map((d) => (
                <option key={d}>{d}</option>
              ))}
            </select>
          </label>
          {sqlite ? (
            <label className="grow">
              Database file (under SQL_SQLITE_DIR)
              <input className="mono" value={form.filePath} onChange={(e) => set('filePath', e.target.value)} placeholder="shop.sqlite" />
            </label>
          ) : (
            <>
              <label className="grow">
                Host
                <input value={form.host} onChange={(e) => set('host', e.target.value)} />
              </label>
              <label>
                Port
                <input type="number" min={1} max={65535} value={form.port} onChange={(e) => set('port', e.target.value)} />
              </label>
            </>
          )}
        </div>
        {sqlite ? null : (
          <div className="row">
            <label>
              Database
              <input value={form.database} onChange={(e) => set('database', e.target.value)} />
            </label>
            <label>
              Username
              <input autoComplete="off" value={form.username} onChange={(e) => set('username', e.target.value)} />
            </label>
            <label>
              {editing?.hasPassword ? 'Password (empty keeps the stored one)' : 'Password'}
              <input type="password" autoComplete="new-password" value={form.password} onChange={(e) => set('password', e.target.value)} />
            </label>
          </div>
        )}
        <div className="row">
          <label>
            Pool size (1–50)
            <input type="number" min={1} max={50} placeholder="5" value={form.poolMax} onChange={(e) => set('poolMax', e.target.value)} />
          </label>
          <label className="checkbox">
            <input type="checkbox" checked={form.writable} onChange={(e) => set('writable', e.target.checked)} />
            Writable (admins only; otherwise the database enforces read-only)
          </label>
        </div>
        <ProblemAlert problem={problem} />
        <div className="row">
          <button type="submit" className="primary" disabled={busy}>
            {editing ? 'Save connection' : 'Create connection'}
          </button>
          {editing ? (
            <button type="button" onClick={onCancel}>
              Cancel
            </button>
          ) : null}
        </div>
      </form>
    </section>
  );
}

function SchemaBrowser({ connection }: { connection: Connection }) {
  const [refresh, setRefresh] = useState(0);
  const schema = useLoad(() => call<Schema>(api.getSqlSchema(connection.id, { refresh: refresh > 0 })), [connection.id, refresh]);
  return (
    <section aria-labelledby="schema-title" data-testid="schema">
      <h3 id="schema-title">Schema of {connection.name}</h3>
      <ProblemAlert problem={schema.problem} />
      <button type="button" onClick={() => setRefresh((n) => n + 1)} disabled={schema.loading}>
        Refresh schema
      </button>
      {schema.data && schema.data.tables.length === 0 ? <p className="muted">No tables.</p> : null}
      <ul className="plain schema-tree">
        {schema.data?.tables.map((t) => (
          <li key={`${t.schema}.${t.name}`}>
            <details>
              <summary>
                <span className="mono">{t.name}</span>
                {t.rowEstimate !== null ? <span className="muted small"> ~{t.rowEstimate} rows</span> : null}
              </summary>
              <ul className="small">
                {t.columns.map((col) => (
                  <li key={col.name}>
                    <span className="mono">{col.name}</span> <span className="muted">{col.type}</span>
                    {col.primaryKey ? ' · PK' : ''}
                    {col.nullable ? '' : ' · not null'}
                  </li>
                ))}
                {t.foreignKeys.map((fk) => (
                  <li key={`fk-${fk.columns.join(',')}`}>
                    FK ({fk.columns.join(', ')}) → {fk.referencedTable}({fk.referencedColumns.join(', ')})
                  </li>
                ))}
                {t.indexes.map((ix) => (
                  <li key={`ix-${ix.name}`}>
                    {ix.unique ? 'unique index' : 'index'} <span className="mono">{ix.name}</span> ({ix.columns.join(', ')})
                  </li>
                ))}
              </ul>
            </details>
          </li>
        ))}
      </ul>
    </section>
  );
}

function Editor({ connection }: { connection: Connection }) {
  const [sql, setSql] = useState('SELECT 1');
  const [validation, setValidation] = useState<PlatformApi.SqlValidationDto | null>(null);
  const [result, setResult] = useState<PlatformApi.SqlResultDto | null>(null);
  const [advice, setAdvice] = useState<PlatformApi.OptimizeResultDto | null>(null);
  const [offset, setOffset] = useState(0);
  const action = useAction();
  const dialect = connection.dialect;

  const validate = () =>
    action.run(async () => {
      setValidation(await call<PlatformApi.SqlValidationDto>(api.validateSql({ sql, dialect })));
    });
  const execute = () =>
    action.run(async () => {
      setResult(null);
      setOffset(0);
      setResult(await call<PlatformApi.SqlResultDto>(api.executeSql({ connectionId: connection.id, sql })));
    });
  const explain = () =>
    action.run(async () => {
      setAdvice(null);
      setAdvice(await call<PlatformApi.OptimizeResultDto>(api.postSqlAdvice({ connectionId: connection.id, sql })));
    });
  const rows = result?.rows.slice(offset, offset + PAGE) ?? [];

  return (
    <div className="sql-main">
      <section className="card" aria-labelledby="editor-title">
        <h2 id="editor-title">Query {connection.name}</h2>
        <form
          onSubmit={(e) => {
            e.preventDefault();
            void execute();
          }}
        >
          <label htmlFor="sql-editor">SQL ({dialect})</label>
          <textarea
            id="sql-editor"
            className="mono sql-editor"
            rows={8}
            spellCheck={false}
            value={sql}
            onChange={(e) => setSql(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
                e.preventDefault();
                void execute();
              }
            }}
            aria-describedby="sql-hint"
          />
          <p id="sql-hint" className="muted small">
            Ctrl+Enter runs the statement.
          </p>
          <div className="row">
            <button type="button" onClick={() => void validate()} disabled={action.busy}>
              Validate
            </button>
            <button type="submit" className="primary" disabled={action.busy}>
              Run
            </button>
            <button type="button" onClick={() => void explain()} disabled={action.busy}>
              Explain
            </button>
          </div>
        </form>
        <ProblemAlert problem={action.problem} />
        {validation ? (
          <div data-testid="validation" aria-live="polite">
            {validation.valid && validation.findings.length === 0 ? (
              <p className="status-ok">Valid{validation.statementType ? ` ${validation.statementType}` : ''} statement, no findings.</p>
            ) : (
              <ul className="findings">
                {validation.findings.map((f, i) => (
                  <li key={i} className={`finding ${f.severity}`}>
                    <strong>{f.severity}</strong> <code>{f.code}</code>
                    {f.line !== undefined ? ` at ${f.line}:${f.column ?? 0}` : ''} — {f.message}
                  </li>
                ))}
              </ul>
            )}
          </div>
        ) : null}
      </section>
      {advice ? (
        <section className="card" aria-labelledby="advice-title" data-testid="advice">
          <h2 id="advice-title">EXPLAIN advice</h2>
          {advice.suggestions.length === 0 ? <p>No suggestions: the plan looks fine.</p> : null}
          <ul>
            {advice.suggestions.map((s, i) => (
              <li key={i}>
                <strong>{s.message}</strong> <code className="small">{s.code}</code>
                <p className="small">{s.reason}</p>
                {s.fix ? (
                  <p className="small">
                    Fix: <code>{s.fix}</code>
                  </p>
                ) : null}
              </li>
            ))}
          </ul>
          <details>
            <summary>Plan</summary>
            <pre className="small plan">{JSON.stringify(advice.plan, null, 2)}</pre>
          </details>
        </section>
      ) : null}
      {result ? (
        <section className="card" aria-labelledby="result-title" data-testid="result">
          <h2 id="result-title">Result</h2>
          <p className="muted small">
            {result.rowCount} row(s){result.truncated ? ' (truncated)' : ''} · {result.durationMs.toFixed(1)} ms
            {result.affectedRows !== undefined ? ` · ${result.affectedRows} affected` : ''}
          </p>
          <div className="table-scroll" tabIndex={0} aria-label="Result rows">
            <table className="result">
              <caption className="sr-only">Result rows</caption>
              <thead>
                <tr>
                  {result.columns.map((c, i) => (
                    <th key={i} scope="col">
                      {c.name} <span className="muted small">{c.type}</span>
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {rows.map((row, r) => (
                  <tr key={offset + r}>
                    {row.map((v, i) => (
                      <td key={i} className="mono small">
                        {cell(v)}
                      </td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <Pager offset={offset} limit={PAGE} total={result.rows.length} onChange={setOffset} />
        </section>
      ) : null}
    </div>
  );
}
