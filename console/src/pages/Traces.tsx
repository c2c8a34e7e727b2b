import { useState } from 'react';
import type { PlatformApi } from '@agentic/sdk';
import { api, call } from '../lib/api';
import { Link } from '../lib/router';
import { Pager, ProblemAlert, useLoad } from '../lib/ui';

const LIMIT = 25;

// Other pages link here with a filter: /traces?agentId=, ?runId= (a workflow run or A2A task), ?sessionId=.
const fromUrl = () => {
  const params = new URLSearchParams(window.location.search);
  return {
    name: '',
    module: '',
    status: '',
    agentId: params.get('agentId') ?? '',
    runId: params.get('runId') ?? '',
    sessionId: params.get('sessionId') ?? '',
  };
};

export default function Traces() {
  const [draft, setDraft] = useState(fromUrl);
  const [query, setQuery] = useState(draft);
  const [offset, setOffset] = useState(0);
  const list = useLoad(
    () =>
      call<PlatformApi.TraceListDto>(
        api.listTraces({
          name: query.name || undefined,
          $module: query.module || undefined,
          agentId: query.agentId || undefined,
          runId: query.runId || undefined,
          sessionId: query.sessionId || undefined,
          status: (query.status || undefined) as never,
          limit: LIMIT,
          offset,
        }),
      ),
    [query, offset],
  );
  return (
    <section aria-labelledby="traces-title">
      <h1 id="traces-title">Traces</h1>
      <form
        className="row card"
        role="search"
        onSubmit={(e) => {
          e.preventDefault();
          setOffset(0);
          setQuery(draft);
        }}
      >
        <label>
          Span name
          <input value={draft.name} onChange={(e) => setDraft({ ...draft, name: e.target.value })} />
        </label>
        <label>
          Module
          <input value={draft.module} onChange={(e) => setDraft({ ...draft, module: e.target.value })} placeholder="agents" />
        </label>
        <label>
          Agent id
          <input value={draft.agentId} onChange={(e) => setDraft({ ...draft, agentId: e.target.value })} />
        </label>
        <label>
          Run or task id
          <input value={draft.runId} onChange={(e) => setDraft({ ...draft, runId: e.target.value })} />
        </label>
        <label>
          Session id
          <input value={draft.sessionId} onChange={(e) => setDraft({ ...draft, sessionId: e.target.value })} />
        </label>
        <label>
          Status
          <select value={draft.status} onChange={(e) => setDraft({ ...draft, status: e.target.value })}>
            <option value="">any</option>
            <option value="ok">ok</option>
            <option value="error">error</option>
            <option value="unset">unset</option>
          </select>
        </label>
        <button type="submit">Search</button>
      </form>
      <ProblemAlert problem={list.problem} />
      <table>
        <caption className="sr-only">Traces</caption>
        <thead>
          <tr>
            <th scope="col">Root span</th>
            <th scope="col">Started</th>
            <th scope="col">Duration</th>
            <th scope="col">Spans</th>
            <th scope="col">Modules</th>
            <th scope="col">Tokens in/out</th>
            <th scope="col">Errors</th>
          </tr>
        </thead>
        <tbody>
          {list.data?.items.map((t) => (
            <tr key={t.traceId}>
              <th scope="row">
                <Link to={`/traces/${t.traceId}`}>{t.rootName}</Link>
              </th>
              <td className="small">{new Date(t.startMs).toLocaleString()}</td>
              <td>{t.durationMs.toFixed(1)} ms</td>
              <td>{t.spanCount}</td>
              <td className="small">{t.modules.join(', ')}</td>
              <td>
                {t.inputTokens}/{t.outputTokens}
              </td>
              <td>{t.errorCount}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {list.data && list.data.items.length === 0 ? <p className="muted">No traces match.</p> : null}
      <Pager offset={offset} limit={LIMIT} hasMore={list.data?.hasMore} onChange={setOffset} />
    </section>
  );
}
