import { useState, type FormEvent } from 'react';
import type { PlatformApi } from '@agentic/sdk';
import { api, call } from '../lib/api';
import { optionalNumber, optionalText } from '../lib/forms';
import { ConfirmButton, Pager, ProblemAlert, Status, useAction, useLoad } from '../lib/ui';

type Role = 'admin' | 'operator' | 'viewer';
const ROLES: Role[] = ['admin', 'operator', 'viewer'];
type Provider = PlatformApi.ModelProviderDto;
type ProviderKind = PlatformApi.CreateModelProviderDtoWrite['kind'];
const PROVIDER_KINDS: ProviderKind[] = ['openai', 'openai-compatible', 'azure', 'anthropic', 'google', 'ollama'];
const AUDIT_LIMIT = 25;
const AUDIT_ACTIONS = [
  'login',
  'login_failed',
  'logout',
  'token_reuse',
  'apikey_created',
  'apikey_revoked',
  'user_created',
  'role_changed',
];

/** Administration: users and their roles, API keys, model providers and the audit log (admins; others see the API's 403 problem). */
export default function Admin() {
  return (
    <section aria-labelledby="admin-title">
      <h1 id="admin-title">Administration</h1>
      <div className="grid two">
        <Users />
        <ApiKeys />
      </div>
      <ModelProviders />
      <Audit />
    </section>
  );
}

