import { useState } from 'react';
import type { PlatformApi } from '@agentic/sdk';
import { api, call } from '../lib/api';
import { Link } from '../lib/router';
import { ProblemAlert, Status, useLoad } from '../lib/ui';

type Node = PlatformApi.SpanNodeDto;

function flatten(nodes: Node[], depth = 0, out: Array<{ node: Node; depth: number }> = []) {
  for (const node of [...nodes].sort((a, b) => a.startMs - b.startMs)) {
    out.push({ node, depth });
    flatten(node.children ?? [], depth + 1, out);
  }
  return out;
}

/** One trace as a waterfall: each span a bar on the trace's time axis; a span's attributes (gen_ai.* first) on select. */
export default function TraceDetail({ params }: { params: Record<string, string> }) {
  const trace = useLoad(() => call<PlatformApi.TraceDto>(api.getTrace(params.id)), [params.id]);
  const [selected, setSelected] = useState<string | null>(null);
  const rows = trace.data ? flatten(trace.data.roots) : [];
  const start = trace.data?.startMs ?? 0;
  const total = Math.max(trace.data?.durationMs ?? 1, 0.001);
  // Until one is picked: the first model span (the one with GenAI attributes), else the root.
  const chosen =
    rows.find((r) => r.node.spanId === selected)?.node ??
    rows.find((r) => Object.keys(r.node.attributes ?? {}).some((k) => k.startsWith('gen_ai.')))?.node ??
    rows[0]?.node;
  const attributes = Object.entries((chosen?.attributes ?? {}) as Record<string, unknown>).sort(([a], [b]) =>
    a.startsWith('gen_ai.') === b.startsWith('gen_ai.') ? a.localeCompare(b) : a.startsWith('gen_ai.') ? -1 : 1,
  );
  return (
    <section aria-labelledby="trace-title">
      <p>
        <Link to="/traces">← Traces</Link>
      </p>
      <h1 id="trace-title">Trace {trace.data?.rootName ?? params.id}</h1>
      <ProblemAlert problem={trace.problem} />
      {trace.data ? (
        <p className="muted">
          {trace.data.spanCount} spans · {trace.data.durationMs.toFixed(1)} ms · tokens {trace.data.inputTokens}/{trace.data.outputTokens} ·
          cost ${trace.data.costUsd.toFixed(6)} · <code>{trace.data.traceId}</code>
        </p>
      ) : null}
      <div className="grid two">
        <ol className="waterfall" aria-label="Spans">
          {rows.map(({ node, depth }) => (
            <li key={node.spanId}>
              <button
                type="button"
                className="span-row"
                aria-pressed={chosen?.spanId === node.spanId}
                onClick={() => setSelected(node.spanId)}
              >
                <span className="span-name" style={{ paddingLeft: depth * 12 }}>
                  {node.name}
                </span>
                <span className="span-track" aria-hidden="true">
                  <span
                    className={`span-bar ${node.status === 'error' ? 'error' : ''}`}
                    style={{
                      left: `${((node.startMs - start) / total) * 100}%`,
                      width: `${Math.max(0.5, (node.durationMs / total) * 100)}%`,
                    }}
                  />
                </span>
                <span className="span-ms">{node.durationMs.toFixed(1)} ms</span>
              </button>
            </li>
          ))}
        </ol>
        {chosen ? (
          <section className="card" aria-labelledby="span-title">
            <h2 id="span-title">{chosen.name}</h2>
            <p>
              <Status value={chosen.status ?? 'unset'} /> {chosen.service} {chosen.module ? `· ${chosen.module}` : ''}
            </p>
            <table className="attributes">
              <caption className="sr-only">Span attributes</caption>
              <tbody>
                {attributes.map(([key, value]) => (
                  <tr key={key} className={key.startsWith('gen_ai.') ? 'genai' : undefined}>
                    <th scope="row" className="mono small">
                      {key}
                    </th>
                    <td className="mono small">{typeof value === 'string' ? value : JSON.stringify(value)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
        ) : null}
      </div>
    </section>
  );
}
