import { useEffect, useState, type FormEvent } from 'react';
import type { PlatformApi } from '@agentic/sdk';
import { api, call } from '../lib/api';
import { isLive } from '../lib/plan';
import { Link, navigate } from '../lib/router';
import { Pager, ProblemAlert, Status, useAction, useLoad } from '../lib/ui';

const LIMIT = 20;
const REFRESH_MS = 3_000;
const STATUSES = ['planning', 'running', 'succeeded', 'failed', 'canceled'] as const;
type SessionStatus = (typeof STATUSES)[number];

export default function Orchestration() {
  const [status, setStatus] = useState<SessionStatus | ''>('');
  const [offset, setOffset] = useState(0);
  const list = useLoad(
    () => call<PlatformApi.SessionListDto>(api.listOrchestrations({ status: status || undefined, limit: LIMIT, offset })),
    [status, offset],
  );
  const { reload } = list;
  // While a listed session still moves, the list follows it.
  const moving = list.data?.items.some((s) => isLive(s.status)) ?? false;
  useEffect(() => {
    if (!moving) return;
    const timer = setInterval(reload, REFRESH_MS);
    return () => clearInterval(timer);
  }, [moving, reload]);

  return (
    <section aria-labelledby="orch-title">
      <h1 id="orch-title">Orchestration</h1>
      <p>
        <Link to="/orchestration/broadcast">Broadcast a message to many agents →</Link>
      </p>
      <div className="grid two">
        <section className="card" aria-labelledby="sessions-title">
          <h2 id="sessions-title">Sessions</h2>
          <div className="row">
            <label>
              Status
              <select
                value={status}
                onChange={(e) => {
                  setOffset(0);
                  setStatus(e.target.value as SessionStatus | '');
                }}
              >
                <option value="">any</option>
                {STATUSES.map((s) => (
                  <option key={s} value={s}>
                    {s}
                  </option>
                ))}
              </select>
            </label>
          </div>
          <ProblemAlert problem={list.problem} />
          <table>
            <caption className="sr-only">Orchestration sessions, newest first</caption>
            <thead>
              <tr>
                <th scope="col">Goal</th>
                <th scope="col">Status</th>
                <th scope="col">Tasks</th>
                <th scope="col">Agents</th>
                <th scope="col">Started</th>
              </tr>
            </thead>
            <tbody>
              {list.data?.items.map((s) => (
                <tr key={s.id}>
                  <th scope="row">
                    <Link to={`/orchestration/${s.id}`}>{s.goal.length > 80 ? `${s.goal.slice(0, 80)}…` : s.goal}</Link>
                  </th>
                  <td>
                    <Status value={s.status} />
                  </td>
                  <td>{s.tasks}</td>
                  <td className="small">{s.agents.join(', ') || '—'}</td>
                  <td className="small">{new Date(s.createdAt).toLocaleString()}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {list.data && list.data.items.length === 0 ? <p className="muted">No sessions{status ? ` with status ${status}` : ''}.</p> : null}
          <Pager offset={offset} limit={LIMIT} total={list.data?.total} onChange={setOffset} />
        </section>
        <StartSession />
      </div>
    </section>
  );
}

/** POST /api/orchestrate: a goal, optionally a planner model, capabilities (planning without a model), agents, budget. */
function StartSession() {
  const providers = useLoad(() => call<PlatformApi.ModelProviderDto[]>(api.listModelProviders()), []);
  const agents = useLoad(() => call<PlatformApi.AgentListDto>(api.listAgents({ limit: 200 })), []);
  const [form, setForm] = useState({ goal: '', context: '', provider: '', modelId: '', capabilities: '', maxSteps: '10' });
  const [agentIds, setAgentIds] = useState<string[]>([]);
  const { busy, problem, run } = useAction();
  const set = (key: keyof typeof form) => (e: { target: { value: string } }) => setForm((f) => ({ ...f, [key]: e.target.value }));
  const provider = form.provider || providers.data?.[0]?.name || '';
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const capabilities = form.capabilities
      .split(',')
      .map((c) => c.trim())
      .filter(Boolean);
    void run(async () => {
      const session = await call<PlatformApi.SessionResponseDto>(
        api.startOrchestration({
          goal: form.goal,
          context: form.context || undefined,
          model: provider && form.modelId ? { provider, modelId: form.modelId } : undefined,
          capabilities: capabilities.length ? capabilities : undefined,
          agentIds: agentIds.length ? agentIds : undefined,
          budget: { maxSteps: Number(form.maxSteps) },
        }),
      );
      navigate(`/orchestration/${session.id}`);
    });
  };
  return (
    <form className="card" onSubmit={submit} aria-labelledby="start-title">
      <h2 id="start-title">Start a session</h2>
      <label>
        Goal
        <textarea required rows={3} maxLength={20_000} value={form.goal} onChange={set('goal')} />
      </label>
      <label>
        Context
        <textarea rows={2} value={form.context} onChange={set('context')} />
      </label>
      <label>
        Planner provider
        <select value={provider} onChange={set('provider')}>
          {providers.data?.length ? null : <option value="">No provider registered</option>}
          {providers.data?.map((p) => (
            <option key={p.id} value={p.name}>
              {p.name} ({p.kind})
            </option>
          ))}
        </select>
      </label>
      <label>
        Planner model id
        <input value={form.modelId} onChange={set('modelId')} placeholder="empty: the platform's default planner" />
      </label>
      <label>
        Capabilities
        <input value={form.capabilities} onChange={set('capabilities')} placeholder="plan without a model: summarize, review" />
      </label>
      <label>
        Only these agents
        <select
          multiple
          value={agentIds}
          onChange={(e) => setAgentIds([...e.target.selectedOptions].map((o) => o.value))}
          size={Math.min(5, Math.max(2, agents.data?.items.length ?? 2))}
        >
          {agents.data?.items.map((a) => (
            <option key={a.id} value={a.id}>
              {a.name}
            </option>
          ))}
        </select>
      </label>
      <label>
        Most tasks
        <input type="number" min={1} max={50} value={form.maxSteps} onChange={set('maxSteps')} />
      </label>
      <ProblemAlert problem={problem ?? providers.problem ?? agents.problem} />
      <button type="submit" className="primary" disabled={busy}>
        Start session
      </button>
    </form>
  );
}
