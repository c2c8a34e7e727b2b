import { Task } from '@a2a-js/sdk';
import type { ServerCallContext } from '@a2a-js/sdk/server';
import { A2aTasksRepository } from 'src/modules/agents/a2a/a2a-tasks.repository';
import { DbTaskStore } from 'src/modules/agents/a2a/db-task-store';
import { A2aPushConfigEntity, A2aTaskEntity } from 'src/modules/agents/entities/a2a-task.entity';
import { allEntities, openTestDatabase } from 'test/utils/database';

/**
 * The A2A task store on a real, migrated SQLite database. A trigger makes the database refuse task writes on
 * demand, standing in for an outage, so the group-commit failure path runs against the real statements.
 */
describe('DbTaskStore on SQLite when a write fails', () => {
  let db: Awaited<ReturnType<typeof openTestDatabase>>;
  let store: DbTaskStore;
  const caller = { user: { isAuthenticated: true, userName: 'ada' } } as unknown as ServerCallContext;
  const task = (id: string, state: string) =>
    Task.fromJSON({ id, contextId: 'ctx-1', status: { state, timestamp: new Date().toISOString() }, history: [] });
  const refuseWrites = (on: boolean) => db.dataSource.query(`UPDATE test_refuse SET refuse = ${on ? 1 : 0}`);
  const storedState = async (id: string) =>
    ((await db.dataSource.query('SELECT state FROM a2a_tasks WHERE id = ?', [id])) as Array<{ state: number }>)[0]?.state;
  const servedState = async (id: string) => {
    const loaded = await store.load(id, caller);
    return loaded && (Task.toJSON(loaded) as { status: { state: string } }).status.state;
  };

  beforeAll(async () => {
    db = await openTestDatabase('sqlite', allEntities());
    await db.dataSource.query('CREATE TABLE test_refuse (refuse INTEGER NOT NULL)');
    await db.dataSource.query('INSERT INTO test_refuse VALUES (0)');
    for (const event of ['INSERT', 'UPDATE'])
      await db.dataSource.query(
        `CREATE TRIGGER test_refuse_${event.toLowerCase()} BEFORE ${event} ON a2a_tasks WHEN (SELECT refuse FROM test_refuse) = 1
         BEGIN SELECT RAISE(ABORT, 'database unavailable'); END`,
      );
  });

  beforeEach(async () => {
    await refuseWrites(false);
    store = new DbTaskStore(
      new A2aTasksRepository(db.dataSource.getRepository(A2aTaskEntity), db.dataSource.getRepository(A2aPushConfigEntity)),
    );
  });

  afterEach(() => store.onApplicationShutdown());
  afterAll(() => db?.close());

  it('a final state whose write failed is never served, and a retry writes it', async () => {
    await store.save(task('t-final', 'TASK_STATE_SUBMITTED'), caller);
    await store.save(task('t-final', 'TASK_STATE_WORKING'), caller);
    await refuseWrites(true);
    await expect(store.save(task('t-final', 'TASK_STATE_COMPLETED'), caller)).rejects.toThrow('the batch could not be written');
    // Nobody was told it completed, so nobody may read it as completed (neither from memory nor from the table).
    expect(await servedState('t-final')).toBe('TASK_STATE_WORKING');
    expect([1, 2]).toContain(await storedState('t-final')); // submitted, or working if it was written behind already

    await refuseWrites(false);
    await store.save(task('t-final', 'TASK_STATE_COMPLETED'), caller);
    expect(await storedState('t-final')).toBe(3);
    expect(await servedState('t-final')).toBe('TASK_STATE_COMPLETED');
  });

  it('a brand-new task whose first write failed is gone, not half-stored', async () => {
    await refuseWrites(true);
    await expect(store.save(task('t-new', 'TASK_STATE_SUBMITTED'), caller)).rejects.toThrow('the batch could not be written');
    await refuseWrites(false);
    expect(await store.load('t-new', caller)).toBeUndefined();
    expect(await storedState('t-new')).toBeUndefined();
  });

  it('an id the SDK has just minted is answered without a read, then stored and visible only to its owner', async () => {
    // A row planted under the id (impossible for a real minted UUID) shows that the load does not read the table.
    await store.save(task('t-minted', 'TASK_STATE_COMPLETED'), caller);
    await store.onApplicationShutdown();
    store = new DbTaskStore(
      new A2aTasksRepository(db.dataSource.getRepository(A2aTaskEntity), db.dataSource.getRepository(A2aPushConfigEntity)),
    );
    expect(await servedState('t-minted')).toBe('TASK_STATE_COMPLETED');
    store.noteNewTask('t-minted');
    expect(await store.load('t-minted', caller)).toBeUndefined();
    await store.save(task('t-minted', 'TASK_STATE_SUBMITTED'), caller);
    expect(await storedState('t-minted')).toBe(1);
    const fresh = new DbTaskStore(
      new A2aTasksRepository(db.dataSource.getRepository(A2aTaskEntity), db.dataSource.getRepository(A2aPushConfigEntity)),
    );
    expect(await fresh.load('t-minted', caller).then((t) => t?.id)).toBe('t-minted');
    const other = { user: { isAuthenticated: true, userName: 'bob' } } as unknown as ServerCallContext;
    expect(await fresh.load('t-minted', other)).toBeUndefined();
    await fresh.onApplicationShutdown();
  });
});
