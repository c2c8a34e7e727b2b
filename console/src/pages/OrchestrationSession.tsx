import {
  Background,
  Controls,
  Handle,
  MarkerType,
  Position,
  ReactFlow,
  ReactFlowProvider,
  type Edge,
  type Node,
  type NodeProps,
} from '@xyflow/react';
import '@xyflow/react/dist/style.css';
import { memo, useEffect, useMemo } from 'react';
import type { PlatformApi } from '@agentic/sdk';
import { api, call } from '../lib/api';
import { buildPlanGraph, candidatesOf, isLive, stateColour, type PlacedTask } from '../lib/plan';
import { Link } from '../lib/router';
import { ProblemAlert, Status, useAction, useLoad } from '../lib/ui';

type TaskNode = Node<{ placed: PlacedTask }, 'task'>;

const REFRESH_MS = 1_500;
const LEGEND = ['pending', 'assigned', 'running', 'succeeded', 'failed'];

const TaskNodeView = memo(function TaskNodeView({ data }: NodeProps<TaskNode>) {
  const { task, agentName } = data.placed;
  return (
    <div className="plan-node" data-state={task.state} data-task={task.id} style={{ borderColor: stateColour(task.state) }}>
      <Handle type="target" position={Position.Left} isConnectable={false} />
      <strong>{task.title}</strong>
      <span className="small">{agentName ?? 'unrouted'}</span>
      <span className="small muted">{task.state}</span>
      <Handle type="source" position={Position.Right} isConnectable={false} />
    </div>
  );
});
const NODE_TYPES = { task: TaskNodeView };

export default function OrchestrationSessionPage({ params }: { params: Record<string, string> }) {
  return (
    <ReactFlowProvider>
      <OrchestrationSession id={params.id} />
    </ReactFlowProvider>
  );
}

function OrchestrationSession({ id }: { id: string }) {
  const session = useLoad(() => call<PlatformApi.SessionResponseDto>(api.getOrchestration(id)), [id]);
  const agents = useLoad(() => call<PlatformApi.AssignedAgentDto[]>(api.listSessionAgents(id)), [id]);
  const cancel = useAction();
  const live = isLive(session.data?.status);
  const { reload: reloadSession } = session;
  const { reload: reloadAgents } = agents;
  // Live while planning or running: re-read the session and its assignments until it ends.
  useEffect(() => {
    if (!live) return;
    const timer = setInterval(() => {
      reloadSession();
      reloadAgents();
    }, REFRESH_MS);
    return () => clearInterval(timer);
  }, [live, reloadSession, reloadAgents]);

  const s = session.data;
  return (
    <section aria-labelledby="session-title">
      <p>
        <Link to="/orchestration">← Orchestration</Link>
      </p>
      <h1 id="session-title">Session</h1>
      <ProblemAlert problem={session.problem ?? agents.problem ?? cancel.problem} />
      {s ? (
        <>
          <p className="session-goal">{s.goal}</p>
          <div className="row">
            <span role="status" data-testid="session-status" data-status={s.status}>
              <Status value={s.status} />
              {live ? <span className="muted small"> · refreshing every {REFRESH_MS / 1000} s</span> : null}
            </span>
            {s.traceId ? <Link to={`/traces/${s.traceId}`}>Open trace</Link> : <span className="muted small">no trace recorded</span>}
            {s.workflowId ? <Link to={`/workflows/${s.workflowId}`}>Plan workflow</Link> : null}
            {live ? (
              <button
                type="button"
                disabled={cancel.busy}
                onClick={() =>
                  void cancel.run(async () => session.setData(await call<PlatformApi.SessionResponseDto>(api.cancelOrchestration(id))))
                }
              >
                Cancel session
              </button>
            ) : null}
          </div>
          <dl className="metrics">
            <div>
              <dt>Tasks</dt>
              <dd>{s.plan.length}</dd>
            </div>
            <div>
              <dt>Planner tokens</dt>
              <dd>{s.tokensUsed}</dd>
            </div>
            <div>
              <dt>Re-plans</dt>
              <dd>{s.replans}</dd>
            </div>
            <div>
              <dt>Started</dt>
              <dd>{new Date(s.createdAt).toLocaleTimeString()}</dd>
            </div>
          </dl>
          {s.error ? (
            <div role="alert" className="problem">
              <strong>The session failed</strong>
              <p>{describe(s.error)}</p>
            </div>
          ) : null}
          <PlanGraph session={s} assignments={agents.data ?? []} />
          <div className="grid two">
            <Ledger ledger={s.ledger} />
            <Tasks plan={s.plan} />
          </div>
          <Routing assignments={agents.data ?? []} />
        </>
      ) : null}
    </section>
  );
}

