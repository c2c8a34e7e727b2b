import { Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, Not, type Repository } from 'typeorm';
import { isUuid } from '@libs/contracts';
import { BatchingWriter } from '@libs/batching';
import { insertLogRows } from '@libs/database';
import { ToolEntity, ToolExecutionEntity, ToolPermissionEntity, type ToolHealth, type ToolOrigin } from 'src/modules/tools/tool.entity';

export interface ToolFilter {
  origin?: ToolOrigin;
  tag?: string;
  health?: ToolHealth;
  serverId?: string;
  q?: string;
}

/** A tool call as logged (the database adds id and time). */
export type ToolCallLog = Omit<ToolExecutionEntity, 'id' | 'createdAt'>;

/** How long a call's log entry may wait: one insert per interval instead of one per call. */
const LOG_BATCH_MS = 200;

/** The only class that touches the tool, tool permission and tool call log tables. */
@Injectable()
export class ToolsRepository implements OnApplicationShutdown {
  private readonly logger = new Logger('ToolExecution');
  private readonly callLog: BatchingWriter<ToolCallLog>;

  constructor(
    @InjectRepository(ToolEntity) private readonly tools: Repository<ToolEntity>,
    @InjectRepository(ToolPermissionEntity) private readonly permissions: Repository<ToolPermissionEntity>,
    @InjectRepository(ToolExecutionEntity) private readonly executions: Repository<ToolExecutionEntity>,
  ) {
    this.callLog = new BatchingWriter({
      name: 'tool-executions',
      intervalMs: LOG_BATCH_MS,
      write: (batch) => insertLogRows(this.executions, batch),
      onError: (error, size) => this.logger.error(`could not log ${size} tool call(s): ${String(error)}`),
    });
  }

  /** By id, or by name (what agents and MCP clients use). */
  findByRef(ref: string): Promise<ToolEntity | null> {
    return this.tools.findOne({ where: isUuid(ref) ? { id: ref } : { name: ref } });
  }

  findByName(name: string): Promise<ToolEntity | null> {
    return this.tools.findOne({ where: { name } });
  }

  findByServer(serverId: string): Promise<ToolEntity[]> {
    return this.tools.find({ where: { serverId } });
  }

  async list(filter: Omit<ToolFilter, 'tag'>): Promise<ToolEntity[]> {
    const query = this.tools.createQueryBuilder('t').orderBy('t.name', 'ASC');
    if (filter.origin) query.andWhere('t.origin = :origin', { origin: filter.origin });
    if (filter.health) query.andWhere('t.health = :health', { health: filter.health });
    if (filter.serverId) query.andWhere('t.server_id = :serverId', { serverId: filter.serverId });
    if (filter.q)
      query.andWhere('(LOWER(t.name) LIKE :q OR LOWER(t.description) LIKE :q)', { q: `%${filter.q.toLowerCase().replace(/[%_]/g, '')}%` });
    return query.getMany();
  }

  /** An unsaved tool row (defaults applied as TypeORM does). */
  build(fields: Partial<ToolEntity>): ToolEntity {
    return this.tools.create(fields);
  }

  save(tool: Partial<ToolEntity>): Promise<ToolEntity> {
    return this.tools.save(tool);
  }

  saveMany(tools: ToolEntity[]): Promise<ToolEntity[]> {
    return this.tools.save(tools);
  }

  /** Removes a server's tools except those named (all of them when names is empty). */
  async deleteServerToolsExcept(serverId: string, names: string[]): Promise<void> {
    await this.tools.delete({ serverId, ...(names.length ? { name: Not(In(names)) } : {}) });
  }

  async setServerHealth(serverId: string, health: ToolHealth): Promise<void> {
    await this.tools.update({ serverId }, { health });
  }

  /** A server's tools and their allow lists. */
  async deleteServerTools(serverId: string): Promise<void> {
    const rows = await this.tools.find({ where: { serverId }, select: { id: true } });
    await this.tools.delete({ serverId });
    if (rows.length) await this.permissions.delete({ toolId: In(rows.map((row) => row.id)) });
  }

  findPermissions(toolId: string): Promise<ToolPermissionEntity | null> {
    return this.permissions.findOne({ where: { toolId } });
  }

  async savePermissions(toolId: string, roles: string[], agents: string[]): Promise<void> {
    await this.permissions.save({ toolId, roles, agents });
  }

  /**
   * Records a call before its caller hears the outcome (a group commit: concurrent calls share one insert), so a
   * process killed right after answering never loses the record of a call it answered. A failed write is logged.
   */
  async logCall(entry: ToolCallLog): Promise<void> {
    await this.callLog.commit(entry).catch(() => undefined); // onError has logged it
  }

  /** Recent calls of a tool, newest first; buffered entries are written first so a finished call is listed. */
  async recentCalls(toolId: string, limit: number): Promise<ToolExecutionEntity[]> {
    await this.callLog.flush();
    return this.executions.find({ where: { toolId }, order: { createdAt: 'DESC' }, take: limit });
  }

  async onApplicationShutdown(): Promise<void> {
    await this.callLog.close();
  }
}
