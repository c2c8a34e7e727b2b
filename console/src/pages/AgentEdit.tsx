import { useEffect, useMemo, useState, type ChangeEvent, type FormEvent } from 'react';
import type { PlatformApi } from '@agentic/sdk';
import { api, asProblem, authFetch, call, ProblemError } from '../lib/api';
import { formatSkills, parseSkills, previewCard, type AgentCard } from '../lib/card';
import { Link } from '../lib/router';
import { ProblemAlert, useAction, useLoad } from '../lib/ui';

/** The card as the platform serves it now (no-store: it is cacheable for a minute, and this page just changed it). */
async function savedCard(id: string): Promise<AgentCard> {
  const res = await authFetch(`/a2a/agents/${id}/.well-known/agent-card.json`, { cache: 'no-store', headers: { 'A2A-Version': '1.0' } });
  const body = (await res.json().catch(() => undefined)) as unknown;
  if (!res.ok) throw new ProblemError(asProblem(res.status, body));
  return body as AgentCard;
}

interface Form {
  name: string;
  description: string;
  instructions: string;
  skills: string;
  provider: string;
  modelId: string;
  maxSteps: string;
  tools: string[];
  knowledge: string[];
  sqlConnections: string[];
}

const formOf = (a: PlatformApi.AgentDto): Form => ({
  name: a.name,
  description: a.description,
  instructions: a.instructions,
  skills: formatSkills(a.skills),
  provider: a.model?.provider ?? '',
  modelId: a.model?.modelId ?? '',
  maxSteps: String(a.limits.maxSteps ?? 8),
  tools: a.tools,
  knowledge: a.knowledge,
  sqlConnections: a.sqlConnections,
});

