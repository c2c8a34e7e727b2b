import { Logger } from '@nestjs/common';
import { AsyncLocalStorage } from 'node:async_hooks';
import { UnauthorizedError, type OAuthClientProvider } from '@modelcontextprotocol/sdk/client/auth.js';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { SSEClientTransport } from '@modelcontextprotocol/sdk/client/sse.js';
import { getDefaultEnvironment, StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { FetchLike, Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import {
  CreateMessageRequestSchema,
  ElicitRequestSchema,
  ListRootsRequestSchema,
  PromptListChangedNotificationSchema,
  ResourceListChangedNotificationSchema,
  ToolListChangedNotificationSchema,
  type CallToolResult,
  type CreateMessageRequest,
  type CreateMessageResult,
  type ElicitRequestFormParams,
  type ElicitResult,
  type Tool,
} from '@modelcontextprotocol/sdk/types.js';
import { withRequestSignals } from '@libs/net';
import { PLATFORM_VERSION } from 'src/core/platform-version';
import { ToolsError, ToolsErrorCode } from 'src/modules/tools/tools.errors';
import type { McpRoot, McpTransportKind } from './mcp-server.entity';
import { OAuthPolicyError } from './oauth/oauth-guard';

export interface McpEndpoint {
  /** The server's id. */
  id: string;
  /** The connection's key: the server id, or `<server id>:<user id>` for one user's connection to a per-user server. */
  key?: string;
  name: string;
  transport: McpTransportKind;
  command?: string | null;
  args?: string[];
  env?: Record<string, string>;
  url?: string | null;
  headers?: Record<string, string>;
  /** HTTP transports: OAuth per the MCP authorization spec, run by the SDK with this provider. */
  authProvider?: OAuthClientProvider;
  /** HTTP transports: the fetch for MCP and OAuth requests (the platform's guarded one). */
  fetch?: FetchLike;
  /** The folders the server is told it may work in (roots/list). */
  roots?: McpRoot[];
}

/** Asks the person behind a tool call for the input a server requested (form mode). */
export type ElicitationAsker = (request: ElicitRequestFormParams, signal: AbortSignal) => Promise<ElicitResult>;

export type ConnectionStatus = 'connecting' | 'connected' | 'disconnected' | 'failed' | 'needs_authorization';

export interface McpCatalog {
  tools: Tool[];
  resources: Array<Record<string, unknown>>;
  prompts: Array<Record<string, unknown>>;
  serverInfo: Record<string, unknown> | null;
}

interface CallContext {
  ask?: ElicitationAsker;
  /** The user the call runs for: recorded with any sampling request it causes. */
  principalId?: string;
  /** The call's own signal (caller gone, call timed out): a question still open then is dropped. */
  signal?: AbortSignal;
}

interface Connection {
  key: string;
  endpoint: McpEndpoint;
  client?: Client;
  status: ConnectionStatus;
  lastError?: string;
  attempts: number;
  retryTimer?: NodeJS.Timeout;
  closing: boolean;
  /** Tool calls running on this connection, for elicitations that cannot be tied to one (see open()). */
  calls: Set<CallContext>;
}

/** The tool call an incoming server request belongs to, where the transport keeps the caller's async context. */
const currentCall = new AsyncLocalStorage<CallContext>();

const CONNECT_TIMEOUT_MS = 15_000;
const MAX_BACKOFF_MS = 30_000;

export interface ConnectionEvents {
  /** key: the connection's key (the server id, or `<server id>:<user id>`). */
  onStatus(serverId: string, status: ConnectionStatus, error: string | undefined, key: string): void;
  /** The server said its tools, resources or prompts changed. */
  onListChanged(serverId: string): void;
  /** The server asks for a model completion (sampling/createMessage); principalId: the user of the call it came during. */
  onSampling(serverId: string, params: CreateMessageRequest['params'], principalId: string | undefined): Promise<CreateMessageResult>;
}

/**
 * Keeps one MCP client per registered server (official SDK client over stdio, Streamable HTTP or legacy SSE), and
 * per user for per-user servers: connects with a time limit, follows list-changed notifications, and when a
 * connection drops (a stdio child exits, an HTTP server goes away) marks it down and reconnects with exponential
 * backoff. Calls to a server that is down fail at once instead of waiting for a timeout. A server that wants OAuth
 * authorization the SDK cannot obtain on its own (no token, refresh refused, more scope) is marked
 * needs_authorization and left alone until someone authorizes it. Servers may ask the caller of a tool call for
 * input (elicitation); see open().
 */
export class McpConnections {
  private readonly logger = new Logger('McpConnections');
  private readonly connections = new Map<string, Connection>();

  constructor(private readonly events: ConnectionEvents) {}

  status(key: string): { status: ConnectionStatus; lastError?: string } {
    const connection = this.connections.get(key);
    return connection ? { status: connection.status, lastError: connection.lastError } : { status: 'disconnected' };
  }

  /** Whether this process holds a connection under the key (in any state, reconnecting included). */
  has(key: string): boolean {
    return this.connections.has(key);
  }

  /** Connects (or reconnects) and returns the server's catalog. Throws SERVER_UNREACHABLE or MCP_AUTHORIZATION_REQUIRED. */
  async connect(endpoint: McpEndpoint): Promise<McpCatalog> {
    const key = endpoint.key ?? endpoint.id;
    await this.disconnect(key);
    const connection: Connection = { key, endpoint, status: 'connecting', attempts: 0, closing: false, calls: new Set() };
    this.connections.set(key, connection);
    await this.open(connection);
    return this.catalog(key);
  }

  /** Closes one connection by key; a server id also closes every per-user connection of that server. */
  async disconnect(key: string): Promise<void> {
    const matching = [...this.connections.values()].filter((c) => c.key === key || c.endpoint.id === key);
    await Promise.all(
      matching.map(async (connection) => {
        connection.closing = true;
        clearTimeout(connection.retryTimer);
        this.connections.delete(connection.key);
        await connection.client?.close().catch(() => undefined);
      }),
    );
  }

  async closeAll(): Promise<void> {
    await Promise.all([...this.connections.keys()].map((key) => this.disconnect(key)));
  }

  async catalog(key: string): Promise<McpCatalog> {
    const client = this.clientOf(key);
    const capabilities = client.getServerCapabilities() ?? {};
    const tools: Tool[] = [];
    if (capabilities.tools) {
      let cursor: string | undefined;
      do {
        const page = await this.authorized(key, () => client.listTools(cursor ? { cursor } : undefined));
        tools.push(...page.tools);
        cursor = page.nextCursor;
      } while (cursor && tools.length < 10_000);
    }
    const resources = capabilities.resources
      ? ((await client.listResources().catch(() => ({ resources: [] }))).resources as Array<Record<string, unknown>>)
      : [];
    const prompts = capabilities.prompts
      ? ((await client.listPrompts().catch(() => ({ prompts: [] }))).prompts as Array<Record<string, unknown>>)
      : [];
    const info = client.getServerVersion();
    return { tools, resources, prompts, serverInfo: info ? { ...info, capabilities } : null };
  }

  async callTool(
    key: string,
    name: string,
    args: Record<string, unknown>,
    options: {
      signal?: AbortSignal;
      timeoutMs: number;
      onProgress?: (progress: { progress: number; total?: number; message?: string }) => void;
      /** Asks the caller for input the server requests; without it such requests are declined. */
      onElicitation?: ElicitationAsker;
      principalId?: string;
    },
  ): Promise<CallToolResult> {
    const client = this.clientOf(key);
    const connection = this.connections.get(key)!;
    const call: CallContext = { ask: options.onElicitation, signal: options.signal, principalId: options.principalId };
    connection.calls.add(call);
    try {
      return (await this.authorized(key, () =>
        currentCall.run(call, () =>
          client.callTool({ name, arguments: args }, undefined, {
            signal: options.signal,
            timeout: options.timeoutMs,
            onprogress: options.onProgress,
            resetTimeoutOnProgress: false,
          }),
        ),
      )) as CallToolResult;
    } finally {
      connection.calls.delete(call);
    }
  }

  /** resources/read on a server. */
  readResource(key: string, uri: string, options: { signal?: AbortSignal; timeoutMs: number }) {
    const client = this.clientOf(key);
    return this.authorized(key, () => client.readResource({ uri }, { signal: options.signal, timeout: options.timeoutMs }));
  }

  /** prompts/get on a server. */
  getPrompt(key: string, name: string, args: Record<string, string>, options: { signal?: AbortSignal; timeoutMs: number }) {
    const client = this.clientOf(key);
    return this.authorized(key, () => client.getPrompt({ name, arguments: args }, { signal: options.signal, timeout: options.timeoutMs }));
  }

  /** New roots for every connection of a server; connected servers get roots/list_changed and ask again. */
  async setRoots(serverId: string, roots: McpRoot[]): Promise<void> {
    const matching = [...this.connections.values()].filter((connection) => connection.endpoint.id === serverId);
    await Promise.all(
      matching.map(async (connection) => {
        connection.endpoint = { ...connection.endpoint, roots };
        if (connection.status === 'connected') await connection.client?.sendRootsListChanged().catch(() => undefined);
      }),
    );
  }

  /** Closes a connection whose authorization was withdrawn: it waits, as needs_authorization, for a new one. */
  async requireAuthorization(key: string): Promise<void> {
    const connection = this.connections.get(key);
    if (connection) await this.needsAuthorization(connection);
  }

  /** Runs a request; when the SDK gives up on authorization mid-session, the connection waits for a person. */
  private async authorized<T>(key: string, request: () => Promise<T>): Promise<T> {
    try {
      return await request();
    } catch (error) {
      if (!(error instanceof UnauthorizedError)) throw error;
      const connection = this.connections.get(key);
      if (connection) await this.needsAuthorization(connection);
      throw authorizationRequired(connection?.endpoint ?? { id: key, name: key });
    }
  }

  private async needsAuthorization(connection: Connection): Promise<void> {
    clearTimeout(connection.retryTimer);
    const client = connection.client;
    connection.client = undefined;
    this.setStatus(connection, 'needs_authorization', 'The server requires OAuth authorization');
    await client?.close().catch(() => undefined);
  }

  private clientOf(key: string): Client {
    const connection = this.connections.get(key);
    if (connection?.status === 'needs_authorization') throw authorizationRequired(connection.endpoint);
    if (!connection?.client || connection.status !== 'connected')
      throw new ToolsError(
        ToolsErrorCode.TOOL_UNAVAILABLE,
        `MCP server ${connection?.endpoint.name ?? key} is ${connection?.status ?? 'not connected'}${connection?.lastError ? `: ${connection.lastError}` : ''}`,
      );
    return connection.client;
  }

  private async open(connection: Connection): Promise<void> {
    const { endpoint } = connection;
    const client = new Client(
      { name: 'agentic-ai-acceleration', version: PLATFORM_VERSION },
      // Form-mode elicitation with the specification's defaults applied by the SDK to fields the answer omits.
      // Sampling is declared for every server so that one an admin has not allowed gets a clear refusal (and the
      // attempt is recorded) rather than silence; see McpSamplingService.
      {
        capabilities: { roots: { listChanged: true }, sampling: {}, elicitation: { form: { applyDefaults: true } } },
      },
    );
    // The roots an admin configured for this server (none by default); read per request, so setRoots applies at once.
    client.setRequestHandler(ListRootsRequestSchema, () => ({
      roots: (connection.endpoint.roots ?? []).map((root) => ({ uri: root.uri, ...(root.name ? { name: root.name } : {}) })),
    }));
    client.setRequestHandler(CreateMessageRequestSchema, (request) => {
      const call = currentCall.getStore() ?? (connection.calls.size === 1 ? [...connection.calls][0] : undefined);
      return this.events.onSampling(endpoint.id, request.params, call?.principalId);
    });
    // A server's request for input during a tool call goes to that call's caller. Over Streamable HTTP the request
    // arrives on the call's own response stream, read in the call's async context; otherwise (stdio, SSE, the
    // standalone GET stream) it belongs to a call only when exactly one is running. No caller to ask: declined.
    client.setRequestHandler(ElicitRequestSchema, async (request, extra) => {
      const params = request.params;
      const call = currentCall.getStore() ?? (connection.calls.size === 1 ? [...connection.calls][0] : undefined);
      if (params.mode === 'url' || !call?.ask) return { action: 'decline' };
      const signal = call.signal ? AbortSignal.any([extra.signal, call.signal]) : extra.signal;
      return call.ask(params as ElicitRequestFormParams, signal);
    });
    for (const schema of [ToolListChangedNotificationSchema, ResourceListChangedNotificationSchema, PromptListChangedNotificationSchema])
      client.setNotificationHandler(schema, () => this.events.onListChanged(endpoint.id));
    const transport = this.transportFor(endpoint);
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        client.connect(transport),
        new Promise((_, reject) => {
          timer = setTimeout(() => reject(new Error(`no answer within ${CONNECT_TIMEOUT_MS / 1000} s`)), CONNECT_TIMEOUT_MS);
        }),
      ]);
    } catch (error) {
      await client.close().catch(() => undefined);
      if (error instanceof UnauthorizedError) {
        // Retrying cannot help until someone authorizes: no reconnect.
        await this.needsAuthorization(connection);
        throw authorizationRequired(endpoint);
      }
      const message = error instanceof Error ? error.message : String(error);
      this.setStatus(connection, 'failed', message);
      this.scheduleReconnect(connection);
      if (error instanceof OAuthPolicyError)
        throw new ToolsError(
          ToolsErrorCode.OAUTH_UNSAFE,
          `MCP server ${endpoint.name}: ${message}`,
          error.url ? { url: error.url } : undefined,
        );
      throw new ToolsError(ToolsErrorCode.SERVER_UNREACHABLE, `Could not connect to MCP server ${endpoint.name}: ${message}`);
    } finally {
      clearTimeout(timer);
    }
    connection.client = client;
    connection.attempts = 0;
    this.setStatus(connection, 'connected');
    client.onclose = () => {
      if (connection.closing || this.connections.get(connection.key) !== connection || connection.client !== client) return;
      connection.client = undefined;
      this.setStatus(connection, 'disconnected', 'connection closed');
      this.scheduleReconnect(connection);
    };
  }

  private scheduleReconnect(connection: Connection): void {
    if (connection.closing) return;
    const delay = Math.min(MAX_BACKOFF_MS, 500 * 2 ** connection.attempts++);
    clearTimeout(connection.retryTimer);
    connection.retryTimer = setTimeout(() => {
      if (connection.closing) return;
      this.setStatus(connection, 'connecting');
      this.open(connection)
        .then(() => this.events.onListChanged(connection.endpoint.id))
        .catch((error) => this.logger.warn(`reconnect to ${connection.endpoint.name} failed: ${String(error.message ?? error)}`));
    }, delay);
    connection.retryTimer.unref();
  }

  private setStatus(connection: Connection, status: ConnectionStatus, error?: string): void {
    connection.status = status;
    connection.lastError = error;
    this.events.onStatus(connection.endpoint.id, status, error, connection.key);
  }

  private transportFor(endpoint: McpEndpoint): Transport {
    const http = {
      requestInit: { headers: endpoint.headers ?? {} },
      authProvider: endpoint.authProvider,
      fetch: withRequestSignals(endpoint.fetch ?? fetch),
    };
    switch (endpoint.transport) {
      case 'stdio':
        return new StdioClientTransport({
          command: endpoint.command!,
          args: endpoint.args ?? [],
          env: { ...getDefaultEnvironment(), ...(endpoint.env ?? {}) },
          stderr: 'ignore',
        });
      case 'streamable-http':
        return new StreamableHTTPClientTransport(new URL(endpoint.url!), http);
      case 'sse':
        return new SSEClientTransport(new URL(endpoint.url!), http);
    }
  }
}

function authorizationRequired(endpoint: { id: string; name: string }): ToolsError {
  return new ToolsError(
    ToolsErrorCode.MCP_AUTHORIZATION_REQUIRED,
    `MCP server ${endpoint.name} requires OAuth authorization: POST /api/mcp/servers/${endpoint.id}/authorize and open the authorizationUrl it returns`,
    { serverId: endpoint.id },
  );
}
