import { useEffect, useState } from 'react';
import type { PlatformApi } from '@agentic/sdk';
import { api, call } from '../lib/api';
import { Link, navigate } from '../lib/router';
import { TraceLink } from '../lib/trace-link';
import { Pager, ProblemAlert, Status, useAction, useLoad } from '../lib/ui';
import { duration, WorkflowNav } from '../lib/workflow-nav';

const LIMIT = 20;
const REFRESH_MS = 3_000;
const STATUSES = ['queued', 'running', 'waiting', 'succeeded', 'failed', 'canceled'] as const;
type RunStatus = (typeof STATUSES)[number];
const LIVE = new Set<string>(['queued', 'running', 'waiting']);

/** `/workflows/runs` (every workflow's runs) and `/workflows/:id/runs` (one workflow's). */
export default function WorkflowRuns({ params }: { params: Record<string, string> }) {
  const workflowId = params.id;
  const [status, setStatus] = useState<RunStatus | ''>('');
  const [offset, setOffset] = useState(0);
  const list = useLoad(
    () => call<PlatformApi.RunPageDto>(api.listWorkflowRuns({ workflowId, status: status || undefined, limit: LIMIT, offset })),
    [workflowId, status, offset],
  );
  const workflow = useLoad(
    () => (workflowId ? call<PlatformApi.WorkflowResponseDto>(api.getWorkflow(workflowId)) : Promise.resolve(null)),
    [workflowId],
  );
  // The overall list names each workflow on the page (a deleted one keeps its id).
  const ids = [...new Set(list.data?.items.map((r) => r.workflowId) ?? [])].filter((id) => id !== workflowId);
  const names = useLoad(
    async () =>
      new Map(
        await Promise.all(
          ids.map(
            async (id) =>
              [
                id,
                await call<PlatformApi.WorkflowResponseDto>(api.getWorkflow(id)).then(
                  (w) => w.name,
                  () => id,
                ),
              ] as const,
          ),
        ),
      ),
    [ids.join(',')],
  );
  const { reload } = list;
  const moving = list.data?.items.some((r) => LIVE.has(r.status)) ?? false;
  useEffect(() => {
    if (!moving) return;
    const timer = setInterval(reload, REFRESH_MS);
    return () => clearInterval(timer);
  }, [moving, reload]);
  const action = useAction();
  const act = (label: string, request: () => Promise<PlatformApi.RunStartedDto | PlatformApi.RunResponseDto>) =>
    void action.run(async () => {
      const answer = await request();
      setNotice(`${label}: ${'runId' in answer ? `started run ${answer.runId}` : `run ${answer.status}`}`);
      reload();
    });
  const [notice, setNotice] = useState('');
  const title = workflowId ? `Runs of ${workflow.data?.name ?? 'workflow'}` : 'Workflow runs';

  return (
    <section aria-labelledby="runs-title">
      <p>
        <Link to="/workflows">← Workflows</Link>
      </p>
      <h1 id="runs-title">{title}</h1>
      {workflowId ? <WorkflowNav id={workflowId} current="runs" /> : null}
      <div className="row">
        <label>
          Status
          <select
            value={status}
            onChange={(e) => {
              setOffset(0);
              setStatus(e.target.value as RunStatus | '');
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
        <button type="button" onClick={reload}>
          Refresh
        </button>
      </div>
      <p role="status" aria-live="polite" className="muted small" data-testid="runs-notice">
        {notice}
      </p>
      <ProblemAlert problem={list.problem ?? workflow.problem ?? action.problem} />
      <div className="table-scroll" tabIndex={0} role="region" aria-label="Runs table">
        <table data-testid="runs">
          <caption className="sr-only">{title}, newest first</caption>
          <thead>
            <tr>
              <th scope="col">Run</th>
              {workflowId ? null : <th scope="col">Workflow</th>}
              <th scope="col">Version</th>
              <th scope="col">Status</th>
              <th scope="col">Trigger</th>
              <th scope="col">Started</th>
              <th scope="col">Duration</th>
              <th scope="col">Actions</th>
            </tr>
          </thead>
          <tbody>
            {list.data?.items.map((r) => (
              <tr key={r.id} data-run-id={r.id}>
                <th scope="row">
                  <Link to={`/workflows/${r.workflowId}?run=${r.id}`} aria-label={`Open run ${r.id.slice(0, 8)} in the designer`}>
                    <code>{r.id.slice(0, 8)}</code>
                  </Link>
                </th>
                {workflowId ? null : (
                  <td>
                    <Link to={`/workflows/${r.workflowId}/runs`}>{names.data?.get(r.workflowId) ?? r.workflowId.slice(0, 8)}</Link>
                  </td>
                )}
                <td>{r.version}</td>
                <td>
                  <Status value={r.status} />
                </td>
                <td className="small">{r.trigger}</td>
                <td className="small">{new Date(r.createdAt).toLocaleString()}</td>
                <td className="small">{duration(r.createdAt, r.finishedAt)}</td>
                <td className="actions-cell">
                  <TraceLink runId={r.id} />{' '}
                  {LIVE.has(r.status) ? (
                    <button type="button" disabled={action.busy} onClick={() => act('Cancel', () => call(api.cancelWorkflowRun(r.id)))}>
                      Cancel
                    </button>
                  ) : (
                    // Offered on every finished run: the platform says why when it refuses (a succeeded run is not retried).
                    <>
                      <button type="button" disabled={action.busy} onClick={() => act('Retry', () => call(api.retryWorkflowRun(r.id)))}>
                        Retry
                      </button>
                      <RerunForm
                        runId={r.id}
                        disabled={action.busy}
                        onRerun={(fromStep) => act('Re-run', () => call(api.rerunWorkflowRun(r.id, { fromStep })))}
                      />
                    </>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {list.data && list.data.items.length === 0 ? <p className="muted">No runs{status ? ` with status ${status}` : ''}.</p> : null}
      <Pager offset={offset} limit={LIMIT} total={list.data?.total} onChange={setOffset} />
      {workflowId ? (
        <p>
          <button type="button" onClick={() => navigate('/workflows/runs')}>
            All workflows&apos; runs
          </button>
        </p>
      ) : null}
    </section>
  );
}

/** Re-run from a step: it and every step after it run again on the current version. */
function RerunForm({ runId, disabled, onRerun }: { runId: string; disabled: boolean; onRerun: (fromStep: string) => void }) {
  const [fromStep, setFromStep] = useState('');
  const id = `rerun-${runId}`;
  return (
    <form
      className="inline"
      onSubmit={(e) => {
        e.preventDefault();
        onRerun(fromStep.trim());
      }}
    >
      <label htmlFor={id} className="sr-only">
        Re-run run {runId.slice(0, 8)} from step
      </label>
      <input id={id} value={fromStep} onChange={(e) => setFromStep(e.target.value)} placeholder="from step" size={10} required />
      <button type="submit" disabled={disabled}>
        Re-run
      </button>
    </form>
  );
}
