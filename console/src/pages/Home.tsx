import { api, call, type ProblemDetails } from '../lib/api';
import { ProblemAlert, Status, useLoad } from '../lib/ui';

type Json = Record<string, unknown>;

/** Flattens a metrics object into a few `label: number` pairs. */
function keyMetrics(value: unknown, prefix = '', out: Array<[string, number]> = []): Array<[string, number]> {
  if (!value || typeof value !== 'object' || out.length >= 12) return out;
  for (const [key, item] of Object.entries(value as Json)) {
    if (out.length >= 12) break;
    const label = prefix ? `${prefix} ${key}` : key;
    if (typeof item === 'number') out.push([label, item]);
    else if (item && typeof item === 'object' && !Array.isArray(item) && !prefix) keyMetrics(item, key, out);
  }
  return out;
}

export default function Home() {
  // /health answers 503 with the same body when something is down: show it rather than fail.
  const health = useLoad(async () => (await api.getHealth()).data as { status: string; details: Json } | ProblemDetails, []);
  const alerts = useLoad(() => call<PlatformAlert[]>(api.listAlerts({ state: 'firing' })), []);
  const metrics = useLoad(() => call<object>(api.getDashboardMetrics()), []);
  const details: Json = (health.data && 'details' in health.data ? health.data.details : undefined) ?? {};
  return (
    <section aria-labelledby="home-title">
      <h1 id="home-title">Home</h1>
      <div className="grid">
        <section className="card" aria-labelledby="health-title">
          <h2 id="health-title">Health {health.data && 'status' in health.data ? <Status value={String(health.data.status)} /> : null}</h2>
          <ProblemAlert problem={health.problem} />
          <table>
            <caption className="sr-only">Health of each module and process</caption>
            <thead>
              <tr>
                <th scope="col">Module / process</th>
                <th scope="col">Status</th>
                <th scope="col">Details</th>
              </tr>
            </thead>
            <tbody>
              {Object.entries(details).map(([name, value]) => {
                const { status, ...rest } = (value ?? {}) as Json;
                return (
                  <tr key={name}>
                    <th scope="row">{name}</th>
                    <td>
                      <Status value={String(status ?? 'unknown')} />
                    </td>
                    <td className="small muted">
                      {Object.entries(rest)
                        .map(([k, v]) => `${k}: ${typeof v === 'object' ? JSON.stringify(v) : String(v)}`)
                        .join(' · ')
                        .slice(0, 200)}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
          <button type="button" onClick={health.reload}>
            Refresh
          </button>
        </section>
        <section className="card" aria-labelledby="alerts-title">
          <h2 id="alerts-title">Firing alerts</h2>
          <ProblemAlert problem={alerts.problem} />
          {alerts.data && alerts.data.length === 0 ? <p className="muted">No alert is firing.</p> : null}
          <ul>
            {alerts.data?.map((a) => (
              <li key={a.id}>
                <strong>{a.name}</strong> <Status value={a.state} /> <span className="muted small">{a.metric}</span>
              </li>
            ))}
          </ul>
        </section>
        <section className="card" aria-labelledby="metrics-title">
          <h2 id="metrics-title">Key metrics</h2>
          <ProblemAlert problem={metrics.problem} />
          <dl className="metrics">
            {keyMetrics(metrics.data).map(([label, value]) => (
              <div key={label}>
                <dt>{label}</dt>
                <dd>{Number.isInteger(value) ? value : value.toFixed(3)}</dd>
              </div>
            ))}
          </dl>
        </section>
      </div>
    </section>
  );
}

type PlatformAlert = { id: string; name: string; state: string; metric: string };
