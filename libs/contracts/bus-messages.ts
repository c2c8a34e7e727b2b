import type { ModuleName } from '@libs/config';
import type { AgentCard, ModuleHealth } from './module-card';
import type { SpanRecord } from './span-record';

/**
 * Every request the bus carries: method name -> params and result. Modules add theirs here as
 * they land, so a caller and a handler in different processes agree on the shape at compile time.
 */
type ModuleRequests = {
  [M in ModuleName as `${M}.health`]: { params: Record<string, never>; result: ModuleHealth };
} & { [M in ModuleName as `${M}.card`]: { params: Record<string, never>; result: AgentCard } };

export interface BusRequests extends ModuleRequests {
  /** Resolves an API key (by its SHA-256) to the principal it acts as; null when unknown or revoked. */
  'gateway.verifyApiKey': { params: { keyHash: string }; result: BusPrincipal | null };
  /** Runs one validated SQL statement on a registered connection (read-only unless the connection is writable). */
  'sqltool.query': {
    params: { connectionId: string; sql: string; params?: Array<string | number | boolean | null>; principal?: BusPrincipal };
    result: { columns: Array<{ name: string; type: string }>; rows: unknown[][]; truncated: boolean; rowCount: number };
  };
  /** Tools an agent may call (tools module): id, name, description and JSON-schema input. */
  'tools.list': {
    params: { ids?: string[] };
    result: Array<{ id: string; name: string; description: string; inputSchema: Record<string, unknown> }>;
  };
  /** Runs one tool call with the caller's permissions (tools module). */
  'tools.execute': {
    params: {
      toolId: string;
      arguments: Record<string, unknown>;
      principal?: BusPrincipal;
      agentId?: string;
      timeoutMs?: number;
      /** Names the call so a `tools.call.cancel` event can abort it (a workflow step passes its idempotency key). */
      callId?: string;
      /**
       * Questions an MCP server asks during the call (elicitation) are published as `tools.elicitation.requested`
       * on this channel (an agent run passes its task id) and wait for `tools.elicitation.answered`; without it
       * they are declined.
       */
      elicitationChannel?: string;
    };
    result: { ok: boolean; result?: unknown; error?: string };
  };
  /** Searches a knowledge collection (rag module). */
  'rag.search': {
    params: { collection: string; query: string; k?: number; mode?: 'semantic' | 'hybrid' | 'keyword' };
    result: {
      results: Array<{
        documentId: string;
        chunkId: string;
        text: string;
        score: number;
        filename?: string;
        page?: number;
        heading?: string;
      }>;
    };
  };
  /** Generates text with a registered model provider (agents module): used by RAG answers and summaries. */
  'agents.generate': {
    params: {
      provider: string;
      modelId: string;
      system?: string;
      /** One user turn; or `messages` for a conversation (MCP sampling). */
      prompt?: string;
      messages?: Array<{ role: 'user' | 'assistant'; content: string }>;
      maxOutputTokens?: number;
      temperature?: number;
      stopSequences?: string[];
    };
    result: { text: string; inputTokens: number; outputTokens: number; finishReason?: string };
  };
  /** Sends a message to an agent (by id, or the best match for a capability) and waits for its answer (agents module). */
  'agents.send': {
    params: { agentId?: string; capability?: string; text: string; contextId?: string; principal?: BusPrincipal; messageId?: string };
    result: { agentId: string; taskId: string; contextId: string; state: string; output: string; task?: Record<string, unknown> };
  };
  'agents.get': { params: { agentId: string }; result: { agentId: string; name: string; brain: string } };
  /** Ranks agents (local and remote) for a need, best first (agents module). */
  'agents.discover': {
    params: { query: string; capabilities?: string[]; limit?: number };
    result: Array<{
      agentId: string;
      name: string;
      score: number;
      healthy: boolean;
      matchedSkills: string[];
      skills: Array<{ id: string; name: string; description: string; tags: string[] }>;
    }>;
  };
  /** Creates a workflow from a definition and starts a run of it (workflow-engine): how the orchestrator runs a plan. */
  'workflows.start': {
    params: { name: string; description?: string; definition: Record<string, unknown>; input?: unknown; principal?: BusPrincipal };
    result: { workflowId: string; runId: string; version: number };
  };
  /** A run's status and its steps (workflow-engine). */
  'workflows.run': {
    params: { runId: string };
    result: {
      runId: string;
      workflowId: string;
      status: string;
      output?: unknown;
      error?: { code: string; message: string; step?: string };
      steps: Array<{ path: string; status: string; attempts: number; output?: unknown; error?: { code: string; message: string } }>;
    };
  };
  /** A new version of the workflow, then a retry of the failed run on it that keeps every succeeded step (workflow-engine). */
  'workflows.revise': {
    params: { workflowId: string; definition: Record<string, unknown>; retryRunId: string; principal?: BusPrincipal };
    result: { runId: string; version: number };
  };
  'workflows.cancel': { params: { runId: string }; result: { canceled: boolean } };
  /** Orchestrates a goal to its end (orchestrator): the platform's own A2A agent answers with this. */
  'orchestrator.run': {
    params: { goal: string; context?: string; principal?: BusPrincipal; waitMs?: number };
    result: { sessionId: string; status: string; results: Record<string, string>; error?: string };
  };
  /** Hands one task to several agents and merges their answers (orchestrator); agents' /collaborate delegates here. */
  'orchestrator.collaborate': {
    params: {
      leadId: string;
      task: string;
      agentIds?: string[];
      capabilities?: string[];
      maxAgents?: number;
      strategy?: 'parallel' | 'sequential';
      merge?: 'concat' | 'lead';
      contextId?: string;
      principal?: BusPrincipal;
    };
    result: {
      leadAgentId: string;
      contextId: string;
      strategy: string;
      contributions: Array<{
        agentId: string;
        taskId: string;
        contextId: string;
        state: string;
        output: string;
        task: Record<string, unknown>;
      }>;
      output: string;
      state: string;
    };
  };
  /** Collections by name (rag module): the knowledge agent picks one. */
  /** The last hour at a glance (observability): traffic, agent runs, tokens, cost, firing alerts. */
  'observability.summary': {
    params: Record<string, never>;
    result: {
      requests: number;
      errorRate: number;
      p95Ms: number;
      agentRuns: number;
      agentErrorRate: number;
      inputTokens: number;
      outputTokens: number;
      costUsd: number;
      slowestAgents: Array<{ name: string; p95Ms: number; runs: number }>;
      firingAlerts: string[];
    };
  };
  'rag.collections': { params: Record<string, never>; result: Array<{ id: string; name: string; description: string | null }> };
  /** Registered database connections (sqltool): the database agent picks one. */
  'sqltool.connections': { params: Record<string, never>; result: Array<{ id: string; name: string; dialect: string }> };
  /** Natural language to SQL, run read-only (sqltool). */
  'sqltool.ask': {
    params: { connectionId: string; question: string; model?: { provider: string; modelId: string }; principal?: BusPrincipal };
    result: {
      sql: string;
      explanation: string;
      columns: Array<{ name: string; type: string }>;
      rows: unknown[][];
      rowCount: number;
      truncated: boolean;
    };
  };
  /** Runs a workflow (by id or name) to its end, or until waitMs (workflow-engine). */
  'workflows.execute': {
    params: { workflow: string; input?: unknown; principal?: BusPrincipal; waitMs?: number };
    result: { runId: string; workflowId: string; status: string; output?: unknown; error?: { code: string; message: string } };
  };
  'bus.echo': { params: { value: unknown; delayMs?: number }; result: { value: unknown; handledBy: string } };
  'bus.fail': { params: { message: string }; result: never };
}

