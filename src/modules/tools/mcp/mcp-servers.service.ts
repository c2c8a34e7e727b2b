import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { Bus } from '@libs/bus';
import type { Env } from '@libs/config';
import { isUuid, type EventOf } from '@libs/contracts';
import { loadSecretBox, type SecretBox } from '@libs/crypto';
import { can, type Principal } from 'src/core/auth/permissions';
import { ENV } from 'src/core/env.token';
import type { CreateMcpServerDto, McpServerDto, UpdateMcpServerDto } from 'src/modules/tools/dto/mcp.dto';
import { ToolRegistryService } from 'src/modules/tools/tool-registry.service';
import { ToolsError, ToolsErrorCode } from 'src/modules/tools/tools.errors';
import { McpConnections, type ConnectionStatus, type ElicitationAsker, type McpEndpoint } from 'src/modules/tools/mcp/mcp-connections';
import type { McpSamplingSettings, McpServerEntity } from 'src/modules/tools/mcp/mcp-server.entity';
import { McpSamplingService } from 'src/modules/tools/mcp/mcp-sampling.service';
import { catalogTools, PROMPT_GET, RESOURCE_READ } from 'src/modules/tools/mcp/resource-prompt-tools';
import { McpServersRepository } from 'src/modules/tools/mcp/mcp-servers.repository';
import { SERVER_LEVEL } from 'src/modules/tools/mcp/oauth/mcp-oauth-credential.entity';
import { McpOAuthService, type McpAuthorizationSummary, type McpOAuthSettings } from 'src/modules/tools/mcp/oauth/mcp-oauth.service';

/**
 * Registered MCP servers: stored (secrets sealed), connected at start, discovered into the tool registry. HTTP
 * servers without a static bearer token use the MCP authorization flow (McpOAuthService); a per-user server gets one
 * connection per user, opened with that user's tokens on their first call.
 */
