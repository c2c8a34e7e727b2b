import { useState } from 'react';
import type { PlatformApi } from '@agentic/sdk';
import { api, call } from '../lib/api';
import { ProblemAlert, Status, useLoad } from '../lib/ui';

/** The tool registry (built-in and MCP tools) and the MCP servers they come from. */
export default function Tools() {
  const [q, setQ] = useState('');
  const [query, setQuery] = useState('');
  const tools = useLoad(() => call<PlatformApi.ToolDto[]>(api.listTools({ q: query || undefined })), [query]);
  const servers = useLoad(() => call<PlatformApi.McpServerDto[]>(api.listMcpServers()), []);
  return (
    <section aria-labelledby="tools-title">
      <h1 id="tools-title">Tools and MCP</h1>
      <div className="grid two">
        <section className="card" aria-labelledby="tool-list-title">
          <h2 id="tool-list-title">Tools</h2>
          <form
            className="row"
            role="search"
            onSubmit={(e) => {
              e.preventDefault();
              setQuery(q.trim());
            }}
          >
            <label>
              Find a tool
              <input value={q} onChange={(e) => setQ(e.target.value)} />
            </label>
            <button type="submit">Find</button>
          </form>
          <ProblemAlert problem={tools.problem} />
          <table>
            <caption className="sr-only">Tools</caption>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Origin</th>
                <th scope="col">Health</th>
                <th scope="col">Description</th>
              </tr>
            </thead>
            <tbody>
              {tools.data?.map((t) => (
                <tr key={t.id}>
                  <th scope="row" className="mono small">
                    {t.name}
                  </th>
                  <td>{t.origin}</td>
                  <td>
                    <Status value={t.health} />
                  </td>
                  <td className="small">{t.description}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
        <section className="card" aria-labelledby="mcp-title">
          <h2 id="mcp-title">MCP servers</h2>
          <ProblemAlert problem={servers.problem} />
          {servers.data && servers.data.length === 0 ? <p className="muted">No MCP server registered.</p> : null}
          <ul>
            {servers.data?.map((s) => (
              <li key={s.id}>
                <strong>{s.name}</strong> <Status value={s.status} /> <span className="muted small">{s.transport}</span>
                {s.lastError ? <p className="small">{s.lastError}</p> : null}
              </li>
            ))}
          </ul>
        </section>
      </div>
    </section>
  );
}
