/**
 * npm run bench:sql — a small indexed SELECT through POST /api/sql/execute (auth, validation, pooling,
 * read-only transaction, history) beside the same query on the raw driver, same run, per dialect; plus the
 * time to validate a 200-line query.
 */
import 'reflect-metadata';
import autocannon from 'autocannon';
import Database from 'better-sqlite3';
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createConnection, createPool } from 'mysql2/promise';
import { Client, Pool } from 'pg';
import { loadEnv } from '@libs/config';
import { createApp } from 'src/app.factory';
import { setupTelemetry } from 'src/core/telemetry';
import { validateSql } from 'src/modules/sqltool';
import { sampleDatabaseStatements } from 'test/fixtures/sample-db';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 4);
const CONNECTIONS = 10;
const ADMIN = { ADMIN_EMAIL: 'bench@local.test', ADMIN_PASSWORD: 'bench-password-1234' };

async function rawLoad(once: () => Promise<unknown>) {
  const latencies: number[] = [];
  const deadline = performance.now() + SECONDS * 1000;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CONNECTIONS }, async () => {
      while (performance.now() < deadline) {
        const t = performance.now();
        await once();
        latencies.push(performance.now() - t);
      }
    }),
  );
  latencies.sort((a, b) => a - b);
  const at = (q: number) => latencies[Math.floor(q * (latencies.length - 1))];
  return { rps: latencies.length / ((performance.now() - started) / 1000), p50: at(0.5), p99: at(0.99) };
}

async function main(): Promise<void> {
  setupTelemetry('bench-sql');
  const sqliteDir = mkdtempSync(join(tmpdir(), 'bench-sql-files-'));
  const env = loadEnv({
    DATA_DIR: mkdtempSync(join(tmpdir(), 'bench-sql-')),
    CHROMA_AUTOSTART: 'false',
    RATE_LIMIT_PER_MINUTE: '1000000',
    RATE_LIMIT_EXPENSIVE_PER_MINUTE: '1000000',
    SQL_SQLITE_DIR: sqliteDir,
    ...ADMIN,
  });
  const { app } = await createApp(env, { logger: false });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const base = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
  const login = await fetch(`${base}/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: ADMIN.ADMIN_EMAIL, password: ADMIN.ADMIN_PASSWORD }),
  });
  const auth = `Bearer ${((await login.json()) as { accessToken: string }).accessToken}`;
  const register = async (connection: object) => {
    const res = await fetch(`${base}/api/sql/connections`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: auth },
      body: JSON.stringify({ name: `bench-${randomBytes(3).toString('hex')}`, ...connection }),
    });
    return ((await res.json()) as { id: string }).id;
  };
  const platformLoad = async (connectionId: string, sql: string, params: unknown[]) => {
    const r = await autocannon({
      url: `${base}/api/sql/execute`,
      method: 'POST',
      connections: CONNECTIONS,
      duration: SECONDS,
      headers: { 'content-type': 'application/json', authorization: auth },
      body: JSON.stringify({ connectionId, sql, params }),
    });
    return { rps: r.requests.average, p50: r.latency.p50, p99: r.latency.p99, non2xx: r.non2xx };
  };
  const report = (dialect: string, raw: Awaited<ReturnType<typeof rawLoad>>, platform: Awaited<ReturnType<typeof platformLoad>>) => {
    console.log(
      `${dialect.padEnd(9)} raw driver ${raw.rps.toFixed(0).padStart(6)} q/s p50 ${raw.p50.toFixed(2)} ms p99 ${raw.p99.toFixed(2)} ms | platform ${platform.rps.toFixed(0).padStart(6)} q/s p50 ${platform.p50} ms p99 ${platform.p99} ms (non-2xx ${platform.non2xx}) | throughput ratio ${(platform.rps / raw.rps).toFixed(3)} (goal >= 0.70), p50 overhead ${(platform.p50 - raw.p50).toFixed(2)} ms (goal < 1)`,
    );
  };
  console.log(`SELECT name, email FROM customers WHERE id = ? — ${CONNECTIONS} concurrent, ${SECONDS} s each\n`);

  // PostgreSQL
  const pgName = `bench_${randomBytes(4).toString('hex')}`;
  const admin = new Client({ connectionString: 'postgres://postgres@127.0.0.1:5432/test' });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${pgName}`);
  const pg = new Pool({ connectionString: `postgres://postgres@127.0.0.1:5432/${pgName}`, max: 5 });
  for (const s of sampleDatabaseStatements('postgres')) await pg.query(s);
  const pgId = await register({ dialect: 'postgres', host: '127.0.0.1', port: 5432, database: pgName, username: 'postgres' });
  let n = 0;
  const pgRaw = await rawLoad(() => pg.query('SELECT name, email FROM customers WHERE id = $1', [(n++ % 2000) + 1]));
  report('postgres', pgRaw, await platformLoad(pgId, 'SELECT name, email FROM customers WHERE id = $1', [42]));
  await pg.end();

  // MariaDB
  const myName = `bench_${randomBytes(4).toString('hex')}`;
  const root = await createConnection({ host: '127.0.0.1', user: 'root' });
  await root.query(`CREATE DATABASE ${myName}`);
  const my = createPool({ host: '127.0.0.1', user: 'root', database: myName, connectionLimit: 5 });
  for (const s of sampleDatabaseStatements('mariadb')) await my.query(s);
  const myId = await register({ dialect: 'mariadb', host: '127.0.0.1', port: 3306, database: myName, username: 'root' });
  const myRaw = await rawLoad(() => my.query('SELECT name, email FROM customers WHERE id = ?', [(n++ % 2000) + 1]));
  report('mariadb', myRaw, await platformLoad(myId, 'SELECT name, email FROM customers WHERE id = ?', [42]));
  await my.end();

  // SQLite
  const file = join(sqliteDir, 'bench.sqlite');
  const db = new Database(file);
  db.exec(sampleDatabaseStatements('sqlite').join(';\n'));
  const stmt = db.prepare('SELECT name, email FROM customers WHERE id = ?');
  const sqliteId = await register({ dialect: 'sqlite', filePath: file });
  const liteRaw = await rawLoad(async () => stmt.all((n++ % 2000) + 1));
  report('sqlite', liteRaw, await platformLoad(sqliteId, 'SELECT name, email FROM customers WHERE id = ?', [42]));
  db.close();

  const longSql = `SELECT c.id, c.name\nFROM customers c\nWHERE ${Array.from({ length: 198 }, (_, i) => `c.id <> ${i}`).join('\n  AND ')}`;
  const runs = 200;
  const t = performance.now();
  // A different literal each run, so every call parses afresh instead of hitting the verdict cache.
  for (let i = 0; i < runs; i++) validateSql(`${longSql}\n  AND c.id <> ${1_000 + i}`, 'postgres');
  const fresh = (performance.now() - t) / runs;
  const c = performance.now();
  for (let i = 0; i < runs; i++) validateSql(longSql, 'postgres');
  console.log(
    `\nvalidation of a ${longSql.split('\n').length + 1}-line query: ${fresh.toFixed(2)} ms each parsed afresh (goal < 5), ${((performance.now() - c) / runs).toFixed(3)} ms from the verdict cache`,
  );

  await app.close();
  await admin.query(`DROP DATABASE ${pgName} WITH (FORCE)`);
  await admin.end();
  await root.query(`DROP DATABASE ${myName}`);
  await root.end();
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
