import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Brackets, type EntityManager, type Repository } from 'typeorm';
import { A2aPushConfigEntity, A2aTaskEntity } from 'src/modules/agents/entities/a2a-task.entity';

/** A task row as the store writes it (timestamps are the database's). */
export type A2aTaskRow = Omit<A2aTaskEntity, 'createdAt' | 'updatedAt'>;

export interface A2aTaskListFilter {
  owner: string;
  agentId?: string;
  contextId?: string;
  state?: number;
  /** ISO 8601: only tasks whose status changed after this. */
  after?: string;
  /** Keyset cursor: tasks listed before this one (status timestamp, then id, both descending). */
  cursor?: { timestamp: string; id: string };
  /** Rows wanted; one more than a page tells whether another page follows. */
  take: number;
}

/** The only class that touches the A2A task and push-config tables. */
@Injectable()
export class A2aTasksRepository {
  private readonly postgres: boolean;
  private readonly upsertSql: string;

  constructor(
    @InjectRepository(A2aTaskEntity) private readonly tasks: Repository<A2aTaskEntity>,
    @InjectRepository(A2aPushConfigEntity) private readonly pushConfigs: Repository<A2aPushConfigEntity>,
  ) {
    // The hot path (every event of every run) is one hand-written statement, not a query builder per call.
    this.postgres = tasks.manager.connection.options.type === 'postgres';
    this.upsertSql =
      `INSERT INTO a2a_tasks (id, agent_id, context_id, owner, state, status_timestamp, task) ` +
      `VALUES (${[1, 2, 3, 4, 5, 6, 7].map((n) => this.param(n)).join(', ')}) ON CONFLICT (id) DO UPDATE SET ` +
      `state = excluded.state, status_timestamp = excluded.status_timestamp, task = excluded.task, ` +
      `updated_at = ${this.postgres ? 'now()' : "datetime('now')"}`;
  }

  /** Inserts or updates task rows; several in one transaction. */
  async upsert(rows: A2aTaskRow[]): Promise<void> {
    if (rows.length === 1) await this.upsertWith(this.tasks.manager, rows[0]!);
    else
      await this.tasks.manager.transaction(async (manager) => {
        for (const row of rows) await this.upsertWith(manager, row);
      });
  }

  async find(taskId: string): Promise<{ agentId: string; owner: string; task: Record<string, unknown> } | undefined> {
    const [row] = (await this.tasks.query(`SELECT agent_id, owner, task FROM a2a_tasks WHERE id = ${this.param(1)}`, [taskId])) as Array<{
      agent_id: string;
      owner: string;
      task: string;
    }>;
    return row && { agentId: row.agent_id, owner: row.owner, task: JSON.parse(row.task) as Record<string, unknown> };
  }

  async contextIdOf(taskId: string): Promise<string | undefined> {
    return (await this.tasks.findOne({ where: { id: taskId }, select: { contextId: true } }))?.contextId;
  }

  /** The latest tasks of a conversation, newest first. */
  recentOfContext(agentId: string, contextId: string, limit: number): Promise<A2aTaskEntity[]> {
    return this.tasks.find({ where: { agentId, contextId }, order: { createdAt: 'DESC' }, take: limit });
  }

  /** One page of tasks, newest status first, and how many match the filter in all (cursor aside). */
  async list(filter: A2aTaskListFilter): Promise<{ rows: A2aTaskEntity[]; totalSize: number }> {
    const query = this.tasks.createQueryBuilder('t').where('t.owner = :owner', { owner: filter.owner });
    if (filter.agentId) query.andWhere('t.agent_id = :agentId', { agentId: filter.agentId });
    if (filter.contextId) query.andWhere('t.context_id = :contextId', { contextId: filter.contextId });
    if (filter.state) query.andWhere('t.state = :state', { state: filter.state });
    if (filter.after) query.andWhere('t.status_timestamp > :after', { after: filter.after });
    const totalSize = await query.getCount();
    const cursor = filter.cursor;
    if (cursor)
      query.andWhere(
        new Brackets((where) =>
          where
            .where('t.status_timestamp < :ts', { ts: cursor.timestamp })
            .orWhere('t.status_timestamp = :ts AND t.id < :cursorId', { cursorId: cursor.id }),
        ),
      );
    const rows = await query.orderBy('t.status_timestamp', 'DESC').addOrderBy('t.id', 'DESC').take(filter.take).getMany();
    return { rows, totalSize };
  }

  async upsertPushConfig(row: Omit<A2aPushConfigEntity, 'createdAt'>): Promise<void> {
    await this.pushConfigs.upsert(row as never, ['taskId', 'configId']);
  }

  findPushConfigs(taskId: string, owner: string): Promise<A2aPushConfigEntity[]> {
    return this.pushConfigs.find({ where: { taskId, owner }, order: { createdAt: 'ASC' } });
  }

  async deletePushConfigs(taskId: string, owner: string, configId?: string): Promise<void> {
    await this.pushConfigs.delete({ taskId, owner, ...(configId ? { configId } : {}) });
  }

  private async upsertWith(manager: EntityManager, row: A2aTaskRow): Promise<void> {
    await manager.query(this.upsertSql, [
      row.id,
      row.agentId,
      row.contextId,
      row.owner,
      row.state,
      row.statusTimestamp,
      JSON.stringify(row.task),
    ]);
  }

  private param(n: number): string {
    return this.postgres ? `$${n}` : '?';
  }
}
