import { Task } from '@a2a-js/sdk';
import { RequestMalformedError } from '@a2a-js/sdk/errors';
import type { ServerCallContext, TaskStore } from '@a2a-js/sdk/server';
import { Brackets, type Repository } from 'typeorm';
import { A2aTaskEntity } from './a2a-task.entity';

type ListTasksRequest = Parameters<TaskStore['list']>[0];
type ListTasksResponse = Awaited<ReturnType<TaskStore['list']>>;

const DEFAULT_PAGE_SIZE = 50;
const MAX_PAGE_SIZE = 100;

/** Who a task belongs to: the authenticated caller, or one shared scope for unauthenticated callers of a public agent. */
export function ownerOf(context: ServerCallContext): string {
  const user = context.user;
  return user?.isAuthenticated ? user.userName : 'anonymous';
}

/**
 * The A2A task store of one agent, in the platform's database: tasks survive restarts and are visible only to
 * the caller that created them. Tasks are kept in A2A 1.0 JSON form, so raw file parts round-trip as base64.
 */
export class DbTaskStore implements TaskStore {
  constructor(
    private readonly tasks: Repository<A2aTaskEntity>,
    private readonly agentId: string,
  ) {}

  async save(task: Task, context: ServerCallContext): Promise<void> {
    await this.tasks.upsert(
      {
        id: task.id,
        agentId: this.agentId,
        contextId: task.contextId,
        owner: ownerOf(context),
        state: task.status?.state ?? 0,
        statusTimestamp: task.status?.timestamp ?? new Date().toISOString(),
        task: Task.toJSON(task) as never,
      },
      ['id'],
    );
  }

  async load(taskId: string, context: ServerCallContext): Promise<Task | undefined> {
    const row = await this.tasks.findOne({ where: { id: taskId, agentId: this.agentId, owner: ownerOf(context) } });
    return row ? Task.fromJSON(row.task) : undefined;
  }

  async list(params: ListTasksRequest, context: ServerCallContext): Promise<ListTasksResponse> {
    const pageSize = params.pageSize ?? DEFAULT_PAGE_SIZE;
    if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > MAX_PAGE_SIZE)
      throw new RequestMalformedError(`pageSize must be between 1 and ${MAX_PAGE_SIZE}`);
    const query = this.tasks
      .createQueryBuilder('t')
      .where('t.agent_id = :agentId AND t.owner = :owner', { agentId: this.agentId, owner: ownerOf(context) });
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
}

function encodePageToken(timestamp: string, id: string): string {
  return Buffer.from(`${timestamp}|${id}`).toString('base64url');
}

function decodePageToken(token: string): { timestamp: string; id: string } {
  const [timestamp, ...rest] = Buffer.from(token, 'base64url').toString('utf8').split('|');
  if (!timestamp || rest.length === 0) throw new RequestMalformedError('Invalid pageToken');
  return { timestamp, id: rest.join('|') };
}