/** Every event the bus carries: topic -> payload. */
/** A caller as the gateway vouches for it across processes (see src/core/auth Principal). */
export interface BusPrincipal {
  kind: 'user' | 'apikey';
  id: string;
  name: string;
  role: 'admin' | 'operator' | 'viewer';
  scopes?: string[];
}

export interface BusEvents {
  'gateway.apikey.revoked': { keyId: string };
  'bus.echo.published': { value: unknown };
  'platform.process.started': { processId: string; modules: ModuleName[]; url: string };
  /** A workflow run's journal grew (workflow-engine): one event, in seq order per run. */
  'workflow.run.event': {
    runId: string;
    workflowId: string;
    seq: number;
    type: string;
    stepPath: string | null;
    attempt: number | null;
    data: unknown;
    createdAt: number;
  };
  /** Aborts a running tool call started with this callId, in whichever tools process runs it. */
  'tools.call.cancel': { callId: string };
  /** An MCP server asks for input during a tool call started with this elicitationChannel (tools module). */
  'tools.elicitation.requested': {
    channel: string;
    id: string;
    serverMessage: string;
    requestedSchema: Record<string, unknown>;
    expiresAt: string;
  };
  /** The answer to that question; the tools process holding it (and only for the same user) applies it. */
  'tools.elicitation.answered': {
    id: string;
    principalId: string;
    action: 'accept' | 'decline' | 'cancel';
    content?: Record<string, unknown>;
  };
  /**
   * An MCP server's connection settings changed, or it was removed (tools module): every other tools replica drops
   * its connection, so its next call connects with the stored settings; 'roots' re-announces the server's roots.
   */
  'tools.mcp.changed': { serverId: string; change: 'reconnect' | 'roots' | 'removed'; processId: string };
  /** Someone asked to cancel a run: the worker driving it aborts its running steps. */
  'workflow.run.cancel': { runId: string };
  /** Every process's resource use, every 10 s, for the observability module's metrics and health. */
  'observability.process.sample': {
    processId: string;
    modules: string[];
    at: number;
    startedAt: number;
    rssBytes: number;
    heapUsedBytes: number;
    cpuPercent: number;
    eventLoopLagMs: number;
  };
  /** Finished spans of a process without the observability module, for its span store (off the request path). */
  'observability.spans': { spans: SpanRecord[] };
  /** A collection was created or deleted (rag module): the knowledge agent's skills follow. */
  'rag.collections.changed': { collectionId: string; change: 'created' | 'deleted' };
  /** A document's ingestion moved on (rag module): queued, parsing, embedding (with progress), indexed or failed. */
  'rag.document.status': {
    documentId: string;
    collectionId: string;
    status: string;
    progress: number;
    errorCode?: string;
    errorMessage?: string;
  };
}

export type BusMethod = keyof BusRequests & string;
export type BusTopic = keyof BusEvents & string;
export type ParamsOf<M extends BusMethod> = BusRequests[M]['params'];
export type ResultOf<M extends BusMethod> = BusRequests[M]['result'];
export type EventOf<T extends BusTopic> = BusEvents[T];

/**
 * Requests that are safe to run twice: reads. When the replica handling one of these dies before answering, another
 * replica runs it again; any other request fails with BUS_REPLICA_LOST instead, so a write is never applied twice.
 */
const IDEMPOTENT_METHODS = new Set<string>([
  'gateway.verifyApiKey',
  'tools.list',
  'rag.search',
  'rag.collections',
  'agents.get',
  'agents.discover',
  'observability.summary',
  'sqltool.connections',
  'bus.echo',
]);

export function isIdempotentMethod(method: string): boolean {
  return IDEMPOTENT_METHODS.has(method) || method.endsWith('.health') || method.endsWith('.card');
}