function PlanGraph({ session, assignments }: { session: PlatformApi.SessionResponseDto; assignments: PlatformApi.AssignedAgentDto[] }) {
  const { nodes, edges } = useMemo(() => {
    const graph = buildPlanGraph(session.plan, assignments);
    const nodes: TaskNode[] = graph.nodes.map((placed) => ({
      id: placed.task.id,
      type: 'task',
      position: placed.position,
      data: { placed },
      ariaLabel: `Task ${placed.task.title}, ${placed.task.state}${placed.agentName ? `, by ${placed.agentName}` : ''}`,
      draggable: false,
      connectable: false,
    }));
    const edges: Edge[] = graph.edges.map((e) => ({
      id: e.id,
      source: e.source,
      target: e.target,
      animated: e.state === 'running',
      markerEnd: { type: MarkerType.ArrowClosed },
      focusable: false,
    }));
    return { nodes, edges };
  }, [session.plan, assignments]);
  return (
    <section className="card" aria-labelledby="plan-title">
      <h2 id="plan-title">Plan</h2>
      <p className="legend" aria-label="Legend">
        {LEGEND.map((state) => (
          <span key={state}>
            <span className="swatch" style={{ background: stateColour(state) }} />
            {state}
          </span>
        ))}
      </p>
      {session.plan.length === 0 ? <p className="muted">No plan yet.</p> : null}
      <div className="plan-canvas" data-testid="plan-canvas">
        <ReactFlow<TaskNode>
          nodes={nodes}
          edges={edges}
          nodeTypes={NODE_TYPES}
          nodesDraggable={false}
          nodesConnectable={false}
          fitView
          minZoom={0.3}
          maxZoom={1}
          colorMode={document.documentElement.dataset.theme === 'dark' ? 'dark' : 'light'}
          aria-label="Plan graph: tasks and their dependencies"
        >
          <Background />
          <Controls showInteractive={false} />
        </ReactFlow>
      </div>
    </section>
  );
}

function Ledger({ ledger }: { ledger: PlatformApi.LedgerDto }) {
  return (
    <section className="card" aria-labelledby="ledger-title" data-testid="ledger">
      <h2 id="ledger-title">Ledger</h2>
      <h3>Facts</h3>
      {ledger.facts.length ? (
        <ul>
          {ledger.facts.map((f, i) => (
            <li key={i}>{f}</li>
          ))}
        </ul>
      ) : (
        <p className="muted">None recorded.</p>
      )}
      <h3>Guesses</h3>
      {ledger.guesses.length ? (
        <ul>
          {ledger.guesses.map((g, i) => (
            <li key={i}>{g}</li>
          ))}
        </ul>
      ) : (
        <p className="muted">None recorded.</p>
      )}
      <h3>Progress</h3>
      <div className="table-scroll" tabIndex={0} role="region" aria-label="Progress ledger">
        <table>
          <caption className="sr-only">Progress ledger, oldest first</caption>
          <thead>
            <tr>
              <th scope="col">Time</th>
              <th scope="col">Event</th>
              <th scope="col">Detail</th>
            </tr>
          </thead>
          <tbody>
            {ledger.progress.map((e, i) => (
              <tr key={i}>
                <td className="small">{new Date(e.at).toLocaleTimeString()}</td>
                <td className="mono small keep">{e.event}</td>
                <td className="small wrap">{e.detail}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

function Tasks({ plan }: { plan: PlatformApi.PlannedTaskDto[] }) {
  return (
    <section className="card" aria-labelledby="tasks-title">
      <h2 id="tasks-title">Tasks</h2>
      <table>
        <caption className="sr-only">Tasks of the plan with their answers</caption>
        <thead>
          <tr>
            <th scope="col">Task</th>
            <th scope="col">State</th>
            <th scope="col">Answer</th>
          </tr>
        </thead>
        <tbody>
          {plan.map((t) => (
            <tr key={t.id}>
              <th scope="row">
                {t.title}
                <br />
                <span className="mono muted small">
                  {t.id}
                  {t.capability ? ` · ${t.capability}` : ''}
                  {t.dependsOn.length ? ` · after ${t.dependsOn.join(', ')}` : ''}
                </span>
              </th>
              <td>
                <Status value={t.state} />
              </td>
              <td className="small">{t.output === undefined ? '—' : describe(t.output)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

/** Who the router chose for each task and every candidate it weighed, with the score breakdown. */
function Routing({ assignments }: { assignments: PlatformApi.AssignedAgentDto[] }) {
  return (
    <section className="card" aria-labelledby="routing-title" data-testid="routing">
      <h2 id="routing-title">Routing</h2>
      {assignments.length === 0 ? <p className="muted">No task routed yet.</p> : null}
      {assignments.map((a, i) => {
        const candidates = candidatesOf(a.score);
        return (
          <div key={`${a.taskId}-${i}`} className="routing">
            <h3>
              {a.role} → <Link to={`/agents/${a.agentId}`}>{a.agentName}</Link> <Status value={a.state} />
            </h3>
            <p className="small muted">{a.reason}</p>
            <div className="table-scroll" tabIndex={0} role="region" aria-label={`Candidates for ${a.role}`}>
              <table>
                <caption className="sr-only">Candidates for task {a.role}, best first</caption>
                <thead>
                  <tr>
                    <th scope="col">Agent</th>
                    <th scope="col">Total</th>
                    <th scope="col">Match</th>
                    <th scope="col">Health</th>
                    <th scope="col">Load (in flight)</th>
                    <th scope="col">Success</th>
                  </tr>
                </thead>
                <tbody>
                  {candidates.map((c) => (
                    <tr key={c.agentId} data-chosen={c.chosen || undefined}>
                      <th scope="row">
                        {c.name}
                        {c.chosen ? <strong className="small"> (chosen)</strong> : null}
                      </th>
                      <td data-testid="score-total">{c.total.toFixed(3)}</td>
                      <td>{c.match.toFixed(2)}</td>
                      <td>{c.health.toFixed(2)}</td>
                      <td>
                        {c.load.toFixed(2)} ({c.inFlight})
                      </td>
                      <td>{c.success.toFixed(2)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            {a.error ? <p className="small">Error: {a.error}</p> : null}
          </div>
        );
      })}
    </section>
  );
}

function describe(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value && typeof value === 'object' && 'message' in value) return String((value as { message: unknown }).message);
  return JSON.stringify(value);
}