@Injectable()
export class McpServersService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('McpServers');
  private readonly secrets: SecretBox;
  private readonly refreshTimers = new Map<string, NodeJS.Timeout>();
  /** Per-user connections being opened, so concurrent first calls share one. */
  private readonly opening = new Map<string, Promise<unknown>>();
  readonly connections: McpConnections;

  /** A tool's health: built-in tools keep their recorded health; MCP tools report their server connection live. */
  async toolHealth(ref: string) {
    const tool = await this.registry.get(ref);
    if (!tool.serverId) return { id: tool.id, name: tool.name, health: tool.health, serverStatus: null, lastError: null };
    let live = this.connections.status(tool.serverId);
    // Per-user servers have no shared connection: report what the last user connection recorded.
    if (live.status === 'disconnected') {
      const server = await this.servers.findById(tool.serverId);
      if (server?.perUser) live = { status: server.status as ConnectionStatus, lastError: server.lastError ?? undefined };
    }
    return {
      id: tool.id,
      name: tool.name,
      health: live.status === 'connected' ? ('healthy' as const) : ('unhealthy' as const),
      serverStatus: live.status,
      lastError: live.lastError ?? null,
    };
  }

  constructor(
    @Inject(ENV) env: Env,
    private readonly servers: McpServersRepository,
    private readonly registry: ToolRegistryService,
    private readonly oauth: McpOAuthService,
    private readonly sampling: McpSamplingService,
    @Inject(Bus) private readonly bus: Bus,
  ) {
    this.secrets = loadSecretBox(env);
    this.connections = new McpConnections({
      onStatus: (serverId, status, error, key) => void this.recordStatus(serverId, status, error, key),
      onListChanged: (serverId) => this.scheduleRefresh(serverId),
      onSampling: async (serverId, params, principalId) => {
        const server = await this.servers.findById(serverId);
        return this.sampling.answer(server ?? { id: serverId, name: serverId, sampling: null }, params, principalId);
      },
    });
  }

  async onApplicationBootstrap(): Promise<void> {
    const servers = await this.servers.enabled();
    // In the background: a slow or dead server must not hold the platform's start. Per-user servers connect per user, on use.
    for (const server of servers.filter((s) => !s.perUser))
      this.connections
        .connect(this.endpointOf(server))
        .then((catalog) => this.applyCatalog(server, catalog))
        .catch((error) => this.logger.warn(`MCP server ${server.name}: ${String(error.message ?? error)}`));
  }

  async onApplicationShutdown(): Promise<void> {
    for (const timer of this.refreshTimers.values()) clearTimeout(timer);
    await this.connections.closeAll();
  }

  async list(principal?: Principal): Promise<McpServerDto[]> {
    const servers = await this.servers.all();
    const auth = await this.oauth.summaries(servers, principal?.id);
    return servers.map((server) => this.toDto(server, auth.get(server.id)));
  }

  async get(id: string): Promise<McpServerEntity> {
    const server = isUuid(id) ? await this.servers.findById(id) : await this.servers.findByName(id);
    if (!server) throw new ToolsError(ToolsErrorCode.SERVER_NOT_FOUND, `MCP server ${id.slice(0, 100)} not found`);
    return server;
  }

  /** One server as the DTO, with its authorization state for the given caller. */
  async describe(id: string, principal?: Principal): Promise<McpServerDto> {
    const server = await this.get(id);
    return this.toDto(server, (await this.oauth.summaries([server], principal?.id)).get(server.id));
  }

  /**
   * Registers a server; unless connect=false it must answer first, and its tools are discovered at once. A server
   * that answers with an OAuth challenge is kept, marked needs_authorization (POST /authorize next).
   */
  async create(dto: CreateMcpServerDto, principal: Principal): Promise<McpServerDto> {
    this.checkShape(dto.transport, dto.command, dto.url);
    this.checkOAuth(dto.transport, dto.oauth, dto.perUser ?? false);
    if (dto.transport === 'stdio' && principal.role !== 'admin')
      throw new ToolsError(ToolsErrorCode.TOOL_FORBIDDEN, 'Only an admin may register a stdio MCP server (it runs a command on this host)');
    this.checkSampling(dto.sampling, principal);
    if (await this.servers.existsByName(dto.name))
      throw new ToolsError(ToolsErrorCode.SERVER_EXISTS, `An MCP server named ${dto.name} exists`);
    const server = this.servers.build({
      name: dto.name,
      transport: dto.transport,
      command: dto.command ?? null,
      args: dto.args ?? [],
      envSealed: dto.env && Object.keys(dto.env).length ? this.secrets.seal(JSON.stringify(dto.env)) : null,
      url: dto.url ?? null,
      headersSealed: this.sealHeaders(dto.headers, dto.bearerToken),
      oauthSealed: this.oauth.sealSettings(dto.oauth),
      perUser: dto.perUser ?? false,
      enabled: true,
      sampling: dto.sampling ? samplingSettings(dto.sampling) : null,
      roots: dto.roots?.length ? dto.roots : null,
      status: 'disconnected',
      lastError: null,
      serverInfo: null,
      resources: [],
      prompts: [],
      discoveredAt: null,
    });
    if (dto.connect === false) return this.describe((await this.servers.save(server)).id, principal);
    const saved = await this.servers.save(server);
    try {
      const endpoint = this.endpointOf(saved, principal.id);
      const catalog = await this.connections.connect(endpoint);
      await this.applyCatalog(saved, catalog);
    } catch (error) {
      if (error instanceof ToolsError && error.code === ToolsErrorCode.MCP_AUTHORIZATION_REQUIRED) {
        await this.servers.update(saved.id, { status: 'needs_authorization', lastError: error.message });
        return this.describe(saved.id, principal);
      }
      // Nothing half-registered: a server that cannot be reached is not kept (use connect=false to keep it).
      await this.connections.disconnect(saved.id);
      await this.oauth.remove(saved.id);
      await this.servers.delete(saved.id);
      throw error;
    }
    return this.describe(saved.id, principal);
  }

  async update(id: string, dto: UpdateMcpServerDto, principal?: Principal): Promise<McpServerDto> {
    const server = await this.get(id);
    this.checkSampling(dto.sampling, principal);
    if (dto.sampling !== undefined) server.sampling = dto.sampling ? samplingSettings(dto.sampling, server.sampling) : null;
    if (dto.roots !== undefined) server.roots = dto.roots.length ? dto.roots : null;
    // Sampling is read per request and roots are announced with roots/list_changed: neither needs a new connection.
    const reconnect = (['command', 'args', 'env', 'url', 'headers', 'bearerToken', 'oauth', 'perUser', 'enabled'] as const).some(
      (field) => dto[field] !== undefined,
    );
    if (!reconnect) {
      await this.servers.save(server);
      if (dto.roots !== undefined) {
        await this.connections.setRoots(server.id, server.roots ?? []);
        this.announce(server.id, 'roots');
      }
      return this.describe(server.id, principal);
    }
    // Credentials belong to the URL and client they were obtained for: a new URL or new OAuth settings start over.
    const oauthChanged = (dto.url !== undefined && dto.url !== server.url) || dto.oauth !== undefined || dto.perUser !== undefined;
    if (dto.command !== undefined) server.command = dto.command;
    if (dto.args !== undefined) server.args = dto.args;
    if (dto.env !== undefined) server.envSealed = Object.keys(dto.env).length ? this.secrets.seal(JSON.stringify(dto.env)) : null;
    if (dto.url !== undefined) server.url = dto.url;
    if (dto.headers !== undefined || dto.bearerToken !== undefined) server.headersSealed = this.sealHeaders(dto.headers, dto.bearerToken);
    if (dto.oauth !== undefined) server.oauthSealed = this.oauth.sealSettings(dto.oauth);
    if (dto.perUser !== undefined) server.perUser = dto.perUser;
    if (dto.enabled !== undefined) server.enabled = dto.enabled;
    this.checkShape(server.transport, server.command, server.url);
    this.checkOAuth(server.transport, this.oauth.settingsOf(server), server.perUser);
    await this.servers.save(server);
    await this.connections.disconnect(server.id);
    this.announce(server.id, 'reconnect');
    if (oauthChanged) await this.oauth.remove(server.id);
    if (server.enabled) await this.discover(server.id, principal).catch(() => undefined);
    else await this.registry.setServerHealth(server.id, 'unhealthy');
    return this.describe(server.id, principal);
  }

  async remove(id: string): Promise<void> {
    const server = await this.get(id);
    await this.connections.disconnect(server.id);
    await this.registry.removeServerTools(server.id);
    await this.oauth.remove(server.id);
    await this.servers.delete(server.id);
    this.announce(server.id, 'removed');
  }

  /** Another tools replica changed or removed a server: drop this replica's connections to it (see connectionFor). */
  async changedElsewhere(serverId: string, change: EventOf<'tools.mcp.changed'>['change']): Promise<void> {
    if (change !== 'roots') return this.connections.disconnect(serverId);
    const server = await this.servers.findById(serverId);
    if (server) await this.connections.setRoots(serverId, server.roots ?? []);
  }

  private announce(serverId: string, change: EventOf<'tools.mcp.changed'>['change']): void {
    this.bus
      .publish('tools.mcp.changed', { serverId, change, processId: this.bus.processId })
      .catch((error) => this.logger.warn(`could not tell other replicas that MCP server ${serverId} changed: ${String(error)}`));
  }

  /** Lists a server's tools, resources and prompts now (per-user servers: with the caller's connection) and brings the registry in line. */
  async discover(id: string, principal?: Principal): Promise<McpServerDto & { tools: Array<{ id: string; name: string }> }> {
    const server = await this.get(id);
    const userId = server.perUser ? principal?.id : undefined;
    const key = this.keyOf(server, userId);
    const connected = this.connections.status(key).status === 'connected';
    const catalog = connected ? await this.connections.catalog(key) : await this.connections.connect(this.endpointOf(server, userId));
    const tools = await this.applyCatalog(server, catalog);
    return { ...(await this.describe(server.id, principal)), tools: tools.map((tool) => ({ id: tool.id, name: tool.name })) };
  }

  /**
   * Starts OAuth authorization of a server for the caller: returns the URL to open in a browser (null when the
   * server uses client credentials and got its token at once). A shared server needs tools:write; each user
   * authorizes a per-user server for themselves.
   */
  async authorize(
    id: string,
    principal: Principal,
  ): Promise<{ authorizationUrl: string | null; expiresAt: string | null; status: string }> {
    const server = await this.get(id);
    if (server.transport === 'stdio' || !server.url)
      throw new ToolsError(ToolsErrorCode.SERVER_INVALID, 'Only Streamable HTTP and SSE servers use OAuth authorization');
    if (!server.perUser && !can(principal, 'tools:write'))
      throw new ToolsError(ToolsErrorCode.TOOL_FORBIDDEN, 'Authorizing a shared MCP server needs permission tools:write');
    const userId = server.perUser ? principal.id : SERVER_LEVEL;
    const started = await this.oauth.begin(server, userId, principal);
    if (started.authorizationUrl) return { ...started, status: 'pending' };
    // Client credentials: authorized without a person; connect now.
    await this.afterAuthorization(server.id, userId);
    return { ...started, status: 'authorized' };
  }

  /**
   * Disconnects an account from an OAuth server: its tokens are forgotten (a shared server's by someone with
   * tools:write, a per-user server's by each user for themselves) and its connection closed; calls then answer
   * MCP_AUTHORIZATION_REQUIRED until someone authorizes again.
   */
  async forgetAuthorization(id: string, principal: Principal): Promise<void> {
    const server = await this.get(id);
    if (server.transport === 'stdio' || !server.url)
      throw new ToolsError(ToolsErrorCode.SERVER_INVALID, 'Only Streamable HTTP and SSE servers use OAuth authorization');
    if (!server.perUser && !can(principal, 'tools:write'))
      throw new ToolsError(ToolsErrorCode.TOOL_FORBIDDEN, 'Disconnecting a shared MCP server needs permission tools:write');
    const userId = server.perUser ? principal.id : SERVER_LEVEL;
    if (!(await this.oauth.forget(server.id, userId)))
      throw new ToolsError(ToolsErrorCode.SERVER_NOT_FOUND, `No authorization of MCP server ${server.name} to forget`);
    await this.connections.requireAuthorization(this.keyOf(server, server.perUser ? principal.id : undefined));
    if (!server.perUser) {
      await this.servers.update(server.id, { status: 'needs_authorization', lastError: 'Authorization was removed' });
      await this.registry.setServerHealth(server.id, 'unhealthy');
    }
  }

  /** After a consent completed: reconnect with the new tokens and discover. */
  async afterAuthorization(serverId: string, userId: string): Promise<McpServerDto> {
    const server = await this.get(serverId);
    const catalog = await this.connections.connect(this.endpointOf(server, userId || undefined));
    await this.applyCatalog(server, catalog);
    return this.describe(server.id);
  }

  /**
   * Calls a tool on a server: the shared connection, or the caller's own for a per-user server (opened on first use).
   * The platform's own resource and prompt tools become resources/read and prompts/get.
   */
  async callTool(
    serverId: string,
    name: string,
    args: Record<string, unknown>,
    options: {
      principalId?: string;
      signal?: AbortSignal;
      timeoutMs: number;
      onProgress?: (progress: { progress: number; total?: number; message?: string }) => void;
      onElicitation?: ElicitationAsker;
    },
  ): Promise<CallToolResult> {
    const key = await this.connectionFor(serverId, options.principalId);
    if (name === RESOURCE_READ) {
      const read = await this.connections.readResource(key, String(args.uri), options);
      return { content: [], structuredContent: { contents: read.contents } };
    }
    if (name === PROMPT_GET) {
      const prompt = await this.connections.getPrompt(key, String(args.name), (args.arguments ?? {}) as Record<string, string>, options);
      return { content: [], structuredContent: { description: prompt.description ?? null, messages: prompt.messages } };
    }
    return this.connections.callTool(key, name, args, options);
  }

  /** Sampling requests this server made, newest first. */
  async samplingRequests(id: string, limit: number, offset: number) {
    const server = await this.get(id);
    const page = await this.sampling.list(server.id, limit, offset);
    return {
      items: page.items.map((row) => ({ ...row, createdAt: row.createdAt.toISOString() })),
      total: page.total,
    };
  }

  /**
   * The connection key to use: the shared one, or the caller's own for a per-user server. Either opens on first use:
   * per-user ones always, a shared one on a replica that did not register the server or heard it changed elsewhere.
   */
  private async connectionFor(serverId: string, principalId: string | undefined): Promise<string> {
    // A live shared connection means a shared server (per-user servers never have one): no row to read per call.
    if (this.connections.status(serverId).status === 'connected') return serverId;
    const server = await this.servers.findById(serverId);
    if (!server) return serverId;
    if (server.perUser && !principalId)
      throw new ToolsError(ToolsErrorCode.MCP_AUTHORIZATION_REQUIRED, `MCP server ${server.name} is per-user: it needs a signed-in caller`);
    const key = server.perUser ? this.keyOf(server, principalId) : server.id;
    // A shared connection that dropped reconnects by itself with backoff; one this replica never held opens now.
    const idle = server.perUser ? this.connections.status(key).status === 'disconnected' : !this.connections.has(key);
    // Calls arriving while it opens wait for that one opening.
    let opening = this.opening.get(key);
    if (!opening && server.enabled && idle) {
      opening = this.connections.connect(this.endpointOf(server, principalId)).finally(() => this.opening.delete(key));
      this.opening.set(key, opening);
    }
    if (opening) await opening;
    return key;
  }

  private async applyCatalog(server: McpServerEntity, catalog: Awaited<ReturnType<McpConnections['catalog']>>) {
    const tools = await this.registry.syncServerTools(
      { id: server.id, name: server.name, version: String(catalog.serverInfo?.version ?? '1') },
      catalogTools(catalog),
    );
    await this.servers.update(server.id, {
      status: 'connected',
      lastError: null,
      resources: catalog.resources,
      prompts: catalog.prompts,
      serverInfo: catalog.serverInfo,
      discoveredAt: new Date().toISOString(),
    });
    return tools;
  }

  private scheduleRefresh(serverId: string): void {
    clearTimeout(this.refreshTimers.get(serverId));
    // list_changed notifications come in bursts; one refresh per burst.
    this.refreshTimers.set(
      serverId,
      setTimeout(() => {
        this.refreshTimers.delete(serverId);
        void this.discover(serverId).catch((error) => this.logger.warn(`refresh of ${serverId} failed: ${String(error.message ?? error)}`));
      }, 100),
    );
  }

  /** Shared connections set the server's status; a user's connection to a per-user server only reports that it works. */
  private async recordStatus(serverId: string, status: ConnectionStatus, error: string | undefined, key: string): Promise<void> {
    if (key !== serverId && status !== 'connected') return;
    await this.servers.update(serverId, { status, lastError: error ?? null }).catch(() => undefined);
    if (status === 'connected') await this.registry.setServerHealth(serverId, 'healthy').catch(() => undefined);
    else if (status !== 'connecting') await this.registry.setServerHealth(serverId, 'unhealthy').catch(() => undefined);
  }

  private keyOf(server: McpServerEntity, userId?: string): string {
    return server.perUser && userId ? `${server.id}:${userId}` : server.id;
  }

  /** How to reach a server; HTTP servers without a static Authorization header get the OAuth provider (per user if per-user). */
  private endpointOf(server: McpServerEntity, userId?: string): McpEndpoint {
    const headers = server.headersSealed ? (JSON.parse(this.secrets.open(server.headersSealed)) as Record<string, string>) : undefined;
    const http = server.transport !== 'stdio' && server.url;
    const staticAuth = Object.keys(headers ?? {}).some((name) => name.toLowerCase() === 'authorization');
    const subject = server.perUser ? (userId ?? SERVER_LEVEL) : SERVER_LEVEL;
    return {
      id: server.id,
      key: this.keyOf(server, userId),
      name: server.name,
      transport: server.transport,
      command: server.command,
      args: server.args,
      env: server.envSealed ? (JSON.parse(this.secrets.open(server.envSealed)) as Record<string, string>) : undefined,
      url: server.url,
      headers,
      roots: server.roots ?? [],
      fetch: http ? this.oauth.fetchFor(server) : undefined,
      authProvider:
        http && !staticAuth
          ? this.oauth.provider(server, subject, () => void this.oauth.markNeedsAuthorization(server.id, subject).catch(() => undefined))
          : undefined,
    };
  }

  private sealHeaders(headers: Record<string, string> | undefined, bearerToken: string | undefined): string | null {
    const all = { ...(headers ?? {}), ...(bearerToken ? { authorization: `Bearer ${bearerToken}` } : {}) };
    return Object.keys(all).length ? this.secrets.seal(JSON.stringify(all)) : null;
  }

  /** Sampling spends the platform's model budget: only an admin may allow it. */
  private checkSampling(sampling: UpdateMcpServerDto['sampling'], principal: Principal | undefined): void {
    if (sampling?.enabled && principal?.role !== 'admin')
      throw new ToolsError(ToolsErrorCode.TOOL_FORBIDDEN, 'Only an admin may allow an MCP server to sample the platform’s models');
  }

  private checkShape(transport: string, command: string | null | undefined, url: string | null | undefined): void {
    if (transport === 'stdio' && !command) throw new ToolsError(ToolsErrorCode.SERVER_INVALID, 'A stdio server needs command');
    if (transport !== 'stdio' && !url) throw new ToolsError(ToolsErrorCode.SERVER_INVALID, `A ${transport} server needs url`);
  }

  private checkOAuth(transport: string, oauth: McpOAuthSettings | undefined, perUser: boolean): void {
    const configured = oauth && Object.values(oauth).some((value) => value !== undefined);
    if ((configured || perUser) && transport === 'stdio')
      throw new ToolsError(ToolsErrorCode.SERVER_INVALID, 'OAuth settings and perUser apply to Streamable HTTP and SSE servers only');
    if (oauth?.grant === 'client_credentials') {
      if (!oauth.clientId || (!oauth.clientSecret && !oauth.privateKeyPem))
        throw new ToolsError(
          ToolsErrorCode.SERVER_INVALID,
          'client_credentials needs oauth.clientId and oauth.clientSecret or oauth.privateKeyPem',
        );
      if (perUser)
        throw new ToolsError(ToolsErrorCode.SERVER_INVALID, 'A client_credentials server acts as the platform: it cannot be perUser');
    }
  }

  toDto(server: McpServerEntity, authorization?: McpAuthorizationSummary): McpServerDto {
    const live = server.perUser ? { status: 'disconnected' as const, lastError: undefined } : this.connections.status(server.id);
    return {
      id: server.id,
      name: server.name,
      transport: server.transport,
      command: server.command,
      args: server.args,
      url: server.url,
      hasEnv: server.envSealed !== null,
      hasHeaders: server.headersSealed !== null,
      enabled: server.enabled,
      status: live.status === 'disconnected' ? server.status : live.status,
      lastError: live.lastError ?? server.lastError,
      perUser: server.perUser,
      authorization: authorization ?? {
        mode: server.transport === 'stdio' ? 'none' : 'oauth',
        perUser: server.perUser,
        status: 'not_required',
        authorizedUsers: 0,
        expiresAt: null,
        scope: null,
        lastError: null,
      },
      sampling: server.sampling,
      roots: server.roots ?? [],
      serverInfo: server.serverInfo,
      resources: server.resources,
      prompts: server.prompts,
      discoveredAt: server.discoveredAt,
      createdAt: server.createdAt.toISOString(),
    };
  }
}

const SAMPLING_DEFAULTS = { maxTokens: 1024, perMinute: 10 };

/** Settings to store from a request: unspecified limits keep their current value, or the defaults. */
function samplingSettings(dto: NonNullable<UpdateMcpServerDto['sampling']>, current?: McpSamplingSettings | null): McpSamplingSettings {
  return {
    enabled: dto.enabled,
    provider: dto.provider,
    modelId: dto.modelId,
    maxTokens: dto.maxTokens ?? current?.maxTokens ?? SAMPLING_DEFAULTS.maxTokens,
    perMinute: dto.perMinute ?? current?.perMinute ?? SAMPLING_DEFAULTS.perMinute,
  };
}
