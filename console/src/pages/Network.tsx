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
import { memo, useEffect, useMemo, useState } from 'react';
import type { PlatformApi } from '@agentic/sdk';
import { api, call } from '../lib/api';
import { Link } from '../lib/router';
import { ProblemAlert, useLoad } from '../lib/ui';

type Kind = 'process' | 'orchestrator' | 'agent' | 'module-agent' | 'module';
interface NetNode {
  id: string;
  kind: Kind;
  label: string;
  agentId?: string;
}
type GraphNode = Node<{ node: NetNode }, 'net'>;

const REFRESH_MS = 5_000;
const WINDOWS: Array<[number, string]> = [
  [15 * 60_000, 'last 15 minutes'],
  [60 * 60_000, 'last hour'],
  [24 * 60 * 60_000, 'last day'],
];
const KIND_LABEL: Record<Kind, string> = {
  process: 'process',
  orchestrator: 'orchestrator',
  agent: 'agent',
  'module-agent': 'module agent',
  module: 'module',
};
// Columns left to right: callers, the orchestrator, agents, module agents, the modules the bus traffic reaches.
const COLUMN: Record<Kind, number> = { process: 0, orchestrator: 1, agent: 2, 'module-agent': 3, module: 4 };

/** Edge colour by error rate: green when clean, amber under 5 %, red above. */
export function edgeColour(errorRate: number): string {
  if (errorRate <= 0) return 'var(--ok)';
  if (errorRate < 0.05) return 'var(--warn)';
  return 'var(--error)';
}

/** Edge thickness by traffic: logarithmic, 1.5 to 10 px. */
export function edgeWidth(count: number): number {
  return Math.min(10, 1.5 + Math.log2(1 + Math.max(0, count)) * 1.2);
}

const NetNodeView = memo(function NetNodeView({ data }: NodeProps<GraphNode>) {
  const { node } = data;
  return (
    <div className={`net-node kind-${node.kind}`} data-kind={node.kind} data-label={node.label}>
      <Handle type="target" position={Position.Left} isConnectable={false} />
      <span className="kind">{KIND_LABEL[node.kind]}</span>
      <strong>{node.label}</strong>
      <Handle type="source" position={Position.Right} isConnectable={false} />
    </div>
  );
});
const NODE_TYPES = { net: NetNodeView };

export default function NetworkPage() {
  return (
    <ReactFlowProvider>
      <Network />
    </ReactFlowProvider>
  );
}

