import { readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { DataSource, type EntitySchema } from 'typeorm';
import { dataSourceOptions, runMigrationsLocked, type Dialect } from '@libs/database';
import { createTestPgDatabase, postgresAvailable, tmpDataDir } from './services';

// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
type EntityTarget = Function | EntitySchema;

export interface DatabaseContext {
  dialect: Dialect;
  dataSource: DataSource;
}

/** A migrated, empty database of the given dialect; close() drops it. */
export async function openTestDatabase(
  dialect: Dialect,
  entities: EntityTarget[],
): Promise<DatabaseContext & { close: () => Promise<void> }> {
  if (dialect === 'postgres') {
    const db = await createTestPgDatabase('repo');
    const dataSource = await new DataSource({ ...dataSourceOptions({ DATABASE_URL: db.url, DATA_DIR: '' }), entities }).initialize();
    await runMigrationsLocked(dataSource);
    return { dialect, dataSource, close: async () => (await dataSource.destroy(), await db.drop()) };
  }
  const dir = tmpDataDir('repo-');
  const dataSource = await new DataSource({ ...dataSourceOptions({ DATA_DIR: dir }), entities }).initialize();
  await runMigrationsLocked(dataSource);
  return { dialect, dataSource, close: async () => (await dataSource.destroy(), rmSync(dir, { recursive: true, force: true })) };
}

/**
 * Runs one repository contract suite on SQLite and on PostgreSQL (mastra's createTestSuite idea).
 * Each dialect gets a fresh, migrated database for the whole describe block.
 */
export function describeOnBothDatabases(name: string, entities: EntityTarget[], suite: (ctx: () => DatabaseContext) => void): void {
  for (const dialect of ['sqlite', 'postgres'] as const) {
    describe(`${name} (${dialect})`, () => {
      let ctx: (DatabaseContext & { close: () => Promise<void> }) | undefined;
      beforeAll(async () => {
        if (dialect === 'postgres' && !(await postgresAvailable())) return;
        ctx = await openTestDatabase(dialect, entities);
      });
      afterAll(() => ctx?.close());
      suite(() => {
        if (!ctx) throw new SkipDatabase(dialect);
        return ctx;
      });
    });
  }
}

/** Thrown by ctx() when the dialect's server is unreachable outside CI (already warned about). */
export class SkipDatabase extends Error {}

/** Every entity class in src/ and libs/, found by file name like the TypeORM CLI does. */
export function allEntities(): EntityTarget[] {
  const root = join(__dirname, '..', '..');
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(join(root, dir), { withFileTypes: true })) {
      const rel = join(dir, entry.name);
      if (entry.isDirectory()) walk(rel);
      else if (entry.name.endsWith('.entity.ts')) files.push(rel);
    }
  };
  walk('src');
  walk('libs');
  // Synchronous on purpose: suites are declared synchronously.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const load = (file: string) => require(join(root, file)) as Record<string, EntityTarget>;
  return files.flatMap((file) => Object.values(load(file)).filter((v) => typeof v === 'function'));
}
