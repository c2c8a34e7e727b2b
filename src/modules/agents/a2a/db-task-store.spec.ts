import { Task } from '@a2a-js/sdk';
import type { ServerCallContext } from '@a2a-js/sdk/server';
import type { A2aTaskRow, A2aTasksRepository } from 'src/modules/agents/a2a/a2a-tasks.repository';
import { DbTaskStore } from 'src/modules/agents/a2a/db-task-store';

/** A table in memory that can be told to fail its next write, standing in for the database of the task store. */
class FlakyTable {
  readonly rows = new Map<string, A2aTaskRow>();
  failNextWrite = false;
  readsAllowed = true;

  async find(id: string): Promise<A2aTaskRow | null> {
    if (!this.readsAllowed) throw new Error('no database read expected');
    return this.rows.get(id) ?? null;
  }

  async upsert(rows: A2aTaskRow[]): Promise<void> {
    if (this.failNextWrite) {
      this.failNextWrite = false;
      throw new Error('database unavailable');
    }
    for (const row of rows) this.rows.set(row.id, row);
  }
}

const caller = { user: { isAuthenticated: true, userName: 'ada' } } as unknown as ServerCallContext;
const task = (state: string) =>
  Task.fromJSON({ id: 'task-1', contextId: 'ctx-1', status: { state, timestamp: new Date().toISOString() }, history: [] });
const stateOf = async (store: DbTaskStore) => {
  const loaded = await store.load('task-1', caller);
  return loaded && Task.toJSON(loaded);
};

describe('DbTaskStore', () => {
  let table: FlakyTable;
  let store: DbTaskStore;

  beforeEach(() => {
    table = new FlakyTable();
    store = new DbTaskStore(table as unknown as A2aTasksRepository);
  });

  afterEach(() => store.onApplicationShutdown());

  it('a final state whose write failed is not served: the task stays as last stored, and a retry writes it', async () => {
    await store.save(task('TASK_STATE_SUBMITTED'), caller);
    await store.save(task('TASK_STATE_WORKING'), caller);
    table.failNextWrite = true;
    await expect(store.save(task('TASK_STATE_COMPLETED'), caller)).rejects.toThrow('the batch could not be written');
    // Nobody was told it completed, so nobody may read it as completed.
    expect(await stateOf(store)).toMatchObject({ status: { state: 'TASK_STATE_WORKING' } });
    expect(table.rows.get('task-1')?.state).not.toBe(3);

    await store.save(task('TASK_STATE_COMPLETED'), caller);
    expect(table.rows.get('task-1')?.state).toBe(3);
    expect(await stateOf(store)).toMatchObject({ status: { state: 'TASK_STATE_COMPLETED' } });
  });

  it('a brand-new task whose first write failed is gone, not half-stored', async () => {
    table.failNextWrite = true;
    await expect(store.save(task('TASK_STATE_SUBMITTED'), caller)).rejects.toThrow('the batch could not be written');
    expect(await store.load('task-1', caller)).toBeUndefined();
    expect(table.rows.size).toBe(0);
  });

  it('an id the SDK has just minted is answered without a database read until its first save', async () => {
    store.noteNewTask('task-1');
    table.readsAllowed = false;
    expect(await store.load('task-1', caller)).toBeUndefined();
    await store.save(task('TASK_STATE_SUBMITTED'), caller);
    table.readsAllowed = true;
    expect(await stateOf(store)).toMatchObject({ id: 'task-1', status: { state: 'TASK_STATE_SUBMITTED' } });
    // Another caller never sees it.
    const other = { user: { isAuthenticated: true, userName: 'bob' } } as unknown as ServerCallContext;
    expect(await store.load('task-1', other)).toBeUndefined();
  });
});
