import { useState } from 'react';
import type { PlatformApi } from '@agentic/sdk';
import { api, call } from '../lib/api';
import { Link } from '../lib/router';
import { Pager, ProblemAlert, useLoad } from '../lib/ui';

const LIMIT = 20;

export default function Workflows() {
  const [search, setSearch] = useState('');
  const [query, setQuery] = useState('');
  const [offset, setOffset] = useState(0);
  const list = useLoad(
    () => call<PlatformApi.WorkflowPageDto>(api.listWorkflows({ search: query || undefined, limit: LIMIT, offset })),
    [query, offset],
  );
  return (
    <section aria-labelledby="workflows-title">
      <h1 id="workflows-title">Workflows</h1>
      <p className="row">
        <Link to="/workflows/new" className="button primary">
          New workflow
        </Link>
        <Link to="/workflows/runs">All runs</Link>
        <Link to="/workflows/templates">Templates</Link>
      </p>
      <form
        className="row"
        role="search"
        onSubmit={(e) => {
          e.preventDefault();
          setOffset(0);
          setQuery(search.trim());
        }}
      >
        <label>
          Search
          <input value={search} onChange={(e) => setSearch(e.target.value)} />
        </label>
        <button type="submit">Search</button>
      </form>
      <ProblemAlert problem={list.problem} />
      <table>
        <caption className="sr-only">Workflows</caption>
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Version</th>
            <th scope="col">Enabled</th>
            <th scope="col">Updated</th>
          </tr>
        </thead>
        <tbody>
          {list.data?.items.map((w) => (
            <tr key={w.id}>
              <th scope="row">
                <Link to={`/workflows/${w.id}`}>{w.name}</Link>
              </th>
              <td>{w.version}</td>
              <td>{w.enabled ? 'yes' : 'no'}</td>
              <td className="small">{new Date(w.updatedAt).toLocaleString()}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {list.data && list.data.items.length === 0 ? <p className="muted">No workflows yet.</p> : null}
      <Pager offset={offset} limit={LIMIT} total={list.data?.total} onChange={setOffset} />
    </section>
  );
}
