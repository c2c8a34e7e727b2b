import { useState, type FormEvent } from 'react';
import type { PlatformApi } from '@agentic/sdk';
import { api, call } from '../lib/api';
import { Link, navigate } from '../lib/router';
import { Pager, ProblemAlert, useAction, useLoad } from '../lib/ui';
import { SchemaForm } from '../designer/SchemaForm';
import type { JsonSchema } from '../designer/stepSchema';

type Template = PlatformApi.TemplateResponseDto;
const LIMIT = 10;

/** `/workflows/templates`: the built-in and saved templates; instantiating one makes a new workflow and opens it. */
export default function WorkflowTemplates() {
  const list = useLoad(() => call<Template[]>(api.listWorkflowTemplates()), []);
  const [offset, setOffset] = useState(0);
  const [chosen, setChosen] = useState<Template | null>(null);
  const removal = useAction();
  return (
    <section aria-labelledby="templates-title">
      <p>
        <Link to="/workflows">← Workflows</Link>
      </p>
      <h1 id="templates-title">Workflow templates</h1>
      <p className="muted">Save a workflow as a template from its designer (Save as template).</p>
      <ProblemAlert problem={list.problem ?? removal.problem} />
      <div className="grid two">
        <div className="shrink">
          <table data-testid="templates">
            <caption className="sr-only">Templates</caption>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Description</th>
                <th scope="col">Parameters</th>
                <th scope="col">Actions</th>
              </tr>
            </thead>
            <tbody>
              {list.data?.slice(offset, offset + LIMIT).map((t) => (
                <tr key={t.id} data-template={t.name}>
                  <th scope="row">
                    {t.name}
                    {t.builtin ? <span className="muted small"> (built-in)</span> : null}
                  </th>
                  <td className="small">{t.description ?? '—'}</td>
                  <td className="small">{Object.keys((t.parameters.properties as object | undefined) ?? {}).join(', ') || 'none'}</td>
                  <td className="actions-cell">
                    <button type="button" onClick={() => setChosen(t)} aria-pressed={chosen?.id === t.id} aria-label={`Use ${t.name}`}>
                      Use
                    </button>
                    {t.builtin ? null : (
                      <button
                        type="button"
                        aria-label={`Delete ${t.name}`}
                        disabled={removal.busy}
                        onClick={() => {
                          if (window.confirm(`Delete template ${t.name}?`))
                            void removal.run(async () => {
                              await call(api.deleteWorkflowTemplate(t.id));
                              if (chosen?.id === t.id) setChosen(null);
                              list.reload();
                            });
                        }}
                      >
                        Delete
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <Pager offset={offset} limit={LIMIT} total={list.data?.length} onChange={setOffset} />
        </div>
        {chosen ? (
          <Instantiate key={chosen.id} template={chosen} />
        ) : (
          <p className="muted">Choose a template to make a workflow from it.</p>
        )}
      </div>
    </section>
  );
}

/** The template's parameters as a form generated from its JSON Schema, then POST …/instantiate. */
function Instantiate({ template }: { template: Template }) {
  const [name, setName] = useState(`${template.name}-${new Date().toISOString().slice(0, 10)}`);
  const [parameters, setParameters] = useState<Record<string, unknown>>({});
  const { busy, problem, run } = useAction();
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void run(async () => {
      const created = await call<PlatformApi.WorkflowResponseDto>(api.instantiateWorkflowTemplate(template.id, { name, parameters }));
      navigate(`/workflows/${created.id}`);
    });
  };
  return (
    <form className="card" onSubmit={submit} aria-labelledby="instantiate-title">
      <h2 id="instantiate-title">New workflow from {template.name}</h2>
      <label>
        Workflow name
        <input value={name} onChange={(e) => setName(e.target.value)} required maxLength={200} />
      </label>
      <fieldset>
        <legend>Parameters</legend>
        {Object.keys((template.parameters.properties as object | undefined) ?? {}).length ? (
          <SchemaForm idPrefix="param" schema={template.parameters as JsonSchema} value={parameters} onChange={setParameters} />
        ) : (
          <p className="muted small">This template takes none.</p>
        )}
      </fieldset>
      <ProblemAlert problem={problem} />
      <button type="submit" className="primary" disabled={busy}>
        Create workflow
      </button>
    </form>
  );
}
