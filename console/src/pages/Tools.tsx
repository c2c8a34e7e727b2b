import { useState, type FormEvent } from 'react';
import type { PlatformApi } from '@agentic/sdk';
import { api, call } from '../lib/api';
import { EMPTY_SERVER, JWT_ALGORITHMS, serverBody, TRANSPORTS, type ServerForm, type Transport } from '../lib/mcpServerForm';
import { Link } from '../lib/router';
import { ConfirmButton, ProblemAlert, Status, useAction, useLoad } from '../lib/ui';

type Server = PlatformApi.McpServerDto;
type Tool = PlatformApi.ToolDto;

/** The tool registry (built-in and MCP tools) and the MCP servers they come from. */
export default function Tools() {
  const [q, setQ] = useState('');
  const [query, setQuery] = useState('');
  // Bumped after a server is registered or deleted: both lists change.
  const [version, setVersion] = useState(0);
  const tools = useLoad(() => call<Tool[]>(api.listTools({ q: query || undefined })), [query, version]);
  const servers = useLoad(() => call<Server[]>(api.listMcpServers()), [version]);
  const changed = () => setVersion((v) => v + 1);
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
                  <th scope="row" className="mono small tool-name">
                    <Link to={`/tools/${encodeURIComponent(t.id)}`}>{t.name}</Link>
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
        <div>
          <section className="card" aria-labelledby="mcp-title">
            <h2 id="mcp-title">MCP servers</h2>
            <ProblemAlert problem={servers.problem} />
            {servers.data && servers.data.length === 0 ? <p className="muted">No MCP server registered.</p> : null}
            <ul className="plain servers">
              {servers.data?.map((s) => (
                <ServerItem key={s.id} server={s} tools={tools.data?.filter((t) => t.serverId === s.id)} onChange={changed} />
              ))}
            </ul>
          </section>
          <RegisterServer onCreated={changed} />
        </div>
      </div>
    </section>
  );
}

function ServerItem({ server, tools, onChange }: { server: Server; tools?: Tool[]; onChange: () => void }) {
  const action = useAction();
  const [consent, setConsent] = useState<PlatformApi.McpAuthorizeResultDto | null>(null);
  const auth = server.authorization;
  const remove = () =>
    void action.run(async () => {
      await call(api.deleteMcpServer(server.id));
      onChange();
    });
  const authorize = () =>
    void action.run(async () => {
      const result = await call<PlatformApi.McpAuthorizeResultDto>(api.authorizeMcpServer(server.id));
      setConsent(result);
      // Client credentials need no person: the server is authorized already.
      if (result.status === 'authorized') onChange();
    });
  return (
    <li className="server" data-server={server.name} aria-labelledby={`server-${server.id}`}>
      <h3 id={`server-${server.id}`}>
        {server.name} <Status value={server.status} />
      </h3>
      <p className="muted small">
        {server.transport} · {server.transport === 'stdio' ? [server.command, ...server.args].join(' ') : server.url}
        {auth.mode !== 'none' ? ` · auth ${auth.mode}: ${auth.status.replace(/_/g, ' ')}` : ''}
        {server.perUser ? ' · per user' : ''}
        {server.sampling?.enabled ? ` · sampling ${server.sampling.provider}/${server.sampling.modelId}` : ''}
      </p>
      {server.lastError ? <p className="small">{server.lastError}</p> : null}
      {tools && tools.length > 0 ? (
        <ul className="small tool-chips" aria-label={`Tools of ${server.name}`}>
          {tools.map((t) => (
            <li key={t.id}>
              <Link to={`/tools/${encodeURIComponent(t.id)}`} className="mono">
                {t.name}
              </Link>
            </li>
          ))}
        </ul>
      ) : (
        <p className="muted small">No tools discovered.</p>
      )}
      <div className="row">
        {auth.mode === 'oauth' && auth.status !== 'authorized' ? (
          <button type="button" onClick={authorize} disabled={action.busy}>
            Authorize {server.name}
          </button>
        ) : null}
        <ConfirmButton label={`Delete ${server.name}`} onConfirm={remove} disabled={action.busy} />
      </div>
      {consent?.authorizationUrl ? (
        <p role="status" className="small">
          <a href={consent.authorizationUrl} target="_blank" rel="noopener noreferrer">
            Consent for {server.name} at the authorization server
          </a>
          {consent.expiresAt ? ` (before ${new Date(consent.expiresAt).toLocaleTimeString()})` : ''}, then reload this page.
        </p>
      ) : null}
      <ProblemAlert problem={action.problem} />
    </li>
  );
}

