import { Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { Task } from '@a2a-js/sdk';
import { RequestMalformedError } from '@a2a-js/sdk/errors';
import type { ServerCallContext, TaskStore } from '@a2a-js/sdk/server';
import { BatchingWriter } from '@libs/batching';
import { A2aTasksRepository, type A2aTaskRow } from 'src/modules/agents/a2a/a2a-tasks.repository';

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
@Injectable()
export class DbTaskStore implements TaskStore, OnApplicationShutdown {
  private readonly logger = new Logger('A2aTaskStore');
  /** The latest row of every running task: loads read it, and only it may still be written behind. */
  private readonly live = new Map<string, A2aTaskRow>();
  /**
   * Ids the SDK has just minted for a new task (randomUUID, before its first save): nothing can be stored under them
   * yet, so the SDK's load before that first save needs no database read.
   */
  private readonly minted = new Set<string>();
  private readonly writer: BatchingWriter<A2aTaskRow>;

  constructor(private readonly tasks: A2aTasksRepository) {
    this.writer = new BatchingWriter({
      name: 'a2a-tasks',
      intervalMs: WRITE_BEHIND_MS,
      keyOf: (row) => row.id,
      retryFailed: true,
      write: (rows) => this.writeBehind(rows),
      onError: (error, size) => this.logger.error(`could not write ${size} task update(s): ${String(error)}`),
    });
  }

  /** Called by an executor as it starts a task the SDK has just minted an id for (RequestContext without a task). */
  noteNewTask(taskId: string): void {
    if (this.minted.size >= 10_000) this.minted.clear(); // only a run that never saved leaves one behind
    this.minted.add(taskId);
  }

  async save(task: Task, context: ServerCallContext, agentId?: string): Promise<void> {
    this.minted.delete(task.id);
    const cached = this.live.get(task.id);
    const row = rowOf(task, ownerOf(context), agentId ?? cached?.agentId ?? '');
    this.live.set(task.id, row);
    if (cached && !DURABLE_STATES.has(row.state)) {
      void this.writer.add(row);
      return;
    }
    // Group commit: concurrent requests' durable rows share one transaction; each caller still waits for its own.
    try {
      await this.writer.commit(row);
    } catch (error) {
      if (this.live.get(task.id) === row) {
        if (cached) this.live.set(task.id, cached);
        else this.live.delete(task.id);
      }
      throw error;
    }
    if (DURABLE_STATES.has(row.state) && this.live.get(task.id) === row) this.live.delete(task.id);
  }

  async load(taskId: string, context: ServerCallContext, agentId?: string): Promise<Task | undefined> {
    const row = this.live.get(taskId) ?? (this.minted.has(taskId) ? undefined : await this.tasks.find(taskId));
    if (!row || row.owner !== ownerOf(context) || (agentId && row.agentId !== agentId)) return undefined;
    return Task.fromJSON(row.task);
  }

  async list(params: ListTasksRequest, context: ServerCallContext, agentId?: string): Promise<ListTasksResponse> {
    await this.flush();
    const pageSize = params.pageSize ?? DEFAULT_PAGE_SIZE;
    if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > MAX_PAGE_SIZE)
      throw new RequestMalformedError(`pageSize must be between 1 and ${MAX_PAGE_SIZE}`);
    const { rows, totalSize } = await this.tasks.list({
      owner: ownerOf(context),
      agentId,
      contextId: params.contextId || undefined,
      state: params.status || undefined,
      after: params.statusTimestampAfter ? isoTimestamp(params.statusTimestampAfter) : undefined,
      cursor: params.pageToken ? decodePageToken(params.pageToken) : undefined,
      take: pageSize + 1,
    });
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

  /** Writes every pending intermediate update (before listing, so a list shows every task's latest state). */
  flush(): Promise<void> {
    return this.writer.flush();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.writer.close();
  }

  /** Only each task's latest row is written: an older state still waiting must not overwrite a newer one. */
  private async writeBehind(rows: A2aTaskRow[]): Promise<void> {
    const current = rows.filter((row) => this.live.get(row.id) === row);
    if (current.length) await this.tasks.upsert(current);
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

function rowOf(task: Task, owner: string, agentId: string): A2aTaskRow {
  return {
    id: task.id,
    agentId,
    contextId: task.contextId,
    owner,
    state: task.status?.state ?? 0,
    statusTimestamp: task.status?.timestamp ?? new Date().toISOString(),
    task: Task.toJSON(task) as Record<string, unknown>,
  };
}

function isoTimestamp(value: string): string {
  const after = new Date(value);
  if (Number.isNaN(after.getTime())) throw new RequestMalformedError('statusTimestampAfter must be an ISO 8601 timestamp');
  return after.toISOString();
}

function encodePageToken(timestamp: string, id: string): string {
  return Buffer.from(`${timestamp}|${id}`).toString('base64url');
}

function decodePageToken(token: string): { timestamp: string; id: string } {
  const [timestamp, ...rest] = Buffer.from(token, 'base64url').toString('utf8').split('|');
  if (!timestamp || rest.length === 0) throw new RequestMalformedError('Invalid pageToken');
  return { timestamp, id: rest.join('|') };
}
