import type { DataSource, EntityManager } from 'typeorm';

const sqliteTails = new WeakMap<DataSource, Promise<unknown>>();

/**
 * Runs work that must not interleave with a transaction on SQLite's one connection (a second BEGIN while one is
 * open fails, and statements issued meanwhile would join the open transaction). Queued per DataSource, so every
 * repository sharing it waits its turn.
 */
export function exclusiveOnSqlite<T>(dataSource: DataSource, work: () => Promise<T>): Promise<T> {
  const run = (sqliteTails.get(dataSource) ?? Promise.resolve()).then(work);
  sqliteTails.set(
    dataSource,
    run.catch(() => undefined),
  );
  return run;
}

/** Runs work in a transaction: queued on SQLite (see exclusiveOnSqlite), a pooled connection of its own on PostgreSQL. */
export function inTransaction<T>(dataSource: DataSource, work: (manager: EntityManager) => Promise<T>): Promise<T> {
  if (dataSource.options.type === 'postgres') return dataSource.transaction(work);
  return exclusiveOnSqlite(dataSource, () => dataSource.transaction(work));
}
