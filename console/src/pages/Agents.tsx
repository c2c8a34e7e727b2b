import { useState, type FormEvent } from 'react';
import { api, call } from '../lib/api';
import { Link, navigate } from '../lib/router';
import { Pager, ProblemAlert, useAction, useLoad } from '../lib/ui';
import type { PlatformApi } from '@agentic/sdk';

const LIMIT = 20;

export default function Agents() {
  const [capability, setCapability] = useState('');
  const [filter, setFilter] = useState('');
  const [offset, setOffset] = useState(0);
  const list = useLoad(
    () => call<PlatformApi.AgentListDto>(api.listAgents({ capability: filter || undefined, limit: LIMIT, offset })),
    [filter, offset],
  );
  return (
    <section aria-labelledby="agents-title">
      <h1 id="agents-title">Agents</h1>
      <div className="grid two">
        <section className="card" aria-labelledby="agent-list-title">
          <h2 id="agent-list-title">All agents</h2>
          <form
            className="row"
            role="search"
            onSubmit={(e) => {
              e.preventDefault();
              setOffset(0);
              setFilter(capability.trim());
            }}
          >
            <label>
              Capability
              <input value={capability} onChange={(e) => setCapability(e.target.value)} placeholder="e.g. summarize" />
            </label>
            <button type="submit">Filter</button>
          </form>
          <ProblemAlert problem={list.problem} />
          <table>
            <caption className="sr-only">Agents</caption>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Brain</th>
                <th scope="col">Model</th>
                <th scope="col">Skills</th>
              </tr>
            </thead>
            <tbody>
              {list.data?.items.map((agent) => (
                <tr key={agent.id}>
                  <th scope="row">
                    <Link to={`/agents/${agent.id}`}>{agent.name}</Link>
                  </th>
                  <td>{agent.brain}</td>
                  <td className="small">{agent.model ? `${agent.model.provider}/${agent.model.modelId}` : '—'}</td>
                  <td className="small">{agent.skills?.map((s) => s.name).join(', ')}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {list.data && list.data.items.length === 0 ? (
            <p className="muted">No agents{filter ? ` with capability “${filter}”` : ''}.</p>
          ) : null}
          <Pager offset={offset} limit={LIMIT} total={list.data?.total} onChange={setOffset} />
        </section>
        <CreateAgent onCreated={(id) => navigate(`/agents/${id}`)} />
      </div>
    </section>
  );
}

function CreateAgent({ onCreated }: { onCreated: (id: string) => void }) {
  const providers = useLoad(() => call<PlatformApi.ModelProviderDto[]>(api.listModelProviders()), []);
  const tools = useLoad(() => call<PlatformApi.ToolDto[]>(api.listTools()), []);
  const collections = useLoad(() => call<PlatformApi.CollectionResponseDto[]>(api.listCollections()), []);
  const [form, setForm] = useState({ name: '', description: '', instructions: '', provider: '', modelId: '', skill: '' });
  const [selectedTools, setSelectedTools] = useState<string[]>([]);
  const [knowledge, setKnowledge] = useState<string[]>([]);
  const { busy, problem, run } = useAction();
  const set = (key: keyof typeof form) => (e: { target: { value: string } }) => setForm((f) => ({ ...f, [key]: e.target.value }));
  const provider = form.provider || providers.data?.[0]?.name || '';
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void run(async () => {
      const agent = await call<PlatformApi.AgentDto>(
        api.createAgent({
          name: form.name,
          description: form.description || undefined,
          instructions: form.instructions || undefined,
          model: provider && form.modelId ? { provider, modelId: form.modelId } : undefined,
          tools: selectedTools.length ? selectedTools : undefined,
          knowledge: knowledge.length ? knowledge : undefined,
          skills: form.skill
            ? [{ id: form.skill.toLowerCase().replace(/\W+/g, '-'), name: form.skill, description: form.skill, tags: [form.skill] }]
            : undefined,
        }),
      );
      onCreated(agent.id);
    });
  };
  const multi = (e: React.ChangeEvent<HTMLSelectElement>) => [...e.target.selectedOptions].map((o) => o.value);
  return (
    <form className="card" onSubmit={submit} aria-labelledby="create-agent-title">
      <h2 id="create-agent-title">Create an agent</h2>
      <label>
        Name
        <input required maxLength={100} value={form.name} onChange={set('name')} />
      </label>
      <label>
        Description
        <input value={form.description} onChange={set('description')} />
      </label>
      <label>
        Capability (skill)
        <input value={form.skill} onChange={set('skill')} placeholder="e.g. summarize" />
      </label>
      <label>
        Model provider
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
        <input value={form.modelId} onChange={set('modelId')} placeholder="gpt-4o-mini" />
      </label>
      <label>
        Instructions
        <textarea rows={3} value={form.instructions} onChange={set('instructions')} />
      </label>
      <label>
        Tools
        <select
          multiple
          value={selectedTools}
          onChange={(e) => setSelectedTools(multi(e))}
          size={Math.min(5, Math.max(2, tools.data?.length ?? 2))}
        >
          {tools.data?.map((t) => (
            <option key={t.id} value={t.id}>
              {t.name}
            </option>
          ))}
        </select>
      </label>
      <label>
        Knowledge collections
        <select
          multiple
          value={knowledge}
          onChange={(e) => setKnowledge(multi(e))}
          size={Math.min(5, Math.max(2, collections.data?.length ?? 2))}
        >
          {collections.data?.map((c) => (
            <option key={c.id} value={c.name}>
              {c.name}
            </option>
          ))}
        </select>
      </label>
      <ProblemAlert problem={problem} />
      <button type="submit" className="primary" disabled={busy}>
        Create agent
      </button>
    </form>
  );
}
