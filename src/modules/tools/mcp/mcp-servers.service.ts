import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { Env } from '@libs/config';
import { isUuid } from '@libs/contracts';
import { loadSecretBox, type SecretBox } from '@libs/crypto';
import type { Principal } from 'src/core/auth/permissions';
import { ENV } from 'src/core/env.token';
import type { CreateMcpServerDto, McpServerDto, UpdateMcpServerDto } from 'src/modules/tools/dto/mcp.dto';
import { ToolRegistryService } from 'src/modules/tools/tool-registry.service';
import { ToolsError, ToolsErrorCode } from 'src/modules/tools/tools.errors';
import { McpConnections, type McpEndpoint } from 'src/modules/tools/mcp/mcp-connections';
import type { McpServerEntity } from 'src/modules/tools/mcp/mcp-server.entity';
import { McpServersRepository } from 'src/modules/tools/mcp/mcp-servers.repository';

/** Registered MCP servers: stored (secrets sealed), connected at start, discovered into the tool registry. */
@Injectable()
export class McpServersService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('McpServers');
  private readonly secrets: SecretBox;
  private readonly refreshTimers = new Map<string, NodeJS.Timeout>();
  readonly connections: McpConnections;

  /** A tool's health: built-in tools keep their recorded health; MCP tools report their server connection live. */
  async toolHealth(ref: string) {
    const tool = await this.registry.get(ref);
    if (!tool.serverId) return { id: tool.id, name: tool.name, health: tool.health, serverStatus: null, lastError: null };
    const live = this.connections.status(tool.serverId);
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
  ) {
    this.secrets = loadSecretBox(env);
    this.connections = new McpConnections({
      onStatus: (serverId, status, error) => void this.recordStatus(serverId, status, error),
      onListChanged: (serverId) => this.scheduleRefresh(serverId),
    });
  }

  async onApplicationBootstrap(): Promise<void> {
    const servers = await this.servers.enabled();
    // In the background: a slow or dead server must not hold the platform's start.
    for (const server of servers)
      this.connections
        .connect(this.endpointOf(server))
        .then((catalog) => this.applyCatalog(server, catalog))
        .catch((error) => this.logger.warn(`MCP server ${server.name}: ${String(error.message ?? error)}`));
  }

  async onApplicationShutdown(): Promise<void> {
    for (const timer of this.refreshTimers.values()) clearTimeout(timer);
    await this.connections.closeAll();
  }

  async list(): Promise<McpServerDto[]> {
    return (await this.servers.all()).map((server) => this.toDto(server));
  }

  async get(id: string): Promise<McpServerEntity> {
    const server = isUuid(id) ? await this.servers.findById(id) : await this.servers.findByName(id);
    if (!server) throw new ToolsError(ToolsErrorCode.SERVER_NOT_FOUND, `MCP server ${id.slice(0, 100)} not found`);
    return server;
  }

  /** Registers a server; unless connect=false it must answer first, and its tools are discovered at once. */
  async create(dto: CreateMcpServerDto, principal: Principal): Promise<McpServerDto> {
    this.checkShape(dto.transport, dto.command, dto.url);
    if (dto.transport === 'stdio' && principal.role !== 'admin')
      throw new ToolsError(ToolsErrorCode.TOOL_FORBIDDEN, 'Only an admin may register a stdio MCP server (it runs a command on this host)');
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
      enabled: true,
      status: 'disconnected',
      lastError: null,
      serverInfo: null,
      resources: [],
      prompts: [],
      discoveredAt: null,
    });
    if (dto.connect === false) return this.toDto(await this.servers.save(server));
    const saved = await this.servers.save(server);
    try {
      const catalog = await this.connections.connect(this.endpointOf(saved));
      await this.applyCatalog(saved, catalog);
    } catch (error) {
      // Nothing half-registered: a server that cannot be reached is not kept (use connect=false to keep it).
      await this.connections.disconnect(saved.id);
      await this.servers.delete(saved.id);
      throw error;
    }
    return this.toDto(await this.get(saved.id));
  }

  async update(id: string, dto: UpdateMcpServerDto): Promise<McpServerDto> {
    const server = await this.get(id);
    if (dto.command !== undefined) server.command = dto.command;
    if (dto.args !== undefined) server.args = dto.args;
    if (dto.env !== undefined) server.envSealed = Object.keys(dto.env).length ? this.secrets.seal(JSON.stringify(dto.env)) : null;
    if (dto.url !== undefined) server.url = dto.url;
    if (dto.headers !== undefined || dto.bearerToken !== undefined) server.headersSealed = this.sealHeaders(dto.headers, dto.bearerToken);
    if (dto.enabled !== undefined) server.enabled = dto.enabled;
    this.checkShape(server.transport, server.command, server.url);
    await this.servers.save(server);
    await this.connections.disconnect(server.id);
    if (server.enabled) await this.discover(server.id).catch(() => undefined);
    else await this.registry.setServerHealth(server.id, 'unhealthy');
    return this.toDto(await this.get(server.id));
  }

  async remove(id: string): Promise<void> {
    const server = await this.get(id);
    await this.connections.disconnect(server.id);
    await this.registry.removeServerTools(server.id);
    await this.servers.delete(server.id);
  }

  /** Lists a server's tools, resources and prompts now and brings the registry in line. */
  async discover(id: string): Promise<McpServerDto & { tools: Array<{ id: string; name: string }> }> {
    const server = await this.get(id);
    const connected = this.connections.status(server.id).status === 'connected';
    const catalog = connected ? await this.connections.catalog(server.id) : await this.connections.connect(this.endpointOf(server));
    const tools = await this.applyCatalog(server, catalog);
    return { ...this.toDto(await this.get(server.id)), tools: tools.map((tool) => ({ id: tool.id, name: tool.name })) };
  }

  private async applyCatalog(server: McpServerEntity, catalog: Awaited<ReturnType<McpConnections['catalog']>>) {
    const tools = await this.registry.syncServerTools(
      { id: server.id, name: server.name, version: String(catalog.serverInfo?.version ?? '1') },
      catalog.tools,
    );
    await this.servers.update(server.id, {
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

  private async recordStatus(serverId: string, status: string, error?: string): Promise<void> {
    await this.servers.update(serverId, { status, lastError: error ?? null }).catch(() => undefined);
    if (status === 'connected') await this.registry.setServerHealth(serverId, 'healthy').catch(() => undefined);
    else if (status !== 'connecting') await this.registry.setServerHealth(serverId, 'unhealthy').catch(() => undefined);
  }

  private endpointOf(server: McpServerEntity): McpEndpoint {
    return {
      id: server.id,
      name: server.name,
      transport: server.transport,
      command: server.command,
      args: server.args,
      env: server.envSealed ? (JSON.parse(this.secrets.open(server.envSealed)) as Record<string, string>) : undefined,
      url: server.url,
      headers: server.headersSealed ? (JSON.parse(this.secrets.open(server.headersSealed)) as Record<string, string>) : undefined,
    };
  }

  private sealHeaders(headers: Record<string, string> | undefined, bearerToken: string | undefined): string | null {
    const all = { ...(headers ?? {}), ...(bearerToken ? { authorization: `Bearer ${bearerToken}` } : {}) };
    return Object.keys(all).length ? this.secrets.seal(JSON.stringify(all)) : null;
  }

  private checkShape(transport: string, command: string | null | undefined, url: string | null | undefined): void {
    if (transport === 'stdio' && !command) throw new ToolsError(ToolsErrorCode.SERVER_INVALID, 'A stdio server needs command');
    if (transport !== 'stdio' && !url) throw new ToolsError(ToolsErrorCode.SERVER_INVALID, `A ${transport} server needs url`);
  }

  toDto(server: McpServerEntity): McpServerDto {
    const live = this.connections.status(server.id);
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
      serverInfo: server.serverInfo,
      resources: server.resources,
      prompts: server.prompts,
      discoveredAt: server.discoveredAt,
      createdAt: server.createdAt.toISOString(),
    };
  }
}
