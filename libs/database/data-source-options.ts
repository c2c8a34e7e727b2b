import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { DataSourceOptions } from 'typeorm';
import type { Env } from '@libs/config';

/** Root of the migrations folder, both when running from TypeScript sources and from dist/. */
const MIGRATIONS_ROOT = resolve(__dirname, '..', '..', 'migrations');

export type Dialect = 'sqlite' | 'postgres';

/**
 * TypeORM options for the platform's primary database: SQLite in DATA_DIR unless DATABASE_URL names PostgreSQL.
 * `migrationsRun` stays false here: the app runs them through runMigrationsLocked when DB_MIGRATIONS_RUN is on.
 */
export function dataSourceOptions(env: Pick<Env, 'DATABASE_URL' | 'DATA_DIR'>): DataSourceOptions {
  const migrations = (dialect: Dialect) => [join(MIGRATIONS_ROOT, dialect, '*.{js,ts}')];
  if (env.DATABASE_URL) {
    return {
      type: 'postgres',
      url: env.DATABASE_URL,
      // gen_random_uuid() is built into PostgreSQL 13+; uuid_generate_v4() would need the uuid-ossp extension.
      uuidExtension: 'pgcrypto',
      migrations: migrations('postgres'),
      migrationsTransactionMode: 'each',
      extra: { max: 20, connectionTimeoutMillis: 5_000 },
    };
  }
  mkdirSync(env.DATA_DIR, { recursive: true });
  return {
    type: 'better-sqlite3',
    database: join(env.DATA_DIR, 'platform.sqlite'),
    migrations: migrations('sqlite'),
    migrationsTransactionMode: 'each',
    // WAL lets readers run beside the single writer; a busy timeout waits instead of failing on lock.
    prepareDatabase: (db: { pragma(sql: string): unknown }) => {
      db.pragma('journal_mode = WAL');
      db.pragma('busy_timeout = 5000');
      // With WAL, NORMAL loses nothing when the process crashes; only an OS crash or power cut can drop the last commits.
      db.pragma('synchronous = NORMAL');
      db.pragma('foreign_keys = ON');
    },
  };
}

export function dialectOf(options: DataSourceOptions): Dialect {
  return options.type === 'postgres' ? 'postgres' : 'sqlite';
}
