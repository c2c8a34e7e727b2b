import { useState, type FormEvent } from 'react';
import type { PlatformApi } from '@agentic/sdk';
import { api, call } from '../lib/api';
import { Pager, ProblemAlert, Status, useAction, useLoad } from '../lib/ui';

type Role = 'admin' | 'operator' | 'viewer';
const ROLES: Role[] = ['admin', 'operator', 'viewer'];
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

/** Administration: users, API keys and the audit log (admins; others see the API's 403 problem). */
export default function Admin() {
  return (
    <section aria-labelledby="admin-title">
      <h1 id="admin-title">Administration</h1>
      <div className="grid two">
        <Users />
        <ApiKeys />
      </div>
      <Audit />
    </section>
  );
}

function Users() {
  const users = useLoad(() => call<PlatformApi.UserResponseDto[]>(api.listUsers()), []);
  const [form, setForm] = useState({ email: '', password: '', role: 'viewer' as Role });
  const { busy, problem, run } = useAction();
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
              <td>{u.role}</td>
              <td>{u.disabled ? 'disabled' : 'active'}</td>
            </tr>
          ))}
        </tbody>
      </table>
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
