import { Injectable } from '@nestjs/common';
import { isUniqueViolation } from '@libs/database';
import type { Tool } from '@modelcontextprotocol/sdk/types.js';
import type { BuiltinTool } from 'src/modules/tools/builtin/builtin-tools';
import type { ToolEntity, ToolExecutionEntity, ToolHealth } from 'src/modules/tools/tool.entity';
import { ToolsError, ToolsErrorCode } from 'src/modules/tools/tools.errors';
import { ToolsRepository, type ToolFilter } from 'src/modules/tools/tools.repository';
import type { Principal } from 'src/core/auth/permissions';

/** How long a looked-up tool (and its allow list) is reused; every write here drops the cache at once. */
const LOOKUP_CACHE_MS = 1_000;

/** The one list of tools: built-ins and every discovered MCP tool, with schemas, origin, version and health. */
@Injectable()
export class ToolRegistryService {
  private readonly cache = new Map<string, { value: unknown; at: number }>();

  constructor(private readonly tools: ToolsRepository) {}

  /** Recent calls of a tool (by id or name), newest first. */
  async recentExecutions(ref: string, limit: number): Promise<ToolExecutionEntity[]> {
    const tool = await this.get(ref);
    return this.tools.recentCalls(tool.id, limit);
  }

  async syncBuiltins(builtins: BuiltinTool[], version: string): Promise<void> {
    this.cache.clear();
    for (const builtin of builtins) {
      // Replicas starting together race to insert the same row: the loser updates the winner's row instead.
      await this.saveBuiltin(builtin, version).catch(async (error: unknown) => {
        if (!isUniqueViolation(error)) throw error;
        await this.saveBuiltin(builtin, version);
      });
    }
  }

  private async saveBuiltin(builtin: BuiltinTool, version: string): Promise<void> {
    const existing = await this.tools.findByName(builtin.name);
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

  /** Makes the registry match what a server offers now: new tools added, changed ones updated, gone ones removed. */
  /** offered: the server's tools; remoteName, when given, is what calls are routed by (the platform's own resource/prompt tools). */
  async syncServerTools(
    server: { id: string; name: string; version?: string },
    offered: Array<Tool & { remoteName?: string }>,
  ): Promise<ToolEntity[]> {
    this.cache.clear();
    const names = offered.map((tool) => `${server.name}.${tool.name}`);
    await this.tools.deleteServerToolsExcept(server.id, names);
    const existing = new Map((await this.tools.findByServer(server.id)).map((row) => [row.name, row]));
    const rows = offered.map((tool) => {
      const name = `${server.name}.${tool.name}`;
      return this.tools.build({
        ...(existing.get(name) ?? {}),
        name,
        description: tool.description ?? tool.title ?? '',
        origin: 'mcp',
        serverId: server.id,
        remoteName: tool.remoteName ?? tool.name,
        inputSchema: tool.inputSchema as Record<string, unknown>,
        outputSchema: (tool.outputSchema as Record<string, unknown> | undefined) ?? null,
        tags: ['mcp', server.name],
        annotations: (tool.annotations as Record<string, unknown> | undefined) ?? null,
        version: server.version ?? '1',
        health: 'healthy',
      });
    });
    return rows.length ? this.tools.saveMany(rows) : [];
  }

  async setServerHealth(serverId: string, health: ToolHealth): Promise<void> {
    this.cache.clear();
    await this.tools.setServerHealth(serverId, health);
  }

  async removeServerTools(serverId: string): Promise<void> {
    this.cache.clear();
    await this.tools.deleteServerTools(serverId);
  }

  async list(filter: ToolFilter): Promise<ToolEntity[]> {
    const rows = await this.tools.list(filter);
    // Tags are a JSON column: filtered here, the same way on every database.
    return filter.tag ? rows.filter((row) => row.tags.includes(filter.tag!)) : rows;
  }

  /** By id, or by name (what agents and MCP clients use). */
  async get(ref: string): Promise<ToolEntity> {
    const row = await this.cached(`tool:${ref}`, () => this.tools.findByRef(ref));
    if (!row) throw new ToolsError(ToolsErrorCode.TOOL_NOT_FOUND, `Tool ${ref.slice(0, 200)} not found`);
    return row;
  }

  async permissionsOf(toolId: string): Promise<{ roles: string[]; agents: string[] }> {
    const row = await this.cached(`perm:${toolId}`, () => this.tools.findPermissions(toolId));
    return { roles: row?.roles ?? [], agents: row?.agents ?? [] };
  }

  /** Restricts a tool to roles and agents; only an admin may. Returns what is now in force. */
  async restrict(ref: string, roles: string[], agents: string[], actor: Principal): Promise<{ roles: string[]; agents: string[] }> {
    if (actor.role !== 'admin') throw new ToolsError(ToolsErrorCode.TOOL_FORBIDDEN, 'Only an admin may change tool permissions');
    const tool = await this.get(ref);
    await this.setPermissions(tool.id, roles, agents);
    return this.permissionsOf(tool.id);
  }

  async setPermissions(toolId: string, roles: string[], agents: string[]): Promise<void> {
    await this.tools.savePermissions(toolId, roles, agents);
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