function Network() {
  const [windowMs, setWindowMs] = useState(WINDOWS[1][0]);
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const topology = useLoad(() => call<PlatformApi.NetworkDto>(api.getNetworkTopology({ windowMs })), [windowMs]);
  const agents = useLoad(() => call<PlatformApi.AgentListDto>(api.listAgents({ limit: 100 })), []);
  const { reload } = topology;
  useEffect(() => {
    const timer = setInterval(reload, REFRESH_MS);
    return () => clearInterval(timer);
  }, [reload]);

  const { nodes, edges, byId } = useMemo(() => {
    const byId = new Map<string, NetNode>();
    // Registered agents (module agents among them) are nodes even before they carry traffic.
    for (const a of agents.data?.items ?? []) {
      const isModule = a.skills.some((s) => s.tags?.includes('module-agent'));
      byId.set(`agent:${a.id}`, { id: `agent:${a.id}`, kind: isModule ? 'module-agent' : 'agent', label: a.name, agentId: a.id });
    }
    for (const n of topology.data?.nodes ?? []) {
      const known = byId.get(n.id);
      if (!known) byId.set(n.id, { id: n.id, kind: n.kind, label: n.label, agentId: n.kind === 'agent' ? n.id.slice(6) : undefined });
    }
    const columns = new Map<number, NetNode[]>();
    for (const n of [...byId.values()].sort((a, b) => a.label.localeCompare(b.label))) {
      const list = columns.get(COLUMN[n.kind]) ?? [];
      list.push(n);
      columns.set(COLUMN[n.kind], list);
    }
    const nodes: GraphNode[] = [];
    for (const [column, list] of columns)
      list.forEach((n, row) =>
        nodes.push({
          id: n.id,
          type: 'net',
          position: { x: column * 230, y: row * 80 + (column % 2) * 30 },
          data: { node: n },
          ariaLabel: `${KIND_LABEL[n.kind]} ${n.label}`,
          draggable: false,
          connectable: false,
          selected: n.id === selectedId,
        }),
      );
    const edges: Edge[] = (topology.data?.edges ?? [])
      .filter((e) => byId.has(e.source) && byId.has(e.target))
      .map((e) => {
        const colour = edgeColour(e.errorRate);
        return {
          id: `${e.source}|${e.target}|${e.kind}`,
          source: e.source,
          target: e.target,
          label: `${e.kind} ×${e.count}`,
          ariaLabel: `${e.kind} from ${byId.get(e.source)!.label} to ${byId.get(e.target)!.label}: ${e.count} calls, ${(e.errorRate * 100).toFixed(1)} % errors`,
          style: { stroke: colour, strokeWidth: edgeWidth(e.count) },
          markerEnd: { type: MarkerType.ArrowClosed, color: colour },
          focusable: false,
          data: e,
        };
      });
    return { nodes, edges, byId };
  }, [agents.data, topology.data, selectedId]);

  const selected = selectedId ? byId.get(selectedId) : undefined;
  const related = (topology.data?.edges ?? []).filter((e) => e.source === selectedId || e.target === selectedId);
  const label = (id: string) => byId.get(id)?.label ?? id;

  return (
    <section aria-labelledby="network-title">
      <h1 id="network-title">A2A network</h1>
      <div className="row">
        <label>
          Window
          <select value={windowMs} onChange={(e) => setWindowMs(Number(e.target.value))}>
            {WINDOWS.map(([ms, text]) => (
              <option key={ms} value={ms}>
                {text}
              </option>
            ))}
          </select>
        </label>
        <span className="muted small" aria-live="polite">
          {nodes.length} nodes · {edges.length} edges · refreshed every {REFRESH_MS / 1000} s
          {topology.data ? ` · since ${new Date(topology.data.since).toLocaleTimeString()}` : ''}
        </span>
      </div>
      <p className="legend" aria-label="Legend">
        <span>
          <span className="swatch" style={{ background: 'var(--ok)' }} />
          no errors
        </span>
        <span>
          <span className="swatch" style={{ background: 'var(--warn)' }} />
          under 5 % errors
        </span>
        <span>
          <span className="swatch" style={{ background: 'var(--error)' }} />5 % errors or more
        </span>
        <span className="muted">thickness: number of calls</span>
      </p>
      <ProblemAlert problem={topology.problem ?? agents.problem} />
      <div className="network-layout">
        <div className="network-canvas" data-testid="network-canvas">
          <ReactFlow<GraphNode>
            nodes={nodes}
            edges={edges}
            nodeTypes={NODE_TYPES}
            nodesDraggable={false}
            nodesConnectable={false}
            nodesFocusable
            onNodeClick={(_, node) => setSelectedId(node.id)}
            onNodesChange={(changes) => {
              // Controlled nodes: a click or Enter/Space on a focused node arrives as a select change.
              for (const change of changes) if (change.type === 'select' && change.selected) setSelectedId(change.id);
            }}
            fitView
            minZoom={0.2}
            colorMode={document.documentElement.dataset.theme === 'dark' ? 'dark' : 'light'}
            aria-label="A2A network graph"
          >
            <Background />
            <Controls showInteractive={false} />
          </ReactFlow>
        </div>
        <aside className="card" aria-labelledby="node-title" data-testid="node-details">
          <h2 id="node-title">{selected ? selected.label : 'Node details'}</h2>
          {!selected ? (
            <p className="muted">Select a node (click, or Tab to it and press Enter) to see its traffic.</p>
          ) : (
            <>
              <p>
                {KIND_LABEL[selected.kind]} · <code className="small">{selected.id}</code>
              </p>
              {selected.agentId ? (
                <p>
                  <Link to={`/agents/${selected.agentId}`}>Open agent</Link> ·{' '}
                  <Link to={`/traces?agentId=${selected.agentId}`}>Traces</Link>
                </p>
              ) : null}
              {related.length === 0 ? <p className="muted">No traffic in this window.</p> : null}
              {related.length ? (
                <table>
                  <caption className="sr-only">Traffic of {selected.label}</caption>
                  <thead>
                    <tr>
                      <th scope="col">Edge</th>
                      <th scope="col">Calls</th>
                      <th scope="col">p50/p95 ms</th>
                      <th scope="col">Errors</th>
                    </tr>
                  </thead>
                  <tbody>
                    {related.map((e) => (
                      <tr key={`${e.source}|${e.target}|${e.kind}`}>
                        <th scope="row" className="small">
                          {e.source === selected.id ? `→ ${label(e.target)}` : `← ${label(e.source)}`}
                          <br />
                          <span className="mono muted">{e.kind}</span>
                        </th>
                        <td>{e.count}</td>
                        <td>
                          {e.p50Ms}/{e.p95Ms}
                        </td>
                        <td>{(e.errorRate * 100).toFixed(1)} %</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              ) : null}
            </>
          )}
        </aside>
      </div>
    </section>
  );
}
