import { useCallback, useEffect, useState } from 'react';
import { toProblem, type ProblemDetails } from './api';

/** Shows an API problem: title, detail, code, field errors and the error id of a 500. */
export function ProblemAlert({ problem }: { problem: ProblemDetails | null | undefined }) {
  if (!problem) return null;
  return (
    <div role="alert" className="problem" data-code={problem.code}>
      <strong>{problem.title}</strong>
      {problem.status ? <span className="muted"> ({problem.status})</span> : null}
      {problem.detail && problem.detail !== problem.title ? <p>{problem.detail}</p> : null}
      {problem.errors?.length ? (
        <ul>
          {problem.errors.map((e) => (
            <li key={e.field}>
              <code>{e.field}</code>: {e.messages.join('; ')}
            </li>
          ))}
        </ul>
      ) : null}
      <p className="muted small">
        <code>{problem.code}</code>
        {problem.errorId ? <> · error id {problem.errorId}</> : null}
      </p>
    </div>
  );
}

/** Loads data with an async function, re-running when deps change; keeps the problem of a failure. */
export function useLoad<T>(load: () => Promise<T>, deps: unknown[]) {
  const [data, setData] = useState<T | undefined>(undefined);
  const [problem, setProblem] = useState<ProblemDetails | null>(null);
  const [loading, setLoading] = useState(true);
  const run = useCallback(load, deps);
  const reload = useCallback(() => {
    setLoading(true);
    run().then(
      (value) => {
        setData(value);
        setProblem(null);
        setLoading(false);
      },
      (error: unknown) => {
        setProblem(toProblem(error));
        setLoading(false);
      },
    );
  }, [run]);
  useEffect(reload, [reload]);
  return { data, problem, loading, reload, setData };
}

/** Runs an action, keeping its busy state and problem. */
export function useAction() {
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<ProblemDetails | null>(null);
  const run = useCallback(async <T,>(action: () => Promise<T>): Promise<T | undefined> => {
    setBusy(true);
    setProblem(null);
    try {
      return await action();
    } catch (error) {
      setProblem(toProblem(error));
      return undefined;
    } finally {
      setBusy(false);
    }
  }, []);
  return { busy, problem, run, setProblem };
}

export function Pager({
  offset,
  limit,
  total,
  hasMore,
  onChange,
}: {
  offset: number;
  limit: number;
  total?: number;
  hasMore?: boolean;
  onChange: (offset: number) => void;
}) {
  const more = hasMore ?? (total !== undefined ? offset + limit < total : false);
  return (
    <nav className="pager" aria-label="Pagination">
      <button type="button" disabled={offset === 0} onClick={() => onChange(Math.max(0, offset - limit))}>
        Previous
      </button>
      <span aria-live="polite">
        {total !== undefined ? `${total === 0 ? 0 : offset + 1}–${Math.min(offset + limit, total)} of ${total}` : `from ${offset + 1}`}
      </span>
      <button type="button" disabled={!more} onClick={() => onChange(offset + limit)}>
        Next
      </button>
    </nav>
  );
}

export function Status({ value }: { value: string }) {
  return <span className={`status status-${value}`}>{value}</span>;
}

/** A destructive action that asks once more in place, without a modal dialog. */
export function ConfirmButton({
  label,
  onConfirm,
  disabled,
  children = 'Delete',
}: {
  /** Accessible name of the first button, e.g. "Delete docs". */
  label: string;
  onConfirm: () => void;
  disabled?: boolean;
  children?: React.ReactNode;
}) {
  const [asking, setAsking] = useState(false);
  if (!asking)
    return (
      <button type="button" onClick={() => setAsking(true)} disabled={disabled} aria-label={label}>
        {children}
      </button>
    );
  return (
    <span className="confirm" role="group" aria-label={`${label}?`}>
      <button
        type="button"
        className="danger"
        disabled={disabled}
        onClick={() => {
          setAsking(false);
          onConfirm();
        }}
      >
        Confirm: {label.charAt(0).toLowerCase() + label.slice(1)}
      </button>
      <button type="button" onClick={() => setAsking(false)}>
        Cancel
      </button>
    </span>
  );
}