function Users() {
  const users = useLoad(() => call<PlatformApi.UserResponseDto[]>(api.listUsers()), []);
  const [form, setForm] = useState({ email: '', password: '', role: 'viewer' as Role });
  const { busy, problem, run } = useAction();
  const edit = useAction();
  const [changed, setChanged] = useState('');
  // PATCH /api/users/:id changes the role or the disabled flag; the list shows what the API kept.
  const update = (user: PlatformApi.UserResponseDto, changes: PlatformApi.UpdateUserDto, said: string) =>
    void edit.run(async () => {
      setChanged('');
      const saved = await call<PlatformApi.UserResponseDto>(api.updateUser(user.id, changes));
      users.setData(users.data?.map((u) => (u.id === saved.id ? saved : u)));
      setChanged(said);
    });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void run(async () => {
      await call(api.createUser(form));
      setForm({ email: '', password: '', role: 'viewer' });
      users.reload();
    });
  };
  return (
    <section className="card" aria-labelledby="users-title">
      <h2 id="users-title">Users</h2>
      <ProblemAlert problem={users.problem} />
      <table>
        <caption className="sr-only">Users</caption>
        <thead>
          <tr>
            <th scope="col">Email</th>
            <th scope="col">Role</th>
            <th scope="col">State</th>
          </tr>
        </thead>
        <tbody>
          {users.data?.map((u) => (
            <tr key={u.id}>
              <th scope="row">{u.email}</th>
              <td>
                <select
                  aria-label={`Role of ${u.email}`}
                  value={u.role}
                  disabled={edit.busy}
                  onChange={(e) => update(u, { role: e.target.value as Role }, `${u.email} is now ${e.target.value}.`)}
                >
                  {ROLES.map((r) => (
                    <option key={r}>{r}</option>
                  ))}
                </select>
              </td>
              <td>
                {u.disabled ? 'disabled' : 'active'}{' '}
                <button
                  type="button"
                  className="link"
                  disabled={edit.busy}
                  onClick={() => update(u, { disabled: !u.disabled }, `${u.email} is now ${u.disabled ? 'enabled' : 'disabled'}.`)}
                >
                  {u.disabled ? 'Enable' : 'Disable'}
                  <span className="sr-only"> {u.email}</span>
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <ProblemAlert problem={edit.problem} />
      {changed ? (
        <p role="status" data-testid="user-changed">
          {changed}
        </p>
      ) : null}
      <form onSubmit={submit} aria-label="Create a user">
        <h3>Create a user</h3>
        <label>
          User email
          <input type="email" required value={form.email} onChange={(e) => setForm({ ...form, email: e.target.value })} />
        </label>
        <label>
          Initial password (12+ characters)
          <input
            type="password"
            autoComplete="new-password"
            required
            minLength={12}
            value={form.password}
            onChange={(e) => setForm({ ...form, password: e.target.value })}
          />
        </label>
        <label>
          User role
          <select value={form.role} onChange={(e) => setForm({ ...form, role: e.target.value as Role })}>
            {ROLES.map((r) => (
              <option key={r}>{r}</option>
            ))}
          </select>
        </label>
        <ProblemAlert problem={problem} />
        <button type="submit" disabled={busy}>
          Create user
        </button>
      </form>
    </section>
  );
}

function ApiKeys() {
  const keys = useLoad(() => call<PlatformApi.ApiKeyResponseDto[]>(api.listApiKeys()), []);
  const [name, setName] = useState('');
  const [role, setRole] = useState<Role>('viewer');
  const [created, setCreated] = useState<PlatformApi.CreatedApiKeyDto | null>(null);
  const { busy, problem, run } = useAction();
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void run(async () => {
      setCreated(await call<PlatformApi.CreatedApiKeyDto>(api.createApiKey({ name, role })));
      setName('');
      keys.reload();
    });
  };
  const revoke = (id: string) =>
    void run(async () => {
      await call(api.revokeApiKey(id));
      keys.reload();
    });
  return (
    <section className="card" aria-labelledby="keys-title">
      <h2 id="keys-title">API keys</h2>
      <ProblemAlert problem={keys.problem ?? problem} />
      <table>
        <caption className="sr-only">API keys</caption>
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Prefix</th>
            <th scope="col">Role</th>
            <th scope="col">Last used</th>
            <th scope="col">
              <span className="sr-only">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {keys.data?.map((k) => (
            <tr key={k.id}>
              <th scope="row">{k.name}</th>
              <td className="mono small">{k.prefix}</td>
              <td>{k.role}</td>
              <td className="small">{k.lastUsedAt ? new Date(k.lastUsedAt).toLocaleString() : '—'}</td>
              <td>
                {k.revokedAt ? (
                  <Status value="revoked" />
                ) : (
                  <button type="button" onClick={() => revoke(k.id)} aria-label={`Revoke ${k.name}`}>
                    Revoke
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <form onSubmit={submit} className="row" aria-label="Create an API key">
        <label>
          Key name
          <input required maxLength={100} value={name} onChange={(e) => setName(e.target.value)} />
        </label>
        <label>
          Key role
          <select value={role} onChange={(e) => setRole(e.target.value as Role)}>
            {ROLES.map((r) => (
              <option key={r}>{r}</option>
            ))}
          </select>
        </label>
        <button type="submit" disabled={busy}>
          Create key
        </button>
      </form>
      {created ? (
        <p role="status" className="card">
          Key <strong>{created.name}</strong> (shown once): <code data-testid="new-api-key">{created.key}</code>
        </p>
      ) : null}
    </section>
  );
}

const NO_PROVIDER = { name: '', kind: 'openai-compatible' as ProviderKind, baseUrl: '', apiKey: '', inputCost: '', outputCost: '' };

/** Model providers agents name (GET/POST/PUT/DELETE /api/model-providers); API keys are write-only. */
function ModelProviders() {
  const providers = useLoad(() => call<Provider[]>(api.listModelProviders()), []);
  const [form, setForm] = useState(NO_PROVIDER);
  // The provider being edited: only its base URL, key and costs can change (name and kind are its identity).
  const [editing, setEditing] = useState<Provider | null>(null);
  const { busy, problem, run } = useAction();
  const set = (key: keyof typeof NO_PROVIDER, value: string) => setForm((f) => ({ ...f, [key]: value }));
  const changes = () => ({
    baseUrl: optionalText(form.baseUrl),
    apiKey: optionalText(form.apiKey),
    inputCostPerMTok: optionalNumber(form.inputCost),
    outputCostPerMTok: optionalNumber(form.outputCost),
  });
  const reset = () => {
    setEditing(null);
    setForm(NO_PROVIDER);
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void run(async () => {
      if (editing) await call(api.updateModelProvider(editing.id, changes()));
      else await call(api.createModelProvider({ name: form.name.trim(), kind: form.kind, ...changes() }));
      reset();
      providers.reload();
    });
  };
  const startEdit = (p: Provider) => {
    setEditing(p);
    setForm({
      name: p.name,
      kind: p.kind as ProviderKind,
      baseUrl: p.baseUrl ?? '',
      apiKey: '',
      inputCost: String(p.inputCostPerMTok),
      outputCost: String(p.outputCostPerMTok),
    });
  };
  const remove = (p: Provider) =>
    void run(async () => {
      await call(api.deleteModelProvider(p.id));
      if (editing?.id === p.id) reset();
      providers.reload();
    });
  return (
    <section className="card" aria-labelledby="providers-title">
      <h2 id="providers-title">Model providers</h2>
      <ProblemAlert problem={providers.problem} />
      <table data-testid="providers">
        <caption className="sr-only">Model providers</caption>
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Kind</th>
            <th scope="col">Base URL</th>
            <th scope="col">API key</th>
            <th scope="col">USD / M tokens in, out</th>
            <th scope="col">Source</th>
            <th scope="col">
              <span className="sr-only">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {providers.data?.map((p) => (
            <tr key={p.id}>
              <th scope="row" className="mono">
                {p.name}
              </th>
              <td>{p.kind}</td>
              <td className="mono small">{p.baseUrl ?? '—'}</td>
              <td>{p.hasApiKey ? 'stored' : '—'}</td>
              <td className="small">
                {p.inputCostPerMTok}, {p.outputCostPerMTok}
              </td>
              <td>{p.source}</td>
              <td>
                {p.source === 'registered' ? (
                  <span className="row">
                    <button type="button" onClick={() => startEdit(p)} aria-label={`Edit ${p.name}`}>
                      Edit
                    </button>
                    <ConfirmButton label={`Delete ${p.name}`} onConfirm={() => remove(p)} disabled={busy} />
                  </span>
                ) : (
                  <span className="muted small">from the environment</span>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <form onSubmit={submit} noValidate aria-labelledby="provider-form-title">
        <h3 id="provider-form-title">{editing ? `Edit ${editing.name}` : 'Add a model provider'}</h3>
        <div className="row">
          <label>
            Provider name
            <input
              className="mono"
              value={form.name}
              disabled={!!editing}
              onChange={(e) => set('name', e.target.value)}
              placeholder="e.g. local-vllm"
            />
          </label>
          <label>
            Provider kind
            <select value={form.kind} disabled={!!editing} onChange={(e) => set('kind', e.target.value)}>
              {PROVIDER_KINDS.map((k) => (
                <option key={k}>{k}</option>
              ))}
            </select>
          </label>
          <label className="grow">
            Base URL
            <input
              type="url"
              className="mono"
              value={form.baseUrl}
              onChange={(e) => set('baseUrl', e.target.value)}
              placeholder="http://host:8000/v1"
            />
          </label>
        </div>
        <div className="row">
          <label className="grow">
            {editing?.hasApiKey ? 'API key (write-only; empty keeps the stored one)' : 'API key (write-only)'}
            <input type="password" autoComplete="off" value={form.apiKey} onChange={(e) => set('apiKey', e.target.value)} />
          </label>
          <label>
            Input USD per million tokens
            <input type="number" min={0} max={10000} step="any" value={form.inputCost} onChange={(e) => set('inputCost', e.target.value)} />
          </label>
          <label>
            Output USD per million tokens
            <input
              type="number"
              min={0}
              max={10000}
              step="any"
              value={form.outputCost}
              onChange={(e) => set('outputCost', e.target.value)}
            />
          </label>
        </div>
        <ProblemAlert problem={problem} />
        <div className="row">
          <button type="submit" className="primary" disabled={busy}>
            {editing ? 'Save provider' : 'Add provider'}
          </button>
          {editing ? (
            <button type="button" onClick={reset}>
              Cancel
            </button>
          ) : null}
        </div>
      </form>
    </section>
  );
}

function Audit() {
  const [action, setAction] = useState('');
  const [offset, setOffset] = useState(0);
  const audit = useLoad(
    () => call<PlatformApi.AuditPageDto>(api.listAuditEvents({ action: (action || undefined) as never, limit: AUDIT_LIMIT, offset })),
    [action, offset],
  );
  return (
    <section className="card" aria-labelledby="audit-title">
      <h2 id="audit-title">Audit log</h2>
      <label>
        Action
        <select
          value={action}
          onChange={(e) => {
            setOffset(0);
            setAction(e.target.value);
          }}
        >
          <option value="">all</option>
          {AUDIT_ACTIONS.map((a) => (
            <option key={a}>{a}</option>
          ))}
        </select>
      </label>
      <ProblemAlert problem={audit.problem} />
      <table>
        <caption className="sr-only">Audit events</caption>
        <thead>
          <tr>
            <th scope="col">When</th>
            <th scope="col">Action</th>
            <th scope="col">Actor</th>
            <th scope="col">Subject</th>
            <th scope="col">IP</th>
          </tr>
        </thead>
        <tbody>
          {audit.data?.items.map((e) => (
            <tr key={e.id}>
              <td className="small">{new Date(e.createdAt).toLocaleString()}</td>
              <th scope="row">{e.action}</th>
              <td>{e.actorName ?? '—'}</td>
              <td className="small">{e.subject ?? ''}</td>
              <td className="small mono">{e.ip ?? ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <Pager offset={offset} limit={AUDIT_LIMIT} total={audit.data?.total} onChange={setOffset} />
    </section>
  );
}
