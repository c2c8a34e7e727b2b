import { useState, type FormEvent } from 'react';
import type { PlatformApi } from '@agentic/sdk';
import { SchemaForm } from '../designer/SchemaForm';
import type { JsonSchema } from '../designer/stepSchema';
import { api, asProblem, call, ProblemError } from '../lib/api';
import { Link } from '../lib/router';
import { Pager, ProblemAlert, Status, useAction, useLoad } from '../lib/ui';

type Outcome = PlatformApi.ToolOutcomeDto;
const PAGE = 10;

/** MCP content blocks as text where they are text; anything else pretty JSON. */
function renderResult(result: unknown): string {
  if (Array.isArray(result) && result.every((b) => b && typeof b === 'object' && 'type' in b)) {
    return result
      .map((b: { type: string; text?: string }) => (b.type === 'text' && typeof b.text === 'string' ? b.text : JSON.stringify(b, null, 2)))
      .join('\n\n');
  }
  return typeof result === 'string' ? result : JSON.stringify(result, null, 2);
}

/** One tool: its schemas, a form generated from its input schema to try it, and its recent calls. */
export default function ToolDetail({ params }: { params: Record<string, string> }) {
  const id = params.id;
  const tool = useLoad(() => call<PlatformApi.ToolDto>(api.getTool(id)), [id]);
  const schema = useLoad(() => call<PlatformApi.ToolSchemaDto>(api.getToolSchema(id)), [id]);
  const [runs, setRuns] = useState(0);
  const t = tool.data;
  return (
    <section aria-labelledby="tool-title">
      <p>
        <Link to="/tools">← Tools</Link>
      </p>
      <h1 id="tool-title" className="mono">
        {t?.name ?? id}
      </h1>
      <ProblemAlert problem={tool.problem ?? schema.problem} />
      {t ? (
        <p>
          {t.description}{' '}
          <span className="muted small">
            · {t.origin} · version {t.version} ·{' '}
          </span>
          <Status value={t.health} />
        </p>
      ) : null}
      <div className="grid two">
        {schema.data ? <TryIt key={schema.data.id} tool={schema.data} onRan={() => setRuns((n) => n + 1)} /> : null}
        <section className="card" aria-labelledby="schema-title">
          <h2 id="schema-title">Schemas</h2>
          <h3>Input</h3>
          <pre className="output small" tabIndex={0} aria-label="Input schema">
            {JSON.stringify(schema.data?.inputSchema ?? {}, null, 2)}
          </pre>
          {schema.data?.outputSchema ? (
            <>
              <h3>Output</h3>
              <pre className="output small" tabIndex={0} aria-label="Output schema">
                {JSON.stringify(schema.data.outputSchema, null, 2)}
              </pre>
            </>
          ) : null}
        </section>
      </div>
      <Executions id={id} runs={runs} />
    </section>
  );
}

function TryIt({ tool, onRan }: { tool: PlatformApi.ToolSchemaDto; onRan: () => void }) {
  const [args, setArgs] = useState<Record<string, unknown>>({});
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const { busy, problem, run } = useAction();
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void run(async () => {
      setOutcome(null);
      const res = await api.executeTool(tool.id, { arguments: args });
      // A failed call still answers with its outcome (4xx/5xx with `error`); anything else is a problem.
      const data = res.data as unknown;
      if (data && typeof data === 'object' && 'toolId' in data) setOutcome(data as Outcome);
      else if (res.status >= 400) throw new ProblemError(asProblem(res.status, data));
      onRan();
    });
  };
  return (
    <section className="card" aria-labelledby="try-title">
      <h2 id="try-title">Try it</h2>
      <form onSubmit={submit} noValidate aria-labelledby="try-title">
        <SchemaForm schema={tool.inputSchema as JsonSchema} value={args} onChange={setArgs} idPrefix="arg" hidden={[]} />
        <button type="submit" className="primary" disabled={busy}>
          {busy ? 'Calling…' : 'Call tool'}
        </button>
      </form>
      <ProblemAlert problem={problem} />
      {outcome ? (
        <div data-testid="tool-outcome" data-ok={outcome.ok} aria-live="polite">
          <p>
            {outcome.ok ? <strong className="ok-text">Succeeded</strong> : <strong className="error-text">Failed</strong>} in{' '}
            <span data-testid="tool-duration">{outcome.durationMs.toFixed(0)} ms</span>
          </p>
          {outcome.error ? (
            <div role="alert" className="problem" data-code={outcome.error.code}>
              <strong>{outcome.error.message}</strong>
              <p className="muted small">
                <code>{outcome.error.code}</code>
              </p>
              {outcome.error.details ? <pre className="output small">{JSON.stringify(outcome.error.details, null, 2)}</pre> : null}
            </div>
          ) : (
            <pre className="output" tabIndex={0} aria-label="Result" data-testid="tool-result">
              {renderResult(outcome.result)}
            </pre>
          )}
        </div>
      ) : null}
    </section>
  );
}

/** The tool's last calls (the API keeps the 50 most recent), a page at a time. */
function Executions({ id, runs }: { id: string; runs: number }) {
  const [offset, setOffset] = useState(0);
  const list = useLoad(() => call<PlatformApi.ToolExecutionDto[]>(api.listToolExecutions(id)), [id, runs]);
  const items = list.data ?? [];
  return (
    <section className="card" aria-labelledby="executions-title">
      <h2 id="executions-title">Recent executions</h2>
      <ProblemAlert problem={list.problem} />
      {list.data && items.length === 0 ? <p className="muted">Not called yet.</p> : null}
      <table data-testid="executions">
        <caption className="sr-only">Recent executions</caption>
        <thead>
          <tr>
            <th scope="col">When</th>
            <th scope="col">Outcome</th>
            <th scope="col">Duration</th>
            <th scope="col">Arguments</th>
            <th scope="col">Error</th>
          </tr>
        </thead>
        <tbody>
          {items.slice(offset, offset + PAGE).map((x) => (
            <tr key={x.id}>
              <th scope="row" className="small">
                {new Date(x.createdAt).toLocaleString()}
              </th>
              <td>
                <Status value={x.outcome} />
              </td>
              <td className="small">{x.durationMs} ms</td>
              <td className="mono small">{JSON.stringify(x.arguments)}</td>
              <td className="small">{x.error ?? ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <Pager offset={offset} limit={PAGE} total={items.length} onChange={setOffset} />
    </section>
  );
}
