import { Logger } from '@nestjs/common';
import { Task } from '@a2a-js/sdk';
import { RequestMalformedError } from '@a2a-js/sdk/errors';
import type { ServerCallContext, TaskStore } from '@a2a-js/sdk/server';
import { Brackets, type Repository } from 'typeorm';
import { A2aTaskEntity } from './a2a-task.entity';

type ListTasksRequest = Parameters<TaskStore['list']>[0];
type ListTasksResponse = Awaited<ReturnType<TaskStore['list']>>;

const DEFAULT_PAGE_SIZE = 50;
const MAX_PAGE_SIZE = 100;
/** How long a working task's intermediate updates may wait before they are written. */
const WRITE_BEHIND_MS = 250;
/** TaskState values whose task is settled or waiting for the client: written before the caller hears of them. */
const DURABLE_STATES = new Set([3, 4, 5, 6, 7, 8]);

/** Who a task belongs to: the authenticated caller, or one shared scope for unauthenticated callers of a public agent. */
export function ownerOf(context: ServerCallContext): string {
  const user = context.user;
  return user?.isAuthenticated ? user.userName : 'anonymous';
}

interface CachedTask {
  row: Omit<A2aTaskEntity, 'createdAt' | 'updatedAt'>;
  dirty: boolean;
}

/**
 * The A2A task store of the agents, in the platform's database: tasks survive restarts and are visible only to
 * the caller that created them. Tasks are kept in A2A 1.0 JSON form, so raw file parts round-trip as base64.
 *
 * While a task runs, the SDK loads and saves it on every event (each status change, each streamed chunk). The
 * store keeps running tasks in memory and writes a new task, and every settled or interrupted state
 * (completed, failed, canceled, rejected, input-required, auth-required), before returning; the working
 * states in between are written behind, at most WRITE_BEHIND_MS later. A crash mid-run can lose only
 * intermediate progress of a task that had not finished, never a state a client was told about as final.
 */
export class DbTaskStore implements TaskStore {
  private readonly logger = new Logger('A2aTaskStore');
  private readonly live = new Map<string, CachedTask>();
  private flushTimer?: NodeJS.Timeout;

  private readonly postgres: boolean;
  private readonly upsertSql: string;

  constructor(private readonly tasks: Repository<A2aTaskEntity>) {
    // The hot path (every event of every run) is one hand-written statement, not a query builder per call.
    this.postgres = tasks.manager.connection.options.type === 'postgres';
    const p = (n: number) => (this.postgres ? `$${n}` : '?');
    this.upsertSql =
      `INSERT INTO a2a_tasks (id, agent_id, context_id, owner, state, status_timestamp, task) ` +
      `VALUES (${[1, 2, 3, 4, 5, 6, 7].map(p).join(', ')}) ON CONFLICT (id) DO UPDATE SET ` +
      `state = excluded.state, status_timestamp = excluded.status_timestamp, task = excluded.task, ` +
      `updated_at = ${this.postgres ? 'now()' : "datetime('now')"}`;
  }

  private async write(rows: Array<CachedTask['row']>): Promise<void> {
    const run = async (row: CachedTask['row']) =>
      this.tasks.query(this.upsertSql, [
        row.id,
        row.agentId,
        row.contextId,
        row.owner,
        row.state,
        row.statusTimestamp,
        JSON.stringify(row.task),
      ]);
    if (rows.length === 1) await run(rows[0]!);
    else
      await this.tasks.manager.transaction(async (manager) => {
        for (const row of rows)
          await manager.query(this.upsertSql, [
            row.id,
            row.agentId,
            row.contextId,
            row.owner,
            row.state,
            row.statusTimestamp,
            JSON.stringify(row.task),
          ]);
      });
  }

  async save(task: Task, context: ServerCallContext, agentId?: string): Promise<void> {
    const cached = this.live.get(task.id);
    const state = task.status?.state ?? 0;
    const row = {
      id: task.id,
      agentId: agentId ?? cached?.row.agentId ?? '',
      contextId: task.contextId,
      owner: ownerOf(context),
      state,
      statusTimestamp: task.status?.timestamp ?? new Date().toISOString(),
      task: Task.toJSON(task) as Record<string, unknown>,
    };
    if (!cached || DURABLE_STATES.has(state)) {
      await this.write([row]);
      if (DURABLE_STATES.has(state)) this.live.delete(task.id);
      else this.live.set(task.id, { row, dirty: false });
      return;
    }
    this.live.set(task.id, { row, dirty: true });
    this.flushTimer ??= setTimeout(() => void this.flush(), WRITE_BEHIND_MS);
  }

