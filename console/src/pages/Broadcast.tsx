import { useEffect, useState, type FormEvent } from 'react';
import type { PlatformApi } from '@agentic/sdk';
import { api, call } from '../lib/api';
import { parseSchema, RESOLUTION_LABEL, RESOLUTIONS, summariseBroadcast, type ResolutionMethod } from '../lib/broadcast';
import { Link } from '../lib/router';
import { ProblemAlert, Status, useAction, useLoad } from '../lib/ui';

const DEFAULT_DEADLINE_MS = 30_000;

/** POST /a2a/broadcast: one message to many agents, answers gathered until a quorum or the deadline, then settled. */
export default function Broadcast() {
  const providers = useLoad(() => call<PlatformApi.ModelProviderDto[]>(api.listModelProviders()), []);
  const agents = useLoad(() => call<PlatformApi.AgentListDto>(api.listAgents({ limit: 200 })), []);
  const [form, setForm] = useState({
    message: '',
    target: 'capability' as 'capability' | 'agents',
    capability: '',
    quorum: '',
    deadlineMs: String(DEFAULT_DEADLINE_MS),
    resolution: 'none' as ResolutionMethod,
    schema: '{\n  "type": "object"\n}',
    provider: '',
    modelId: '',
    judgeAgentId: '',
  });
  const [agentIds, setAgentIds] = useState<string[]>([]);
  const [result, setResult] = useState<PlatformApi.BroadcastResultDto>();
  const { busy, problem, run } = useAction();
  const set = (key: keyof typeof form) => (e: { target: { value: string } }) => setForm((f) => ({ ...f, [key]: e.target.value }));
  const provider = form.provider || providers.data?.[0]?.name || '';
  const byModel = form.resolution === 'judge' || form.resolution === 'merge';

  const submit = (event: FormEvent) => {
    event.preventDefault();
    void run(async () => {
      setResult(undefined);
      const body: PlatformApi.BroadcastDto = {
        message: form.message,
        ...(form.target === 'agents' ? { agentIds } : { capability: form.capability.trim() }),
        quorum: form.quorum ? Number(form.quorum) : undefined,
        deadlineMs: Number(form.deadlineMs),
        resolution: form.resolution,
        schema: form.resolution === 'first-valid' ? parseSchema(form.schema) : undefined,
        model: byModel && !form.judgeAgentId && provider && form.modelId ? { provider, modelId: form.modelId } : undefined,
        judgeAgentId: byModel && form.judgeAgentId ? form.judgeAgentId : undefined,
      };
      setResult(await call<PlatformApi.BroadcastResultDto>(api.broadcastMessage(body)));
    });
  };

  return (
    <section aria-labelledby="broadcast-title">
      <p>
        <Link to="/orchestration">← Orchestration</Link>
      </p>
      <h1 id="broadcast-title">Broadcast</h1>
      <p className="muted">
        Ask many agents the same question at once, wait for a quorum of answers or the deadline, and settle their disagreement.
      </p>
      <div className="grid two">
        <form className="card" onSubmit={submit} aria-labelledby="broadcast-form-title">
          <h2 id="broadcast-form-title">Send a broadcast</h2>
          <label>
            Message
            <textarea required rows={3} maxLength={20_000} value={form.message} onChange={set('message')} />
          </label>
          <fieldset>
            <legend>Ask</legend>
            <label className="checkbox">
              <input type="radio" name="target" value="capability" checked={form.target === 'capability'} onChange={set('target')} />
              every agent with a capability
            </label>
            <label className="checkbox">
              <input type="radio" name="target" value="agents" checked={form.target === 'agents'} onChange={set('target')} />
              these agents
            </label>
            {form.target === 'capability' ? (
              <label>
                Capability
                <input required maxLength={100} value={form.capability} onChange={set('capability')} placeholder="e.g. summarize" />
              </label>
            ) : (
              <label>
                Agents (up to 50)
                <select
                  multiple
                  required
                  value={agentIds}
                  onChange={(e) => setAgentIds([...e.target.selectedOptions].map((o) => o.value).slice(0, 50))}
                  size={Math.min(6, Math.max(2, agents.data?.items.length ?? 2))}
                >
                  {agents.data?.items.map((a) => (
                    <option key={a.id} value={a.id}>
                      {a.name}
                    </option>
                  ))}
                </select>
              </label>
            )}
          </fieldset>
          <div className="row">
            <label>
              Quorum
              <input
                type="number"
                min={1}
                max={50}
                value={form.quorum}
                onChange={set('quorum')}
                placeholder="all"
                aria-describedby="quorum-hint"
              />
            </label>
            <label>
              Deadline (ms)
              <input type="number" required min={100} max={300_000} step={100} value={form.deadlineMs} onChange={set('deadlineMs')} />
            </label>
          </div>
          <p id="quorum-hint" className="muted small">
            Answers to wait for; empty waits for every agent asked.
          </p>
          <label>
            Resolution
            <select value={form.resolution} onChange={set('resolution')}>
              {RESOLUTIONS.map((r) => (
                <option key={r} value={r}>
                  {RESOLUTION_LABEL[r]}
                </option>
              ))}
            </select>
          </label>
          {form.resolution === 'first-valid' ? (
            <label>
              JSON schema an answer must match
              <textarea className="mono" required rows={4} value={form.schema} onChange={set('schema')} />
            </label>
          ) : null}
          {byModel ? (
            <fieldset>
              <legend>{form.resolution === 'judge' ? 'Judge' : 'Merger'}</legend>
              <label>
                Judge agent
                <select value={form.judgeAgentId} onChange={set('judgeAgentId')}>
                  <option value="">none: use a model</option>
                  {agents.data?.items.map((a) => (
                    <option key={a.id} value={a.id}>
                      {a.name}
                    </option>
                  ))}
                </select>
              </label>
              {form.judgeAgentId ? null : (
                <>
                  <label>
                    Provider
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
                    Model id
                    <input required value={form.modelId} onChange={set('modelId')} />
                  </label>
                </>
              )}
            </fieldset>
          ) : null}
          <ProblemAlert problem={problem ?? providers.problem ?? agents.problem} />
          <div className="row">
            <button type="submit" className="primary" disabled={busy}>
              Send broadcast
            </button>
            {busy ? <Waiting deadlineMs={Number(form.deadlineMs) || DEFAULT_DEADLINE_MS} /> : null}
          </div>
        </form>
        {result ? <BroadcastResult result={result} /> : null}
      </div>
    </section>
  );
}

