import { useState } from 'react';
import type { PlatformApi } from '@agentic/sdk';
import { api, call } from '../lib/api';
import { Link } from '../lib/router';
import { TraceLink } from '../lib/trace-link';
import { ProblemAlert, Status, useLoad } from '../lib/ui';

// The executions endpoint pages by count only (newest first, up to 200): "Show more" asks for a longer list.
const PAGE = 20;
const MAX = 200;

interface Step {
  kind?: string;
  name?: string;
  inputTokens?: number;
  outputTokens?: number;
  latencyMs?: number;
  error?: string;
}

/** An agent's recent runs (GET /api/agents/:id/executions): steps, tokens, cost, latency, and each run's trace. */
export default function AgentRuns({ params }: { params: Record<string, string> }) {
  const id = params.id;
  const [limit, setLimit] = useState(PAGE);
  const agent = useLoad(() => call<PlatformApi.AgentDto>(api.getAgent(id)), [id]);
  const runs = useLoad(() => call<PlatformApi.AgentExecutionDto[]>(api.listAgentExecutions(id, { limit })), [id, limit]);
  const name = agent.data?.name ?? 'Agent';
  return (
    <section aria-labelledby="runs-title">
      <p>
        <Link to={`/agents/${id}`}>← {name}</Link> · <Link to={`/agents/${id}/edit`}>Edit</Link>
      </p>
      <h1 id="runs-title">Runs of {name}</h1>
      <ProblemAlert problem={agent.problem ?? runs.problem} />
      <div className="row">
        <button type="button" onClick={runs.reload} disabled={runs.loading}>
          Refresh
        </button>
      </div>
      <div className="table-scroll" tabIndex={0} role="region" aria-label="Runs">
        <table data-testid="agent-runs">
          <caption className="sr-only">Runs of {name}, newest first</caption>
          <thead>
            <tr>
              <th scope="col">Started</th>
              <th scope="col">Status</th>
              <th scope="col">Steps</th>
              <th scope="col">Tokens in/out</th>
              <th scope="col">Cost</th>
              <th scope="col">Latency</th>
              <th scope="col">Trace</th>
            </tr>
          </thead>
          <tbody>
            {runs.data?.map((run) => (
              <tr key={run.id} data-task-id={run.taskId ?? undefined}>
                <th scope="row" className="small">
                  {new Date(run.createdAt).toLocaleString()}
                </th>
                <td>
                  <Status value={run.status} />
                  {run.error ? <div className="small">{run.error}</div> : null}
                </td>
                <td>
                  <Steps steps={run.steps as Step[]} />
                </td>
                <td data-testid="run-tokens">
                  {run.inputTokens}/{run.outputTokens}
                </td>
                <td>${run.costUsd.toFixed(4)}</td>
                <td>{run.latencyMs} ms</td>
                <td>{run.taskId ? <TraceLink runId={run.taskId} /> : <span className="muted">—</span>}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {runs.data && runs.data.length === 0 ? <p className="muted">No runs yet.</p> : null}
      {runs.data && runs.data.length === limit && limit < MAX ? (
        <button type="button" onClick={() => setLimit(Math.min(MAX, limit + PAGE))}>
          Show more
        </button>
      ) : null}
    </section>
  );
}

function Steps({ steps }: { steps: Step[] }) {
  if (!steps.length) return <span className="muted">none</span>;
  return (
    <details>
      <summary>{steps.length === 1 ? '1 step' : `${steps.length} steps`}</summary>
      <ol className="small">
        {steps.map((s, i) => (
          <li key={i}>
            {s.kind}
            {s.name ? ` ${s.name}` : ''} · {s.inputTokens ?? 0}/{s.outputTokens ?? 0} tokens · {s.latencyMs ?? 0} ms
            {s.error ? ` · ${s.error}` : ''}
          </li>
        ))}
      </ol>
    </details>
  );
}