/** Registers a server (POST /api/mcp/servers). The API validates: the form only shapes the body. */
function RegisterServer({ onCreated }: { onCreated: () => void }) {
  const [form, setForm] = useState(EMPTY_SERVER);
  const providers = useLoad(() => call<PlatformApi.ModelProviderDto[]>(api.listModelProviders()), []);
  const { busy, problem, run, setProblem } = useAction();
  const set = <K extends keyof ServerForm>(key: K, value: ServerForm[K]) => setForm((f) => ({ ...f, [key]: value }));
  const stdio = form.transport === 'stdio';

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const shaped = serverBody(form);
    if ('problem' in shaped) return setProblem(shaped.problem);
    const { body } = shaped;
    void run(async () => {
      await call(api.createMcpServer(body));
      setForm(EMPTY_SERVER);
      onCreated();
    });
  };

  return (
    <section className="card" aria-labelledby="register-title">
      <h2 id="register-title">Register an MCP server</h2>
      <form onSubmit={submit} noValidate aria-labelledby="register-title">
        <div className="row">
          <label className="grow">
            Server name
            <input value={form.name} onChange={(e) => set('name', e.target.value)} aria-describedby="server-name-hint" />
          </label>
          <label>
            Transport
            <select value={form.transport} onChange={(e) => set('transport', e.target.value as Transport)}>
              {TRANSPORTS.map((t) => (
                <option key={t}>{t}</option>
              ))}
            </select>
          </label>
        </div>
        <p id="server-name-hint" className="muted small">
          Letters, digits, _ and -; its tools are named <code>name.tool</code>.
        </p>
        {stdio ? (
          <fieldset>
            <legend>Program (admins only)</legend>
            <label>
              Command
              <input className="mono" value={form.command} onChange={(e) => set('command', e.target.value)} placeholder="node" />
            </label>
            <label>
              Arguments, one a line
              <textarea className="mono" rows={3} value={form.args} onChange={(e) => set('args', e.target.value)} />
            </label>
            <label>
              Environment, NAME=value a line (stored encrypted)
              <textarea className="mono" rows={2} value={form.env} onChange={(e) => set('env', e.target.value)} />
            </label>
          </fieldset>
        ) : (
          <fieldset>
            <legend>Endpoint</legend>
            <label>
              Server URL
              <input
                type="url"
                className="mono"
                value={form.url}
                onChange={(e) => set('url', e.target.value)}
                placeholder="https://host/mcp"
              />
            </label>
            <label>
              Headers, Name: value a line (stored encrypted)
              <textarea className="mono" rows={2} value={form.headers} onChange={(e) => set('headers', e.target.value)} />
            </label>
            <label>
              Bearer token (write-only)
              <input type="password" autoComplete="off" value={form.bearerToken} onChange={(e) => set('bearerToken', e.target.value)} />
            </label>
            <label className="checkbox">
              <input type="checkbox" checked={form.perUser} onChange={(e) => set('perUser', e.target.checked)} />
              Each user authorizes with their own account
            </label>
            <details>
              <summary>OAuth (optional: discovery and dynamic registration need none)</summary>
              <label>
                Grant
                <select value={form.grant} onChange={(e) => set('grant', e.target.value)}>
                  <option value="">(default: authorization_code)</option>
                  <option>authorization_code</option>
                  <option>client_credentials</option>
                </select>
              </label>
              <label>
                Client id
                <input value={form.clientId} onChange={(e) => set('clientId', e.target.value)} />
              </label>
              <label>
                Client secret (write-only)
                <input type="password" autoComplete="off" value={form.clientSecret} onChange={(e) => set('clientSecret', e.target.value)} />
              </label>
              <label>
                Private key for private_key_jwt (PKCS#8 PEM, write-only)
                <textarea
                  className="mono"
                  rows={2}
                  value={form.privateKeyPem}
                  onChange={(e) => set('privateKeyPem', e.target.value)}
                  placeholder="-----BEGIN PRIVATE KEY-----"
                />
              </label>
              <label>
                Signing algorithm
                <select value={form.signingAlgorithm} onChange={(e) => set('signingAlgorithm', e.target.value)}>
                  <option value="">(default: RS256)</option>
                  {JWT_ALGORITHMS.map((a) => (
                    <option key={a}>{a}</option>
                  ))}
                </select>
              </label>
              <label>
                Scope
                <input value={form.scope} onChange={(e) => set('scope', e.target.value)} />
              </label>
            </details>
          </fieldset>
        )}
        <details>
          <summary>Sampling and roots (admins only)</summary>
          <label className="checkbox">
            <input type="checkbox" checked={form.sampling} onChange={(e) => set('sampling', e.target.checked)} />
            Let the server sample the platform’s models
          </label>
          {form.sampling ? (
            <div className="row">
              <label>
                Sampling provider
                <select value={form.samplingProvider} onChange={(e) => set('samplingProvider', e.target.value)}>
                  <option value="">(choose)</option>
                  {providers.data?.map((p) => (
                    <option key={p.id}>{p.name}</option>
                  ))}
                </select>
              </label>
              <label>
                Sampling model id
                <input value={form.samplingModel} onChange={(e) => set('samplingModel', e.target.value)} />
              </label>
              <label>
                Max tokens a request
                <input
                  type="number"
                  min={1}
                  max={32000}
                  placeholder="1024"
                  value={form.samplingMaxTokens}
                  onChange={(e) => set('samplingMaxTokens', e.target.value)}
                />
              </label>
              <label>
                Requests a minute
                <input
                  type="number"
                  min={1}
                  max={600}
                  placeholder="10"
                  value={form.samplingPerMinute}
                  onChange={(e) => set('samplingPerMinute', e.target.value)}
                />
              </label>
            </div>
          ) : null}
          <label>
            Roots, a file:// URI and an optional name a line
            <textarea
              className="mono"
              rows={2}
              value={form.roots}
              onChange={(e) => set('roots', e.target.value)}
              placeholder="file:///srv/projects site"
            />
          </label>
        </details>
        <label className="checkbox">
          <input type="checkbox" checked={form.connect} onChange={(e) => set('connect', e.target.checked)} />
          Connect and discover its tools now
        </label>
        <ProblemAlert problem={problem} />
        <button type="submit" className="primary" disabled={busy}>
          {busy ? 'Registering…' : 'Register server'}
        </button>
      </form>
    </section>
  );
}
