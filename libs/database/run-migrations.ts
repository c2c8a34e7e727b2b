import type { DataSource } from 'typeorm';

/** Arbitrary constant: the advisory lock id every platform process agrees on for migrations. */
const MIGRATION_LOCK_ID = 727_274_001;

/**
 * Runs pending migrations once even when several processes start together (split mode): on PostgreSQL
 * they queue on an advisory lock and the later ones find nothing pending. SQLite serialises writers itself.
 */
export async function runMigrationsLocked(dataSource: DataSource): Promise<void> {
  if (dataSource.options.type !== 'postgres') {
    await dataSource.runMigrations({ transaction: 'each' });
    return;
  }
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    await runner.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_ID]);
    await dataSource.runMigrations({ transaction: 'each' });
  } finally {
    await runner.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_ID]).catch(() => undefined);
    await runner.release();
  }
}
