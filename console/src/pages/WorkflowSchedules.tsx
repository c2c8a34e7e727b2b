import { useState, type FormEvent } from 'react';
import type { PlatformApi } from '@agentic/sdk';
import { api, call } from '../lib/api';
import { Link } from '../lib/router';
import { ProblemAlert, Status, useAction, useLoad } from '../lib/ui';
import { WorkflowNav } from '../lib/workflow-nav';

type Schedule = PlatformApi.ScheduleResponseDto;
/** The browser's own zone first: the cron is read in the zone chosen here. */
const ZONES = (() => {
  const here = Intl.DateTimeFormat().resolvedOptions().timeZone;
  const all = typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : [];
  return [...new Set(['UTC', here, ...all])];
})();

/** `/workflows/:id/schedules`: cron schedules of one workflow, their next fires, pause/resume, delete and past fires. */
export default function WorkflowSchedules({ params }: { params: Record<string, string> }) {
  const workflowId = params.id;
  const workflow = useLoad(() => call<PlatformApi.WorkflowResponseDto>(api.getWorkflow(workflowId)), [workflowId]);
  const list = useLoad(() => call<Schedule[]>(api.listSchedules({ workflowId })), [workflowId]);
  const action = useAction();
  const [notice, setNotice] = useState('');
  const act = (label: string, request: () => Promise<unknown>) =>
    void action.run(async () => {
      await request();
      setNotice(label);
      list.reload();
    });

  return (
    <section aria-labelledby="schedules-title">
      <p>
        <Link to="/workflows">← Workflows</Link>
      </p>
      <h1 id="schedules-title">Schedules of {workflow.data?.name ?? 'workflow'}</h1>
      <WorkflowNav id={workflowId} current="schedules" />
      <ProblemAlert problem={workflow.problem ?? list.problem} />
      <div className="grid two">
        <section className="card" aria-labelledby="schedule-list-title">
          <h2 id="schedule-list-title">Schedules</h2>
          <p role="status" aria-live="polite" className="muted small" data-testid="schedules-notice">
            {notice}
          </p>
          <ProblemAlert problem={action.problem} />
          {list.data?.length === 0 ? <p className="muted">No schedules yet.</p> : null}
          <ul className="schedules" data-testid="schedules">
            {list.data?.map((s) => (
              <li key={s.id} className="card" data-schedule-id={s.id}>
                <h3 id={`schedule-${s.id}`}>
                  {s.name} <Status value={s.paused ? 'paused' : 'active'} />
                </h3>
                <p className="small">
                  <code>{s.cron}</code> in {s.timezone} · overlap {s.overlap} · catch-up {s.catchup}
                </p>
                <p className="small" data-testid="next-fire">
                  {s.paused ? (
                    'Paused: no next fire'
                  ) : s.nextFires.length ? (
                    <>Next fire {new Date(s.nextFires[0]).toLocaleString()}</>
                  ) : (
                    'No next fire'
                  )}
                  {s.nextFires.length > 1 ? (
                    <span className="muted">
                      {' '}
                      (then{' '}
                      {s.nextFires
                        .slice(1)
                        .map((f) => new Date(f).toLocaleString())
                        .join(', ')}
                      )
                    </span>
                  ) : null}
                </p>
                <div className="row">
                  {s.paused ? (
                    <button
                      type="button"
                      disabled={action.busy}
                      onClick={() => act(`Resumed ${s.name}`, () => call(api.resumeSchedule(s.id)))}
                    >
                      Resume {s.name}
                    </button>
                  ) : (
                    <button
                      type="button"
                      disabled={action.busy}
                      onClick={() => act(`Paused ${s.name}`, () => call(api.pauseSchedule(s.id)))}
                    >
                      Pause {s.name}
                    </button>
                  )}
                  <button
                    type="button"

                    disabled={action.busy}
                    onClick={() => {
                      if (window.confirm(`Delete schedule ${s.name}? Its past runs stay.`))
                        act(`Deleted ${s.name}`, () => call(api.deleteSchedule(s.id)));
                    }}
                  >
                    Delete {s.name}
                  </button>
                </div>
                <Fires scheduleId={s.id} name={s.name} />
              </li>
            ))}
          </ul>
        </section>
        <CreateSchedule workflowId={workflowId} onCreated={(s) => (setNotice(`Created ${s.name}`), list.reload())} />
      </div>
    </section>
  );
}