  async load(taskId: string, context: ServerCallContext, agentId?: string): Promise<Task | undefined> {
    const cached = this.live.get(taskId);
    if (cached)
      return cached.row.owner === ownerOf(context) && (!agentId || cached.row.agentId === agentId)
        ? Task.fromJSON(cached.row.task)
        : undefined;
    const p = (n: number) => (this.postgres ? `$${n}` : '?');
    const [row] = (await this.tasks.query(`SELECT agent_id, owner, task FROM a2a_tasks WHERE id = ${p(1)}`, [taskId])) as Array<{
      agent_id: string;
      owner: string;
      task: string;
    }>;
    if (!row || row.owner !== ownerOf(context) || (agentId && row.agent_id !== agentId)) return undefined;
    return Task.fromJSON(JSON.parse(row.task));
  }

  async list(params: ListTasksRequest, context: ServerCallContext, agentId?: string): Promise<ListTasksResponse> {
    await this.flush();
    const pageSize = params.pageSize ?? DEFAULT_PAGE_SIZE;
    if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > MAX_PAGE_SIZE)
      throw new RequestMalformedError(`pageSize must be between 1 and ${MAX_PAGE_SIZE}`);
    const query = this.tasks.createQueryBuilder('t').where('t.owner = :owner', { owner: ownerOf(context) });
    if (agentId) query.andWhere('t.agent_id = :agentId', { agentId });
    if (params.contextId) query.andWhere('t.context_id = :contextId', { contextId: params.contextId });
    if (params.status) query.andWhere('t.state = :state', { state: params.status });
    if (params.statusTimestampAfter) {
      const after = new Date(params.statusTimestampAfter);
      if (Number.isNaN(after.getTime())) throw new RequestMalformedError('statusTimestampAfter must be an ISO 8601 timestamp');
      query.andWhere('t.status_timestamp > :after', { after: after.toISOString() });
    }
    const totalSize = await query.getCount();
    if (params.pageToken) {
      const cursor = decodePageToken(params.pageToken);
      query.andWhere(
        new Brackets((where) =>
          where
            .where('t.status_timestamp < :ts', { ts: cursor.timestamp })
            .orWhere('t.status_timestamp = :ts AND t.id < :cursorId', { cursorId: cursor.id }),
        ),
      );
    }
    const rows = await query
      .orderBy('t.status_timestamp', 'DESC')
      .addOrderBy('t.id', 'DESC')
      .take(pageSize + 1)
      .getMany();
    const page = rows.slice(0, pageSize);
    const tasks = page.map((row) => {
      const task = Task.fromJSON(row.task);
      if (!params.includeArtifacts) task.artifacts = [];
      return task;
    });
    const last = page.at(-1);
    const nextPageToken = rows.length > pageSize && last ? encodePageToken(last.statusTimestamp, last.id) : '';
    return { tasks, nextPageToken, pageSize, totalSize } as ListTasksResponse;
  }

  /** Writes every pending intermediate update (also called on shutdown and before listing). */
  async flush(): Promise<void> {
    clearTimeout(this.flushTimer);
    this.flushTimer = undefined;
    const dirty = [...this.live.values()].filter((entry) => entry.dirty);
    if (dirty.length === 0) return;
    for (const entry of dirty) entry.dirty = false;
    try {
      await this.write(dirty.map((entry) => entry.row));
    } catch (error) {
      for (const entry of dirty) entry.dirty = true;
      this.logger.error(`could not write ${dirty.length} task update(s): ${String(error)}`);
      this.flushTimer ??= setTimeout(() => void this.flush(), WRITE_BEHIND_MS * 4);
    }
  }
}

/** One agent's view of the shared store: everything scoped to that agent. */
export class AgentTaskStore implements TaskStore {
  constructor(
    private readonly store: DbTaskStore,
    private readonly agentId: string,
  ) {}

  save(task: Task, context: ServerCallContext): Promise<void> {
    return this.store.save(task, context, this.agentId);
  }

  load(taskId: string, context: ServerCallContext): Promise<Task | undefined> {
    return this.store.load(taskId, context, this.agentId);
  }

  list(params: ListTasksRequest, context: ServerCallContext): Promise<ListTasksResponse> {
    return this.store.list(params, context, this.agentId);
  }
}

function encodePageToken(timestamp: string, id: string): string {
  return Buffer.from(`${timestamp}|${id}`).toString('base64url');
}

function decodePageToken(token: string): { timestamp: string; id: string } {
  const [timestamp, ...rest] = Buffer.from(token, 'base64url').toString('utf8').split('|');
  if (!timestamp || rest.length === 0) throw new RequestMalformedError('Invalid pageToken');
  return { timestamp, id: rest.join('|') };
}