/** Edit an agent (PUT /api/agents/:id, optimistic on its version) beside the A2A card it would publish, live. */
export default function AgentEdit({ params }: { params: Record<string, string> }) {
  const id = params.id;
  const agent = useLoad(() => call<PlatformApi.AgentDto>(api.getAgent(id)), [id]);
  const card = useLoad(() => savedCard(id), [id]);
  const providers = useLoad(() => call<PlatformApi.ModelProviderDto[]>(api.listModelProviders()), []);
  const tools = useLoad(() => call<PlatformApi.ToolDto[]>(api.listTools()), []);
  const collections = useLoad(() => call<PlatformApi.CollectionResponseDto[]>(api.listCollections()), []);
  const connections = useLoad(() => call<PlatformApi.ConnectionResponseDto[]>(api.listSqlConnections()), []);
  const [form, setForm] = useState<Form | null>(null);
  const [notice, setNotice] = useState('');
  const save = useAction();
  useEffect(() => {
    if (agent.data) setForm(formOf(agent.data));
  }, [agent.data]);

  const skills = useMemo(() => (form && agent.data ? parseSkills(form.skills, agent.data.skills) : []), [form, agent.data]);
  const preview = useMemo(
    () =>
      form && agent.data && card.data
        ? previewCard(card.data, { name: form.name, description: form.description, brain: agent.data.brain, skills })
        : undefined,
    [form, agent.data, card.data, skills],
  );

  if (!form || !agent.data)
    return (
      <section aria-labelledby="edit-title">
        <h1 id="edit-title">Edit agent</h1>
        <ProblemAlert problem={agent.problem} />
      </section>
    );
  const a = agent.data;
  const set = (key: keyof Form) => (e: { target: { value: string } }) => {
    setNotice('');
    setForm({ ...form, [key]: e.target.value });
  };
  const multi = (key: 'tools' | 'knowledge' | 'sqlConnections') => (e: ChangeEvent<HTMLSelectElement>) =>
    setForm({ ...form, [key]: [...e.target.selectedOptions].map((o) => o.value) });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void save.run(async () => {
      const saved = await call<PlatformApi.AgentDto>(
        api.updateAgent(id, {
          version: a.version,
          name: form.name,
          description: form.description,
          instructions: form.instructions,
          skills,
          // Parameters (temperature...) are not on this form: keep them.
          model: form.provider && form.modelId ? { ...a.model, provider: form.provider, modelId: form.modelId } : undefined,
          tools: form.tools,
          knowledge: form.knowledge,
          sqlConnections: form.sqlConnections,
          limits: { maxSteps: Number(form.maxSteps) },
        }),
      );
      agent.setData(saved);
      card.reload();
      setNotice(`Saved as version ${saved.version}`);
    });
  };
  const options = (items: Array<{ value: string; label: string }>, selected: string[]) =>
    // Keep selections the lists do not know (a tool that went away) visible, so saving does not drop them silently.
    [...items, ...selected.filter((v) => !items.some((i) => i.value === v)).map((v) => ({ value: v, label: `${v} (unknown)` }))].map(
      (o) => (
        <option key={o.value} value={o.value}>
          {o.label}
        </option>
      ),
    );

  return (
    <section aria-labelledby="edit-title">
      <p>
        <Link to={`/agents/${id}`}>← {a.name}</Link> · <Link to={`/agents/${id}/runs`}>Runs</Link>
      </p>
      <h1 id="edit-title">Edit {a.name}</h1>
      <ProblemAlert problem={card.problem ?? providers.problem ?? tools.problem ?? collections.problem ?? connections.problem} />
      <div className="grid two">
        <form className="card" onSubmit={submit} aria-labelledby="edit-form-title">
          <h2 id="edit-form-title">Settings</h2>
          <p className="muted small">
            Brain {a.brain} · version {a.version}
          </p>
          <label>
            Name
            <input required maxLength={100} value={form.name} onChange={set('name')} />
          </label>
          <label>
            Description
            <textarea rows={2} maxLength={2000} value={form.description} onChange={set('description')} />
          </label>
          <label>
            Skills
            <textarea rows={3} value={form.skills} onChange={set('skills')} aria-describedby="skills-help" />
          </label>
          <p id="skills-help" className="muted small">
            One per line: <code>name: description #tag #tag</code>
          </p>
          <label>
            System prompt
            <textarea rows={4} maxLength={20_000} value={form.instructions} onChange={set('instructions')} />
          </label>
          <div className="row">
            <label>
              Model provider
              <select value={form.provider} onChange={set('provider')}>
                <option value="">none</option>
                {options(
                  (providers.data ?? []).map((p) => ({ value: p.name, label: `${p.name} (${p.kind})` })),
                  form.provider ? [form.provider] : [],
                )}
              </select>
            </label>
            <label className="grow">
              Model id
              <input value={form.modelId} onChange={set('modelId')} />
            </label>
            <label>
              Max steps
              <input type="number" min={1} max={50} value={form.maxSteps} onChange={set('maxSteps')} />
            </label>
          </div>
          <label>
            Tools
            <select multiple size={4} value={form.tools} onChange={multi('tools')}>
              {options(
                (tools.data ?? []).map((t) => ({ value: t.id, label: t.name })),
                form.tools,
              )}
            </select>
          </label>
          <label>
            Knowledge collections
            <select multiple size={3} value={form.knowledge} onChange={multi('knowledge')}>
              {options(
                (collections.data ?? []).map((c) => ({ value: c.name, label: c.name })),
                form.knowledge,
              )}
            </select>
          </label>
          <label>
            SQL connections
            <select multiple size={3} value={form.sqlConnections} onChange={multi('sqlConnections')}>
              {options(
                (connections.data ?? []).map((c) => ({ value: c.id, label: c.name })),
                form.sqlConnections,
              )}
            </select>
          </label>
          <ProblemAlert problem={save.problem} />
          <div className="row">
            <button type="submit" className="primary" disabled={save.busy}>
              Save
            </button>
            <button type="button" onClick={() => setForm(formOf(a))} disabled={save.busy}>
              Reset
            </button>
            <span role="status" className="muted small">
              {notice}
            </span>
          </div>
        </form>
        <div>
          <section className="card" aria-labelledby="preview-title">
            <h2 id="preview-title">Agent card preview</h2>
            <p className="muted small">What the agent will publish once saved; it follows the form as you type.</p>
            <pre className="card-json" data-testid="card-preview" tabIndex={0} aria-labelledby="preview-title">
              {preview ? JSON.stringify(preview, null, 2) : '…'}
            </pre>
          </section>
          <section className="card" aria-labelledby="published-title">
            <h2 id="published-title">Published card</h2>
            <p className="muted small">
              <code>GET /a2a/agents/{id}/.well-known/agent-card.json</code>
            </p>
            <pre className="card-json" data-testid="card-saved" tabIndex={0} aria-labelledby="published-title">
              {card.data ? JSON.stringify(card.data, null, 2) : '…'}
            </pre>
          </section>
        </div>
      </div>
    </section>
  );
}
