import { useState, type MouseEvent } from 'react';
import type { PlatformApi } from '@agentic/sdk';
import { api, call, toProblem, type ProblemDetails } from './api';
import { navigate } from './router';
import { ProblemAlert } from './ui';

/**
 * "Trace" for a record that knows its run (a workflow run id, an A2A task id) but not its trace id: the click asks
 * GET /api/traces?runId= for the newest trace naming the run and opens it. Without script (or a middle click) the
 * link is the filtered trace list.
 */
export function TraceLink({ runId, label = 'Trace' }: { runId: string; label?: string }) {
  const [problem, setProblem] = useState<ProblemDetails | null>(null);
  const [busy, setBusy] = useState(false);
  const href = `/traces?runId=${encodeURIComponent(runId)}`;
  const open = async (event: MouseEvent<HTMLAnchorElement>) => {
    if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    setBusy(true);
    setProblem(null);
    try {
      const page = await call<PlatformApi.TraceListDto>(api.listTraces({ runId, limit: 1 }));
      const traceId = page.items[0]?.traceId;
      if (traceId) navigate(`/traces/${traceId}`);
      else setProblem({ type: 'about:blank', title: 'No trace stored for this run yet', status: 404, code: 'TRACE_NOT_FOUND' });
    } catch (error) {
      setProblem(toProblem(error));
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <a href={href} onClick={(e) => void open(e)} aria-busy={busy || undefined} data-run-id={runId}>
        {label}
      </a>
      <ProblemAlert problem={problem} />
    </>
  );
}
