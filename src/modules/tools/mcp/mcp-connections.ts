import { Logger } from '@nestjs/common';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { SSEClientTransport } from '@modelcontextprotocol/sdk/client/sse.js';
import { getDefaultEnvironment, StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import {
  ListRootsRequestSchema,
  PromptListChangedNotificationSchema,
  ResourceListChangedNotificationSchema,
  ToolListChangedNotificationSchema,
  type CallToolResult,
  type Tool,
} from '@modelcontextprotocol/sdk/types.js';
import { PLATFORM_VERSION } from 'src/core/platform-version';
import { ToolsError, ToolsErrorCode } from 'src/modules/tools/tools.errors';
import type { McpTransportKind } from './mcp-server.entity';

export interface McpEndpoint {
  id: string;
  name: string;
  transport: McpTransportKind;
  command?: string | null;
  args?: string[];
  env?: Record<string, string>;
  url?: string | null;
  headers?: Record<string, string>;
}

export interface McpCatalog {
  tools: Tool[];
  resources: Array<Record<string, unknown>>;
  prompts: Array<Record<string, unknown>>;
  serverInfo: Record<string, unknown> | null;
}

interface Connection {
  endpoint: McpEndpoint;
  client?: Client;
  status: 'connecting' | 'connected' | 'disconnected' | 'failed';
  lastError?: string;
  attempts: number;
  retryTimer?: NodeJS.Timeout;
  closing: boolean;
}

const CONNECT_TIMEOUT_MS = 15_000;
const MAX_BACKOFF_MS = 30_000;

export interface ConnectionEvents {
  onStatus(serverId: string, status: Connection['status'], error?: string): void;
  /** The server said its tools, resources or prompts changed. */
  onListChanged(serverId: string): void;
}

/**
 * Keeps one MCP client per registered server (official SDK client over stdio, Streamable HTTP or legacy SSE):
 * connects with a time limit, follows list-changed notifications, and when a connection drops (a stdio child
 * exits, an HTTP server goes away) marks it down and reconnects with exponential backoff. Calls to a server that
 * is down fail at once instead of waiting for a timeout.
 */
export class McpConnections {
  private readonly logger = new Logger('McpConnections');
  private readonly connections = new Map<string, Connection>();

  constructor(private readonly events: ConnectionEvents) {}

  status(serverId: string): { status: Connection['status']; lastError?: string } {
    const connection = this.connections.get(serverId);
    return connection ? { status: connection.status, lastError: connection.lastError } : { status: 'disconnected' };
  }

  /** Connects (or reconnects) and returns the server's catalog. Throws SERVER_UNREACHABLE with the reason. */
  async connect(endpoint: McpEndpoint): Promise<McpCatalog> {
    await this.disconnect(endpoint.id);
    const connection: Connection = { endpoint, status: 'connecting', attempts: 0, closing: false };
    this.connections.set(endpoint.id, connection);
    await this.open(connection);
    return this.catalog(endpoint.id);
  }

  async disconnect(serverId: string): Promise<void> {
    const connection = this.connections.get(serverId);
    if (!connection) return;
    connection.closing = true;
    clearTimeout(connection.retryTimer);
    this.connections.delete(serverId);
    await connection.client?.close().catch(() => undefined);
  }

  async closeAll(): Promise<void> {
    await Promise.all([...this.connections.keys()].map((id) => this.disconnect(id)));
  }

  async catalog(serverId: string): Promise<McpCatalog> {
    const client = this.clientOf(serverId);
    const capabilities = client.getServerCapabilities() ?? {};
    const tools: Tool[] = [];
    if (capabilities.tools) {
      let cursor: string | undefined;
      do {
        const page = await client.listTools(cursor ? { cursor } : undefined);
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
    serverId: string,
    name: string,
    args: Record<string, unknown>,
    options: {
      signal?: AbortSignal;
      timeoutMs: number;
      onProgress?: (progress: { progress: number; total?: number; message?: string }) => void;
    },
  ): Promise<CallToolResult> {
    const client = this.clientOf(serverId);
    return (await client.callTool({ name, arguments: args }, undefined, {
      signal: options.signal,
      timeout: options.timeoutMs,
      onprogress: options.onProgress,
      resetTimeoutOnProgress: false,
    })) as CallToolResult;
  }

  private clientOf(serverId: string): Client {
    const connection = this.connections.get(serverId);
    if (!connection?.client || connection.status !== 'connected')
      throw new ToolsError(
        ToolsErrorCode.TOOL_UNAVAILABLE,
        `MCP server ${connection?.endpoint.name ?? serverId} is ${connection?.status ?? 'not connected'}${connection?.lastError ? `: ${connection.lastError}` : ''}`,
      );
    return connection.client;
  }

  private async open(connection: Connection): Promise<void> {
    const { endpoint } = connection;
    const client = new Client(
      { name: 'agentic-ai-acceleration', version: PLATFORM_VERSION },
      { capabilities: { roots: { listChanged: false } } },
    );
    // We expose no file roots to servers.
    client.setRequestHandler(ListRootsRequestSchema, () => ({ roots: [] }));
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
      const message = error instanceof Error ? error.message : String(error);
      this.setStatus(connection, 'failed', message);
      this.scheduleReconnect(connection);
      throw new ToolsError(ToolsErrorCode.SERVER_UNREACHABLE, `Could not connect to MCP server ${endpoint.name}: ${message}`);
    } finally {
      clearTimeout(timer);
    }
    connection.client = client;
    connection.attempts = 0;
    this.setStatus(connection, 'connected');
    client.onclose = () => {
      if (connection.closing || this.connections.get(endpoint.id) !== connection) return;
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

  private setStatus(connection: Connection, status: Connection['status'], error?: string): void {
    connection.status = status;
    connection.lastError = error;
    this.events.onStatus(connection.endpoint.id, status, error);
  }

  private transportFor(endpoint: McpEndpoint): Transport {
    switch (endpoint.transport) {
      case 'stdio':
        return new StdioClientTransport({
          command: endpoint.command!,
          args: endpoint.args ?? [],
          env: { ...getDefaultEnvironment(), ...(endpoint.env ?? {}) },
          stderr: 'ignore',
        });
      case 'streamable-http':
        return new StreamableHTTPClientTransport(new URL(endpoint.url!), { requestInit: { headers: endpoint.headers ?? {} } });
      case 'sse':
        return new SSEClientTransport(new URL(endpoint.url!), { requestInit: { headers: endpoint.headers ?? {} } });
    }
  }
}
