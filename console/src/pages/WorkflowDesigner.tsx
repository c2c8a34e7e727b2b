import {
  addEdge,
  Background,
  Controls,
  Handle,
  MiniMap,
  Position,
  ReactFlow,
  ReactFlowProvider,
  useEdgesState,
  useNodesState,
  useReactFlow,
  type Connection,
  type Edge,
  type FinalConnectionState,
  type Node,
  type NodeProps,
} from '@xyflow/react';
import '@xyflow/react/dist/style.css';
import { memo, useCallback, useEffect, useMemo, useRef, useState, type DragEvent } from 'react';
import type { PlatformApi } from '@agentic/sdk';
import { api, call, readEventStream, toProblem, type ProblemDetails } from '../lib/api';
import { Link } from '../lib/router';
import { TraceLink } from '../lib/trace-link';
import { ProblemAlert, useAction, useLoad } from '../lib/ui';
import { WorkflowNav } from '../lib/workflow-nav';
import {
  connectionIssue,
  defaultConfig,
  definitionIssues,
  fromDefinition,
  nextStepId,
  placeNodes,
  savedDefinition,
  STEP_KINDS,
  type DefinitionRest,
  type StepData,
  type StepKind,
} from '../designer/graph';
import { SchemaForm } from '../designer/SchemaForm';
import { stepJsonSchema } from '../designer/stepSchema';

type StepNode = Node<StepData, 'step'>;
const DRAG_TYPE = 'application/x-step-kind';
/** The overlay's words: a succeeded step or run reads "completed". */
const shown = (status?: string) => (status === 'succeeded' ? 'completed' : status);

const StepNodeView = memo(function StepNodeView({ id, data, selected }: NodeProps<StepNode>) {
  const status = shown(data.status);
  return (
    <div className={`step-node${selected ? ' selected' : ''}`} data-status={status ?? 'idle'}>
      <Handle type="target" position={Position.Top} />
      <div className="step-kind">{data.kind}</div>
      <div className="step-id">{(data.config.name as string | undefined) ?? id}</div>
      {status ? (
        <div className={`step-status status status-${status}`} data-testid={`status-${id}`}>
          {status}
        </div>
      ) : null}
      <Handle type="source" position={Position.Bottom} />
    </div>
  );
});
const NODE_TYPES = { step: StepNodeView };

/**
 * `/workflows/new`, `/workflows/:id` (the current version, editable; `?run=` overlays that run) and
 * `/workflows/:id/versions/:version` (an older version, read-only).
 */
export default function WorkflowDesignerPage({ params }: { params: Record<string, string> }) {
  const runParam = new URLSearchParams(window.location.search).get('run') ?? undefined;
  return (
    <ReactFlowProvider>
      <WorkflowDesigner workflowId={params.id} version={params.version ? Number(params.version) : undefined} openRun={runParam} />
    </ReactFlowProvider>
  );
}

type Run = PlatformApi.RunResponseDto;

