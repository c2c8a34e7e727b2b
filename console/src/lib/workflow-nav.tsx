import { Link } from './router';

export type WorkflowView = 'designer' | 'runs' | 'schedules' | 'versions';
const VIEWS: Array<[WorkflowView, string, string]> = [
  ['designer', 'Designer', ''],
  ['runs', 'Runs', '/runs'],
  ['schedules', 'Schedules', '/schedules'],
  ['versions', 'Versions', '/versions'],
];

/** The views of one workflow, the current one marked for assistive technology. */
export function WorkflowNav({ id, current }: { id: string; current: WorkflowView }) {
  return (
    <nav aria-label="Workflow views" className="subnav">
      <ul>
        {VIEWS.map(([view, label, suffix]) => (
          <li key={view}>
            <Link to={`/workflows/${id}${suffix}`} aria-current={view === current ? 'page' : undefined}>
              {label}
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}

/** How long a run took (or has taken so far), in words a person reads at a glance. */
export function duration(from: string, to: string | null | undefined, now = Date.now()): string {
  const ms = (to ? Date.parse(to) : now) - Date.parse(from);
  if (!Number.isFinite(ms) || ms < 0) return '—';
  if (ms < 1_000) return `${ms} ms`;
  if (ms < 60_000) return `${(ms / 1_000).toFixed(1)} s`;
  if (ms < 3_600_000) return `${Math.floor(ms / 60_000)} min ${Math.round((ms % 60_000) / 1_000)} s`;
  return `${Math.floor(ms / 3_600_000)} h ${Math.round((ms % 3_600_000) / 60_000)} min`;
}