/** The time spent against the deadline while the platform gathers answers (it answers when the quorum is met). */
function Waiting({ deadlineMs }: { deadlineMs: number }) {
  const [started] = useState(() => Date.now());
  const [elapsed, setElapsed] = useState(0);
  useEffect(() => {
    const timer = setInterval(() => setElapsed(Date.now() - started), 250);
    return () => clearInterval(timer);
  }, [started]);
  return (
    <span role="status" className="small">
      <progress max={deadlineMs} value={Math.min(elapsed, deadlineMs)} aria-label="Time waited of the deadline" /> waiting for answers,{' '}
      {Math.floor(elapsed / 1000)} s of {Math.round(deadlineMs / 1000)} s
    </span>
  );
}

function BroadcastResult({ result }: { result: PlatformApi.BroadcastResultDto }) {
  const summary = summariseBroadcast(result);
  const { resolution } = summary;
  return (
    <section className="card" aria-labelledby="result-title" data-testid="broadcast-result">
      <h2 id="result-title">
        Result <Status value={result.outcome} />
      </h2>
      <dl className="metrics">
        <div>
          <dt>Quorum</dt>
          <dd data-testid="quorum">
            {summary.quorumMet ? 'met' : 'not met'}: {summary.answered} of {result.quorum} needed
          </dd>
        </div>
        <div>
          <dt>Asked</dt>
          <dd>
            {summary.asked} ({summary.failed} failed, {summary.late.length} late)
          </dd>
        </div>
        <div>
          <dt>Resolution</dt>
          <dd data-testid="resolution-method">{resolution?.method ?? 'none'}</dd>
        </div>
        <div>
          <dt>Took</dt>
          <dd>{result.durationMs} ms</dd>
        </div>
      </dl>
      {resolution ? (
        <div className="decision" data-testid="decision">
          <h3>Decision</h3>
          <p>{resolution.answer === null ? <span className="muted">no answer won</span> : <strong>{resolution.answer}</strong>}</p>
          <p className="small">
            {summary.winners.length ? <>Winners: {summary.winners.join(', ')}. </> : null}
            {resolution.reason}
          </p>
        </div>
      ) : (
        <p className="muted small">No resolution asked: every answer is below.</p>
      )}
      {summary.tally.length ? (
        <table>
          <caption>Tally</caption>
          <thead>
            <tr>
              <th scope="col">Answer (normalised)</th>
              <th scope="col">Votes</th>
              <th scope="col">Agents</th>
            </tr>
          </thead>
          <tbody>
            {summary.tally.map((t) => (
              <tr key={t.answer}>
                <th scope="row" className="wrap">
                  {t.answer}
                </th>
                <td>{t.votes}</td>
                <td className="small">{t.agents.join(', ')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      <table data-testid="ballots">
        <caption>Ballots, in arrival order, then those that did not answer in time</caption>
        <thead>
          <tr>
            <th scope="col">Agent</th>
            <th scope="col">Ballot</th>
            <th scope="col">Answer</th>
            <th scope="col">Latency</th>
          </tr>
        </thead>
        <tbody>
          {result.answers.map((b) => (
            <tr key={b.agentId} data-status={b.status}>
              <th scope="row">
                <Link to={`/agents/${b.agentId}`}>{b.name}</Link>
                {resolution?.winners.includes(b.agentId) ? ' (won)' : null}
              </th>
              <td>
                <Status value={b.status} />
              </td>
              <td className="wrap">
                {b.status === 'answered' ? b.text : b.status === 'timeout' ? <span className="muted">no answer in time</span> : b.error}
              </td>
              <td>{b.latencyMs} ms</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