function WorkflowDesigner({ workflowId: initialId, version, openRun }: { workflowId?: string; version?: number; openRun?: string }) {
  const [workflowId, setWorkflowId] = useState(initialId);
  const [name, setName] = useState('');
  const [nodes, setNodes, onNodesChange] = useNodesState<StepNode>([]);
  const [edges, setEdges, onEdgesChange] = useEdgesState<Edge>([]);
  const [rest, setRest] = useState<DefinitionRest>({});
  // An older version (or a run of one) is shown as it was: nothing to drag, connect or save.
  const [readOnly, setReadOnly] = useState<number | null>(null);
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const [notice, setNotice] = useState('');
  const [problem, setProblem] = useState<ProblemDetails | null>(null);
  const [run, setRun] = useState<Run | null>(null);
  const [busy, setBusy] = useState(false);
  const flow = useReactFlow();
  const abort = useRef<AbortController | null>(null);

  const loaded = useLoad(async () => {
    if (!initialId) return null;
    const workflow = await call<PlatformApi.WorkflowResponseDto>(api.getWorkflow(initialId));
    const opened = openRun ? await call<Run>(api.getWorkflowRun(openRun)) : null;
    const shownVersion = version ?? opened?.version ?? workflow.version;
    let definition = workflow.definition;
    if (shownVersion !== workflow.version) {
      const versions = await call<PlatformApi.WorkflowVersionDto[]>(api.listWorkflowVersions(initialId));
      const older = versions.find((v) => v.version === shownVersion);
      if (!older) throw new Error(`Workflow ${workflow.name} has no version ${shownVersion}`);
      definition = older.definition;
      setReadOnly(shownVersion);
    }
    const graph = fromDefinition(definition as { steps: Array<Record<string, unknown>> });
    const positions = placeNodes(graph.nodes, graph.edges, graph.saved);
    setName(workflow.name);
    setRest(graph.rest);
    setNodes(graph.nodes.map((n) => ({ id: n.id, type: 'step', position: positions.get(n.id)!, data: n.data })));
    setEdges(graph.edges.map((e) => ({ id: `${e.source}->${e.target}`, ...e })));
    requestAnimationFrame(() => void flow.fitView());
    if (opened) requestAnimationFrame(() => void follow(opened.id));
    return workflow;
  }, [initialId, version, openRun]);
  useEffect(() => () => abort.current?.abort(), []);

  const addStep = useCallback(
    (kind: StepKind, position?: { x: number; y: number }) => {
      setNodes((all) => {
        const id = nextStepId(
          kind,
          all.map((n) => n.id),
        );
        const at = position ?? { x: 40 + (all.length % 4) * 220, y: 40 + Math.floor(all.length / 4) * 120 };
        setNotice(`Added step ${id}`);
        return [...all, { id, type: 'step', position: at, data: { kind, config: defaultConfig(kind) } }];
      });
    },
    [setNodes],
  );

  const onDrop = (event: DragEvent) => {
    event.preventDefault();
    const kind = event.dataTransfer.getData(DRAG_TYPE) as StepKind;
    if (!STEP_KINDS.includes(kind)) return;
    addStep(kind, flow.screenToFlowPosition({ x: event.clientX - 80, y: event.clientY - 25 }));
  };

  const isValidConnection = useCallback(
    (c: Connection | Edge) => connectionIssue(flow.getNodes() as StepNode[], flow.getEdges(), c) === null,
    [flow],
  );
  const onConnect = useCallback(
    (c: Connection) => {
      setEdges((all) => addEdge({ ...c, id: `${c.source}->${c.target}` }, all));
      setNotice(`${c.target} now needs ${c.source}`);
    },
    [setEdges],
  );
  const onConnectEnd = useCallback(
    (_event: MouseEvent | TouchEvent, state: FinalConnectionState) => {
      if (state.isValid || !state.fromNode || !state.toNode) return;
      const [source, target] =
        state.fromHandle?.type === 'target' ? [state.toNode.id, state.fromNode.id] : [state.fromNode.id, state.toNode.id];
      setNotice(`Connection refused: ${connectionIssue(flow.getNodes() as StepNode[], flow.getEdges(), { source, target }) ?? 'invalid'}`);
    },
    [flow],
  );

  /** The keyboard's way to connect: a checkbox per step in the inspector, checked through the same validator. */
  const toggleNeed = (source: string, target: string, on: boolean) => {
    if (!on) {
      setEdges((all) => all.filter((e) => !(e.source === source && e.target === target)));
      setNotice(`${target} no longer needs ${source}`);
      return;
    }
    const issue = connectionIssue(flow.getNodes() as StepNode[], flow.getEdges(), { source, target });
    if (issue) setNotice(`Connection refused: ${issue}`);
    else onConnect({ source, target, sourceHandle: null, targetHandle: null });
  };
  const selected = nodes.find((n) => n.id === selectedId);
  const schema = useMemo(() => (selected ? stepJsonSchema(selected.data.kind) : null), [selected?.data.kind]);
  // Validated again only when a step's id or data or an edge changed: dragging (positions only) costs nothing.
  const issuesCache = useRef<{ data: unknown[]; edges: Edge[]; rest: DefinitionRest; issues: ReturnType<typeof definitionIssues> } | null>(
    null,
  );
  const stepData = nodes.map((n) => n.data);
  const cached = issuesCache.current;
  if (
    !cached ||
    cached.edges !== edges ||
    cached.rest !== rest ||
    cached.data.length !== stepData.length ||
    cached.data.some((d, i) => d !== stepData[i])
  )
    issuesCache.current = { data: stepData, edges, rest, issues: nodes.length ? definitionIssues(nodes, edges, rest) : [] };
  const issues = issuesCache.current!.issues;
  const updateConfig = (config: Record<string, unknown>) =>
    setNodes((all) => all.map((n) => (n.id === selectedId ? { ...n, data: { ...n.data, config } } : n)));

  const save = async (): Promise<string | undefined> => {
    setProblem(null);
    // The positions go along: the designer opens where it was left.
    const definition = savedDefinition(flow.getNodes() as StepNode[], edges, rest);
    try {
      if (workflowId) {
        await call(api.updateWorkflow(workflowId, { name, definition }));
        setNotice('Saved');
        return workflowId;
      }
      const created = await call<PlatformApi.WorkflowResponseDto>(api.createWorkflow({ name, definition }));
      setWorkflowId(created.id);
      history.replaceState(null, '', `/workflows/${created.id}`);
      setNotice('Saved');
      return created.id;
    } catch (error) {
      setProblem(toProblem(error));
      return undefined;
    }
  };

  const setStatuses = (next: Run) => {
    const byPath = new Map(next.steps.map((s) => [s.path, s.status]));
    // A step the run has not reached yet is pending while the run goes on, and unmarked once it ended.
    const live = ['queued', 'running', 'waiting'].includes(next.status);
    const statusOf = (id: string) => byPath.get(id) ?? (live ? 'pending' : undefined);
    setNodes((all) => all.map((n) => (n.data.status === statusOf(n.id) ? n : { ...n, data: { ...n.data, status: statusOf(n.id) } })));
    setRun(next);
  };

  /** Follows a run until its stream ends: each journal event from its SSE stream refreshes the overlay from the run's state. */
  const follow = async (runId: string) => {
    abort.current?.abort();
    const controller = new AbortController();
    abort.current = controller;
    setBusy(true);
    try {
      setStatuses(await call<Run>(api.getWorkflowRun(runId)));
      let pending: Promise<void> | null = null;
      const refresh = () =>
        (pending ??= call<Run>(api.getWorkflowRun(runId))
          .then((next) => {
            if (!controller.signal.aborted) setStatuses(next);
          })
          .finally(() => (pending = null)));
      await readEventStream(`/api/workflows/runs/${runId}/stream`, () => void refresh(), controller.signal).catch((error: unknown) => {
        if (!controller.signal.aborted) throw error;
      });
      await pending;
      if (!controller.signal.aborted) setStatuses(await call<Run>(api.getWorkflowRun(runId)));
    } catch (error) {
      setProblem(toProblem(error));
    } finally {
      if (abort.current === controller) setBusy(false);
    }
  };

  const runNow = async () => {
    setBusy(true);
    try {
      const id = await save();
      if (!id) return;
      const started = await call<PlatformApi.RunStartedDto>(api.executeWorkflow(id, { input: {} }));
      // The address stops naming the run it was opened with: a reload shows the current version.
      if (window.location.search) history.replaceState(null, '', `/workflows/${id}`);
      setNodes((all) => all.map((n) => ({ ...n, data: { ...n.data, status: 'pending' } })));
      setRun(null);
      await follow(started.runId);
    } catch (error) {
      setProblem(toProblem(error));
    } finally {
      setBusy(false);
    }
  };

  // The steps waiting for a person; deciding answers with the run, and the stream carries on from there.
  const decision = useAction();
  const waiting = run?.steps.filter((s) => s.status === 'waiting' && s.approvalPrompt !== undefined) ?? [];
  const decide = (stepPath: string, approved: boolean) =>
    void decision.run(async () => {
      setStatuses(await call<Run>(api.decideWorkflowApproval(run!.id, stepPath, { approved })));
      setNotice(`${approved ? 'Approved' : 'Rejected'} ${stepPath}`);
    });
  const runStatus = run?.status ?? null;

  return (
    <section aria-labelledby="designer-title" className="designer">
      <p>
        <Link to="/workflows">← Workflows</Link>
      </p>
      <h1 id="designer-title">
        {workflowId ? `Workflow ${name}` : 'New workflow'}
        {readOnly !== null ? ` · version ${readOnly}` : ''}
      </h1>
      {workflowId ? <WorkflowNav id={workflowId} current={readOnly !== null ? 'versions' : 'designer'} /> : null}
      <ProblemAlert problem={loaded.problem ?? problem} />
      {readOnly !== null ? (
        <p className="notice" data-testid="read-only">
          Version {readOnly}, read-only. <Link to={`/workflows/${workflowId}`}>Open the current version</Link>
        </p>
      ) : null}
      <div className="row">
        {readOnly === null ? (
          <>
            <label>
              Name
              <input value={name} onChange={(e) => setName(e.target.value)} required />
            </label>
            <button type="button" onClick={() => void save()} disabled={busy || !name || issues.length > 0}>
              Save
            </button>
            <button type="button" className="primary" onClick={() => void runNow()} disabled={busy || !name || issues.length > 0}>
              Run
            </button>
          </>
        ) : null}
        {runStatus ? (
          <span role="status" className={`status status-${shown(runStatus)}`} data-testid="run-status" data-status={shown(runStatus)}>
            Run {shown(runStatus)}
          </span>
        ) : null}
        {run ? <TraceLink runId={run.id} label="Trace of the run" /> : null}
      </div>
      {waiting.length ? (
        <section className="approvals" aria-labelledby="approvals-title" data-testid="approvals">
          <h2 id="approvals-title">Waiting for approval</h2>
          <ul>
            {waiting.map((step) => (
              <li key={step.path} data-step={step.path}>
                <strong>{step.path}</strong> {step.approvalPrompt ? <q>{step.approvalPrompt}</q> : null}{' '}
                <button type="button" className="primary" disabled={decision.busy} onClick={() => decide(step.path, true)}>
                  Approve {step.path}
                </button>{' '}
                <button type="button" disabled={decision.busy} onClick={() => decide(step.path, false)}>
                  Reject {step.path}
                </button>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      <ProblemAlert problem={decision.problem} />
      {workflowId && readOnly === null ? (
        <SaveAsTemplate name={name} definition={() => savedDefinition(flow.getNodes() as StepNode[], edges, rest)} />
      ) : null}
      <p role="status" aria-live="polite" className="muted small" data-testid="designer-notice">
        {notice}
      </p>
      <div className={`designer-body${readOnly !== null ? ' read-only' : ''}`}>
        <nav className="palette" aria-label="Step palette" hidden={readOnly !== null}>
          <h2>Steps</h2>
          <p className="muted small">Drag onto the canvas, or press Enter.</p>
          <ul>
            {STEP_KINDS.map((kind) => (
              <li key={kind}>
                <button
                  type="button"
                  draggable
                  disabled={readOnly !== null}
                  data-kind={kind}
                  onDragStart={(e) => {
                    e.dataTransfer.setData(DRAG_TYPE, kind);
                    e.dataTransfer.effectAllowed = 'move';
                  }}
                  onClick={() => addStep(kind)}
                >
                  {kind}
                </button>
              </li>
            ))}
          </ul>
        </nav>
        <div className="canvas" onDragOver={(e) => e.preventDefault()} onDrop={onDrop} data-testid="canvas">
          <ReactFlow<StepNode>
            nodes={nodes}
            edges={edges}
            nodeTypes={NODE_TYPES}
            onNodesChange={onNodesChange}
            onEdgesChange={onEdgesChange}
            onConnect={onConnect}
            onConnectEnd={onConnectEnd}
            isValidConnection={isValidConnection}
            onSelectionChange={({ nodes: chosen }) => setSelectedId(chosen[0]?.id ?? null)}
            nodesDraggable={readOnly === null}
            nodesConnectable={readOnly === null}
            deleteKeyCode={readOnly === null ? 'Backspace' : null}
            onlyRenderVisibleElements
            defaultViewport={{ x: 0, y: 0, zoom: 1 }}
            colorMode={document.documentElement.dataset.theme === 'dark' ? 'dark' : 'light'}
            aria-label="Workflow canvas"
          >
            <Background />
            <Controls />
            {nodes.length <= 60 ? <MiniMap pannable zoomable ariaLabel="Workflow overview" /> : null}
          </ReactFlow>
        </div>
        <aside className="inspector" aria-labelledby="inspector-title">
          <h2 id="inspector-title">{selected ? `Step ${selected.id}` : 'Step'}</h2>
          {selected && readOnly !== null ? (
            <pre className="mono small" data-testid="step-config">
              {JSON.stringify({ kind: selected.data.kind, ...selected.data.config }, null, 2)}
            </pre>
          ) : selected && schema ? (
            <>
              <SchemaForm
                key={selected.id}
                idPrefix={`step-${selected.id}`}
                schema={schema}
                value={selected.data.config}
                onChange={updateConfig}
              />
              <fieldset className="needs">
                <legend>Needs (runs after)</legend>
                {nodes.length > 1 ? null : <p className="muted small">No other step yet.</p>}
                {nodes
                  .filter((n) => n.id !== selected.id)
                  .map((n) => (
                    <label key={n.id} className="checkbox">
                      <input
                        type="checkbox"
                        checked={edges.some((e) => e.source === n.id && e.target === selected.id)}
                        onChange={(e) => toggleNeed(n.id, selected.id, e.target.checked)}
                      />
                      {n.id}
                    </label>
                  ))}
              </fieldset>
            </>
          ) : (
            <p className="muted">Select a step to edit it (Tab to a step, Enter to select; arrow keys move it).</p>
          )}
          {issues.length ? (
            <section aria-labelledby="issues-title">
              <h3 id="issues-title">Issues</h3>
              <ul className="issues" data-testid="issues">
                {issues.slice(0, 20).map((issue, i) => (
                  <li key={i}>
                    <code>{issue.path || '(definition)'}</code> {issue.message}
                  </li>
                ))}
              </ul>
            </section>
          ) : null}
        </aside>
      </div>
    </section>
  );
}

/** The workflow as it is on the canvas, kept as a template without parameters (add them through the API). */
function SaveAsTemplate({ name, definition }: { name: string; definition: () => Record<string, unknown> }) {
  const [templateName, setTemplateName] = useState('');
  const [saved, setSaved] = useState<PlatformApi.TemplateResponseDto | null>(null);
  const { busy, problem, run } = useAction();
  return (
    <details className="save-template">
      <summary>Save as template</summary>
      <form
        className="row"
        onSubmit={(e) => {
          e.preventDefault();
          void run(async () => {
            setSaved(
              await call<PlatformApi.TemplateResponseDto>(
                api.createWorkflowTemplate({
                  name: templateName || `${name}-template`,
                  description: `Made from workflow ${name}`,
                  parameters: { type: 'object', properties: {} },
                  definition: definition(),
                }),
              ),
            );
          });
        }}
      >
        <label>
          Template name
          <input value={templateName} onChange={(e) => setTemplateName(e.target.value)} placeholder={`${name}-template`} />
        </label>
        <button type="submit" disabled={busy}>
          Create template
        </button>
        {saved ? (
          <span role="status">
            Template <Link to="/workflows/templates">{saved.name}</Link> created
          </span>
        ) : null}
      </form>
      <ProblemAlert problem={problem} />
    </details>
  );
}
