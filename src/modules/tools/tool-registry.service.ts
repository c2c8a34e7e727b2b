import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Tool } from '@modelcontextprotocol/sdk/types.js';
import { In, Not, type Repository } from 'typeorm';
import type { BuiltinTool } from './builtin/builtin-tools';
import { ToolEntity, ToolExecutionEntity, ToolPermissionEntity, type ToolHealth, type ToolOrigin } from './tool.entity';
import { ToolsError, ToolsErrorCode } from './tools.errors';

const isUuid = (value: string) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value);

export interface ToolFilter {
  origin?: ToolOrigin;
  tag?: string;
  health?: ToolHealth;
  serverId?: string;
  q?: string;
}

/** How long a looked-up tool (and its allow list) is reused; every write here drops the cache at once. */
const LOOKUP_CACHE_MS = 1_000;

/** The one list of tools: built-ins and every discovered MCP tool, with schemas, origin, version and health. */
@Injectable()
export class ToolRegistryService {
  private readonly cache = new Map<string, { value: unknown; at: number }>();

  constructor(
    @InjectRepository(ToolEntity) private readonly tools: Repository<ToolEntity>,
    @InjectRepository(ToolPermissionEntity) private readonly permissions: Repository<ToolPermissionEntity>,
    @InjectRepository(ToolExecutionEntity) private readonly executions: Repository<ToolExecutionEntity>,
  ) {}

  async recentExecutions(toolId: string, limit: number): Promise<ToolExecutionEntity[]> {
    return this.executions.find({ where: { toolId }, order: { createdAt: 'DESC' }, take: limit });
  }

  async syncBuiltins(builtins: BuiltinTool[], version: string): Promise<void> {
    this.cache.clear();
    for (const builtin of builtins) {
      const existing = await this.tools.findOne({ where: { name: builtin.name } });
      await this.tools.save({
        ...(existing ?? {}),
        name: builtin.name,
        description: builtin.description,
        origin: 'builtin' as const,
        serverId: null,
        remoteName: null,
        inputSchema: builtin.inputSchema,
        outputSchema: null,
        tags: builtin.tags,
        annotations: null,
        version,
        health: 'healthy' as const,
      });
    }
  }

  /** Makes the registry match what a server offers now: new tools added, changed ones updated, gone ones removed. */
  async syncServerTools(server: { id: string; name: string; version?: string }, offered: Tool[]): Promise<ToolEntity[]> {
    this.cache.clear();
    const names = offered.map((tool) => `${server.name}.${tool.name}`);
    await this.tools.delete({ serverId: server.id, ...(names.length ? { name: Not(In(names)) } : {}) });
    const existing = new Map((await this.tools.find({ where: { serverId: server.id } })).map((row) => [row.name, row]));
    const rows = offered.map((tool) => {
      const name = `${server.name}.${tool.name}`;
      return this.tools.create({
        ...(existing.get(name) ?? {}),
        name,
        description: tool.description ?? tool.title ?? '',
        origin: 'mcp',
        serverId: server.id,
        remoteName: tool.name,
        inputSchema: tool.inputSchema as Record<string, unknown>,
        outputSchema: (tool.outputSchema as Record<string, unknown> | undefined) ?? null,
        tags: ['mcp', server.name],
        annotations: (tool.annotations as Record<string, unknown> | undefined) ?? null,
        version: server.version ?? '1',
        health: 'healthy',
      });
    });
    return rows.length ? this.tools.save(rows) : [];
  }

  async setServerHealth(serverId: string, health: ToolHealth): Promise<void> {
    this.cache.clear();
    await this.tools.update({ serverId }, { health });
  }

  async removeServerTools(serverId: string): Promise<void> {
    this.cache.clear();
    const rows = await this.tools.find({ where: { serverId }, select: { id: true } });
    await this.tools.delete({ serverId });
    if (rows.length) await this.permissions.delete({ toolId: In(rows.map((row) => row.id)) });
  }

  async list(filter: ToolFilter): Promise<ToolEntity[]> {
    const query = this.tools.createQueryBuilder('t').orderBy('t.name', 'ASC');
    if (filter.origin) query.andWhere('t.origin = :origin', { origin: filter.origin });
    if (filter.health) query.andWhere('t.health = :health', { health: filter.health });
    if (filter.serverId) query.andWhere('t.server_id = :serverId', { serverId: filter.serverId });
    if (filter.q)
      query.andWhere('(LOWER(t.name) LIKE :q OR LOWER(t.description) LIKE :q)', { q: `%${filter.q.toLowerCase().replace(/[%_]/g, '')}%` });
    const rows = await query.getMany();
    return filter.tag ? rows.filter((row) => row.tags.includes(filter.tag!)) : rows;
  }

  /** By id, or by name (what agents and MCP clients use). */
  async get(ref: string): Promise<ToolEntity> {
    const row = await this.cached(`tool:${ref}`, () => this.tools.findOne({ where: isUuid(ref) ? { id: ref } : { name: ref } }));
    if (!row) throw new ToolsError(ToolsErrorCode.TOOL_NOT_FOUND, `Tool ${ref.slice(0, 200)} not found`);
    return row;
  }

  async permissionsOf(toolId: string): Promise<{ roles: string[]; agents: string[] }> {
    const row = await this.cached(`perm:${toolId}`, () => this.permissions.findOne({ where: { toolId } }));
    return { roles: row?.roles ?? [], agents: row?.agents ?? [] };
  }

  async setPermissions(toolId: string, roles: string[], agents: string[]): Promise<void> {
    await this.permissions.save({ toolId, roles, agents });
    this.cache.clear();
  }

  private async cached<T>(key: string, load: () => Promise<T>): Promise<T> {
    const hit = this.cache.get(key);
    if (hit && Date.now() - hit.at < LOOKUP_CACHE_MS) return hit.value as T;
    const value = await load();
    if (this.cache.size > 10_000) this.cache.clear();
    this.cache.set(key, { value, at: Date.now() });
    return value;
  }
}
