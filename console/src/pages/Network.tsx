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
import { buildNetwork, edgeColour, edgeWidth, KIND_LABEL, type NetNode } from '../lib/network';
import { Link } from '../lib/router';
import { ProblemAlert, useLoad } from '../lib/ui';

type GraphNode = Node<{ node: NetNode }, 'net'>;

const REFRESH_MS = 5_000;
const WINDOWS: Array<[number, string]> = [
  [15 * 60_000, 'last 15 minutes'],
  [60 * 60_000, 'last hour'],
  [24 * 60 * 60_000, 'last day'],
];

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
    const graph = buildNetwork(agents.data?.items ?? [], topology.data);
    const nodes: GraphNode[] = graph.nodes.map(({ node: n, position }) => ({
      id: n.id,
      type: 'net',
      position,
      data: { node: n },
      ariaLabel: `${KIND_LABEL[n.kind]} ${n.label}`,
      draggable: false,
      connectable: false,
      selected: n.id === selectedId,
    }));
    const edges: Edge[] = graph.edges.map((e) => {
      const colour = edgeColour(e.errorRate);
      return {
        id: `${e.source}|${e.target}|${e.kind}`,
        source: e.source,
        target: e.target,
        // Labels only while they stay legible; the side panel always has the figures.
        label: graph.edges.length <= 6 ? `${e.kind} ×${e.count}` : undefined,
        ariaLabel: `${e.kind} from ${graph.byId.get(e.source)!.label} to ${graph.byId.get(e.target)!.label}: ${e.count} calls, ${(e.errorRate * 100).toFixed(1)} % errors`,
        style: { stroke: colour, strokeWidth: edgeWidth(e.count) },
        markerEnd: { type: MarkerType.ArrowClosed, color: colour },
        focusable: false,
        data: e,
      };
    });
    return { nodes, edges, byId: graph.byId };
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