/** The schedule's ticks, newest first, loaded when opened. */
function Fires({ scheduleId, name }: { scheduleId: string; name: string }) {
  const [open, setOpen] = useState(false);
  return (
    <details onToggle={(e) => setOpen((e.target as HTMLDetailsElement).open)}>
      <summary>Recent fires of {name}</summary>
      {open ? <FireTable scheduleId={scheduleId} /> : null}
    </details>
  );
}

function FireTable({ scheduleId }: { scheduleId: string }) {
  const fires = useLoad(() => call<PlatformApi.ScheduleFireDto[]>(api.listScheduleFires(scheduleId)), [scheduleId]);
  if (fires.problem) return <ProblemAlert problem={fires.problem} />;
  if (!fires.data) return <p aria-busy="true">Loading…</p>;
  if (fires.data.length === 0) return <p className="muted small">It has not fired yet.</p>;
  return (
    <table>
      <caption className="sr-only">Fires, newest first</caption>
      <thead>
        <tr>
          <th scope="col">Tick</th>
          <th scope="col">Outcome</th>
          <th scope="col">Run or reason</th>
        </tr>
      </thead>
      <tbody>
        {fires.data.slice(0, 20).map((f) => (
          <tr key={`${f.tickAt}-${f.runId ?? ''}`}>
            <td className="small">{new Date(f.tickAt).toLocaleString()}</td>
            <td>
              <Status value={f.outcome} />
            </td>
            <td className="small">{f.runId ? <code>{f.runId.slice(0, 8)}</code> : (f.reason ?? '—')}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** POST /api/schedules: a cron (five fields, or six with seconds) read in a time zone, with overlap and catch-up policies. */
function CreateSchedule({ workflowId, onCreated }: { workflowId: string; onCreated: (s: Schedule) => void }) {
  const [form, setForm] = useState({ name: '', cron: '0 9 * * 1-5', timezone: 'UTC', overlap: 'skip', catchup: 'once' });
  const { busy, problem, run } = useAction();
  const set = (key: keyof typeof form) => (e: { target: { value: string } }) => setForm((f) => ({ ...f, [key]: e.target.value }));
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void run(async () => {
      const created = await call<Schedule>(
        api.createSchedule({
          workflowId,
          name: form.name || undefined,
          cron: form.cron,
          timezone: form.timezone,
          overlap: form.overlap as Schedule['overlap'],
          catchup: form.catchup as Schedule['catchup'],
        }),
      );
      onCreated(created);
    });
  };
  return (
    <form className="card" onSubmit={submit} aria-labelledby="new-schedule-title">
      <h2 id="new-schedule-title">New schedule</h2>
      <label>
        Schedule name
        <input value={form.name} onChange={set('name')} maxLength={200} placeholder="empty: named after the cron" />
      </label>
      <label>
        Cron
        <input value={form.cron} onChange={set('cron')} required maxLength={120} aria-describedby="cron-hint" className="mono" />
      </label>
      <small id="cron-hint" className="muted">
        minute hour day month weekday (a sixth field first for seconds), e.g. <code>*/15 * * * *</code>
      </small>
      <label>
        Time zone
        <input value={form.timezone} onChange={set('timezone')} list="time-zones" required maxLength={64} />
      </label>
      <datalist id="time-zones">
        {ZONES.map((z) => (
          <option key={z} value={z} />
        ))}
      </datalist>
      <label>
        While the previous run is going
        <select value={form.overlap} onChange={set('overlap')}>
          <option value="skip">skip the tick</option>
          <option value="queue">queue it</option>
          <option value="allow">run both</option>
        </select>
      </label>
      <label>
        Ticks missed while down
        <select value={form.catchup} onChange={set('catchup')}>
          <option value="skip">skip them</option>
          <option value="once">run once</option>
          <option value="all">run each</option>
        </select>
      </label>
      <ProblemAlert problem={problem} />
      <button type="submit" className="primary" disabled={busy}>
        Create schedule
      </button>
    </form>
  );
}
