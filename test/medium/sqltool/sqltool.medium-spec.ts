import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import Database from 'better-sqlite3';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { createConnection } from 'mysql2/promise';
import { Client } from 'pg';
import { loadEnv } from '@libs/config';
import { createApp } from 'src/app.factory';
import { FakeOpenAi } from 'test/fixtures/fake-openai';
import { SAMPLE_TABLES, sampleDatabaseStatements } from 'test/fixtures/sample-db';
import { bearer, loginInProcess, TEST_ADMIN } from 'test/utils/auth';
import { createTestPgDatabase, itWithServices, postgresAvailable, serviceAvailable, tmpDataDir } from 'test/utils/services';

jest.setTimeout(120_000);

const MARIADB = { host: '127.0.0.1', port: 3306, user: 'root' };

interface Target {
  connection: Record<string, unknown>;
  /** Counts rows with the raw driver, outside the platform. */
  count: (table: string) => Promise<number>;
  drop: () => Promise<void>;
}

async function postgresTarget(): Promise<Target | undefined> {
  if (!(await postgresAvailable())) return undefined;
  const db = await createTestPgDatabase('sample');
  const client = new Client({ connectionString: db.url });
  await client.connect();
  for (const statement of sampleDatabaseStatements('postgres')) await client.query(statement);
  const url = new URL(db.url);
  return {
    connection: {
      dialect: 'postgres',
      host: url.hostname,
      port: Number(url.port || 5432),
      database: db.name,
      username: url.username || 'postgres',
    },
    count: async (table) => Number((await client.query(`SELECT COUNT(*) AS n FROM ${table}`)).rows[0].n),
    drop: async () => (await client.end(), await db.drop()),
  };
}

async function mariadbTarget(): Promise<Target | undefined> {
  const up = await serviceAvailable('MariaDB', async () => (await createConnection(MARIADB)).end());
  if (!up) return undefined;
  const name = `sample_${randomBytes(4).toString('hex')}`;
  const admin = await createConnection(MARIADB);
  await admin.query(`CREATE DATABASE ${name}`);
  const client = await createConnection({ ...MARIADB, database: name });
  for (const statement of sampleDatabaseStatements('mariadb')) await client.query(statement);
  return {
    connection: { dialect: 'mariadb', host: MARIADB.host, port: MARIADB.port, database: name, username: MARIADB.user },
    count: async (table) => Number(((await client.query(`SELECT COUNT(*) AS n FROM ${table}`))[0] as Array<{ n: number }>)[0].n),
    drop: async () => (await client.end(), await admin.query(`DROP DATABASE ${name}`), await admin.end()),
  };
}

async function sqliteTarget(dir: string): Promise<Target> {
  const file = join(dir, `sample-${randomBytes(4).toString('hex')}.sqlite`);
  const db = new Database(file);
  db.exec(sampleDatabaseStatements('sqlite').join(';\n'));
  return {
    connection: { dialect: 'sqlite', filePath: file },
    count: async (table) => (db.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number }).n,
    drop: async () => void db.close(),
  };
}

const sqliteDir = tmpDataDir('sql-files-');
let app: NestFastifyApplication;
let admin: string;
const model = new FakeOpenAi();
const LOCAL_MODEL = { provider: 'local', modelId: 'sql-writer' };

beforeAll(async () => {
  ({ app } = await createApp(
    loadEnv({
      DATA_DIR: tmpDataDir('sqltool-'),
      CHROMA_AUTOSTART: 'false',
      SQL_SQLITE_DIR: sqliteDir,
      SQL_MAX_ROWS: '1000',
      ...TEST_ADMIN,
    }),
    { logger: false },
  ));
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  admin = await loginInProcess(app);
  await model.start();
  const provider = await app.inject({
    method: 'POST',
    url: '/api/model-providers',
    payload: { name: 'local', kind: 'openai-compatible', baseUrl: model.url, apiKey: 'sk-test' },
    headers: bearer(admin),
  });
  expect(provider.statusCode).toBe(201);
});

afterAll(async () => {
  await app.close();
  await model.stop();
});

const api = (method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, payload?: object, token = admin) =>
  app.inject({ method, url, payload, headers: bearer(token) });

describe.each([
  ['postgres', postgresTarget, '$1', ['postgres']],
  ['mariadb', mariadbTarget, '?', ['mariadb']],
  ['sqlite', () => sqliteTarget(sqliteDir), '?', []],
] as const)('SQL tool on %s', (dialect, makeTarget, placeholder, services) => {
  let target: Target | undefined;
  let connectionId: string;
  const maybe = itWithServices(...services);

  beforeAll(async () => {
    if (maybe !== it) return;
    target = await makeTarget();
    if (!target) throw new Error(`${dialect} is reachable but the sample database could not be made`);
    const res = await api('POST', '/api/sql/connections', {
      name: `sample-${dialect}-${randomBytes(3).toString('hex')}`,
      ...target.connection,
    });
    expect(res.statusCode).toBe(201);
    connectionId = res.json().id;
  });

  afterAll(async () => {
    if (connectionId) await api('DELETE', `/api/sql/connections/${connectionId}`);
    await target?.drop();
  });

  const execute = (sql: string, extra: object = {}) => api('POST', '/api/sql/execute', { connectionId, sql, ...extra });

  maybe('runs a parameterised query and returns typed columns and rows', async () => {
    const res = await execute(`SELECT id, name, email FROM customers WHERE region_id = ${placeholder} ORDER BY id LIMIT 5`, {
      params: [3],
    });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.columns.map((c: { name: string }) => c.name)).toEqual(['id', 'name', 'email']);
    expect(body.rows.length).toBeGreaterThan(0);
    expect(body.truncated).toBe(false);
    expect(body.rows[0][2]).toMatch(/^customer\d+@example.com$/);
  });

  maybe('caps the rows and says it truncated', async () => {
    const res = await execute('SELECT id, order_id FROM order_items', { maxRows: 100 });
    expect(res.json()).toMatchObject({ rowCount: 100, truncated: true });
  });

  maybe('introspects tables, columns, keys, foreign keys and indexes', async () => {
    const { tables } = (await api('GET', `/api/sql/schema?connectionId=${connectionId}`)).json();
    const orders = tables.find((t: { name: string }) => t.name === 'orders');
    expect(orders.columns.find((c: { name: string }) => c.name === 'id').primaryKey).toBe(true);
    expect(orders.foreignKeys).toEqual([{ columns: ['customer_id'], referencedTable: 'customers', referencedColumns: ['id'] }]);
    expect(orders.indexes.some((i: { columns: string[] }) => i.columns[0] === 'customer_id')).toBe(true);
    expect(tables.filter((t: { name: string }) => t.name !== 'audit_trail')).toHaveLength(12);
    const cached = (await api('GET', `/api/sql/schema?connectionId=${connectionId}`)).json();
    expect(cached.cached).toBe(true);
  });

  maybe('turns the plan into concrete suggestions', async () => {
    const res = await api('POST', '/api/sql/optimize', { connectionId, sql: "SELECT * FROM orders WHERE status = 'paid'" });
    expect(res.statusCode).toBe(200);
    const codes = res.json().suggestions.map((s: { code: string }) => s.code);
    expect(codes).toEqual(expect.arrayContaining(['SELECT_STAR', 'NO_LIMIT', 'SEQ_SCAN_WITH_FILTER']));
    const scan = res.json().suggestions.find((s: { code: string }) => s.code === 'SEQ_SCAN_WITH_FILTER');
    expect(scan.planNode).toBeDefined();
    if (dialect !== 'sqlite') expect(scan.fix).toMatch(/CREATE INDEX .* ON orders \(status\)/);
  });

  maybe('answers the GET form of optimize and the A2A query method', async () => {
    const sql = encodeURIComponent('SELECT id FROM customers WHERE id = 5');
    expect((await api('GET', `/api/sql/optimize?connectionId=${connectionId}&sql=${sql}`)).statusCode).toBe(200);
    const rpc = await api('POST', '/a2a/sql/query', {
      jsonrpc: '2.0',
      id: 'q1',
      method: 'query',
      params: { connectionId, sql: 'SELECT COUNT(*) FROM regions' },
    });
    expect(rpc.json()).toMatchObject({ jsonrpc: '2.0', id: 'q1', result: { rowCount: 1 } });
    expect(Number(rpc.json().result.rows[0][0])).toBe(8);
    const refused = await api('POST', '/a2a/sql/query', {
      jsonrpc: '2.0',
      id: 'q2',
      method: 'query',
      params: { connectionId, sql: 'DELETE FROM regions' },
    });
    expect(refused.json().error).toMatchObject({ code: -32602, data: { code: 'SQL_REJECTED' } });
    expect(await target!.count('regions')).toBe(8);
  });

  describe('attacks', () => {
    const rejected = async (sql: string, code: string) => {
      const res = await execute(sql);
      expect(res.statusCode).toBe(422);
      expect(res.json().code).toBe('SQL_REJECTED');
      expect(res.json().details.findings.map((f: { code: string }) => f.code)).toContain(code);
    };

    maybe('refuses stacked queries and leaves the table intact', async () => {
      await rejected('SELECT 1; DELETE FROM reviews', 'MULTIPLE_STATEMENTS');
      expect(await target!.count('reviews')).toBe(3000);
    });

    maybe('refuses a statement smuggled behind a comment', async () => {
      await rejected('SELECT 1 /* just a comment */; DROP TABLE reviews -- ', 'MULTIPLE_STATEMENTS');
      expect(await target!.count('reviews')).toBe(3000);
    });

    maybe('refuses UNION exfiltration of system catalogs', async () => {
      const catalog = { postgres: 'pg_catalog.pg_user', mariadb: 'mysql.user', sqlite: 'sqlite_master' }[dialect];
      const column = { postgres: 'usename', mariadb: 'user', sqlite: 'name' }[dialect];
      await rejected(`SELECT name FROM customers UNION SELECT ${column} FROM ${catalog}`, 'SYSTEM_CATALOG');
    });

    maybe('refuses a write hidden in a CTE', async () => {
      const res = await execute('WITH gone AS (DELETE FROM reviews RETURNING id) SELECT COUNT(*) FROM gone');
      expect(res.statusCode).toBe(422);
      expect(await target!.count('reviews')).toBe(3000);
    });

    maybe('refuses SELECT ... FOR UPDATE', async () => {
      expect((await execute('SELECT id FROM orders WHERE id = 1 FOR UPDATE')).statusCode).toBe(422);
    });

    maybe('refuses sleep functions', async () => {
      const sql = { postgres: 'SELECT pg_sleep(3600)', mariadb: 'SELECT SLEEP(3600)', sqlite: "SELECT load_extension('x')" }[dialect];
      await rejected(sql, 'DANGEROUS_FUNCTION');
    });

    maybe('lets the database refuse a write the parser cannot see', async () => {
      if (dialect === 'sqlite') return; // SQLite has no SQL-defined functions; its connection is opened read-only instead.
      const res = await execute('SELECT bump()');
      expect(res.statusCode).toBe(422);
      expect(res.json().code).toBe('SQL_FAILED');
      expect(res.json().detail).toMatch(/read.only/i);
      expect(await target!.count('audit_trail')).toBe(0);
    });

    maybe('stops a huge cross join at the timeout while the platform stays responsive', async () => {
      const started = Date.now();
      const pending = execute('SELECT COUNT(*) FROM order_items a, order_items b, order_items c', { timeoutMs: 800 });
      const health = await app.inject({ method: 'GET', url: '/health' });
      expect(health.statusCode).toBe(200);
      const res = await pending;
      expect(res.statusCode).toBe(408);
      expect(res.json().code).toBe('STATEMENT_TIMEOUT');
      expect(Date.now() - started).toBeLessThan(10_000);
      // The connection still works afterwards.
      expect((await execute('SELECT COUNT(*) FROM regions')).json().rows[0].map(Number)).toEqual([8]);
    });

    maybe('treats a parameter carrying SQL as data', async () => {
      const res = await execute(`SELECT COUNT(*) FROM customers WHERE name = ${placeholder}`, { params: ["x'; DROP TABLE customers; --"] });
      expect(res.statusCode).toBe(200);
      expect(Number(res.json().rows[0][0])).toBe(0);
      expect(await target!.count('customers')).toBe(2000);
    });
  });

  maybe('keeps history and per-query performance', async () => {
    for (let i = 0; i < 3; i++) await execute(`SELECT name FROM regions WHERE id = ${i + 1}`);
    const history = (await api('GET', `/api/sql/history?connectionId=${connectionId}&limit=500`)).json();
    const outcomes = new Set(history.items.map((h: { outcome: string }) => h.outcome));
    expect(outcomes).toEqual(new Set(['ok', 'rejected', 'error', 'timeout'].filter((o) => dialect !== 'sqlite' || o !== 'error')));
    const performance = (await api('GET', `/api/sql/performance?connectionId=${connectionId}`)).json();
    const regions = performance.find((p: { normalizedSql: string }) => p.normalizedSql === 'select name from regions where id = ?');
    expect(regions.count).toBe(3);
    expect(regions.p95Ms).toBeGreaterThanOrEqual(regions.p50Ms);
  });

  maybe('answers a question with NL→SQL over the relevant tables, repairing SQL the validator refused', async () => {
    model.respond(
      { text: '```sql\nDELETE FROM customers\n```' },
      { text: '```sql\nSELECT COUNT(*) AS n FROM customers\n```\nCounts the customers.' },
    );
    const res = await api('POST', '/api/sql/ask', { connectionId, question: 'How many customers are there?', model: LOCAL_MODEL });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(Number(body.rows[0][0])).toBe(SAMPLE_TABLES.find((t) => t.name === 'customers')!.rows);
    expect(body).toMatchObject({ sql: 'SELECT COUNT(*) AS n FROM customers', explanation: 'Counts the customers.' });
    expect(body.tables[0]).toBe('customers');
    expect(body.attempts).toHaveLength(2);
    expect(body.attempts[0].error).toMatch(/read-only|SELECT|not allowed|write/i);
    // The repair prompt carried the validator's reason.
    expect(String(model.requests.at(-1)!.messages.at(-1)!.content)).toMatch(/previous SQL was refused/);
  });

  maybe('repairs SQL the database refused, and stops after maxAttempts with every reason', async () => {
    model.respond({ text: 'SELECT no_such_column FROM customers' }, { text: 'SELECT COUNT(*) FROM regions' });
    const repaired = await api('POST', '/api/sql/ask', { connectionId, question: 'How many regions?', model: LOCAL_MODEL });
    expect(repaired.statusCode).toBe(200);
    expect(repaired.json().attempts[0].error).toMatch(/refused the statement/);
    const catalog = dialect === 'postgres' ? 'pg_catalog.pg_tables' : dialect === 'mariadb' ? 'information_schema.tables' : 'sqlite_master';
    model.respond(...Array.from({ length: 2 }, () => ({ text: `SELECT * FROM ${catalog}` })));
    const refused = await api('POST', '/api/sql/ask', {
      connectionId,
      question: 'Which system tables exist?',
      model: LOCAL_MODEL,
      maxAttempts: 2,
    });
    expect({ status: refused.statusCode, code: refused.json().code }).toEqual({ status: 422, code: 'NL_SQL_FAILED' });
    expect(refused.json().details.attempts).toHaveLength(2);
    expect(refused.json().details.attempts.every((a: { error?: string }) => a.error)).toBe(true);
  });
});

describe('SQL connections', () => {
  it('never returns the password and refuses writable connections from non-admins', async () => {
    const created = await api('POST', '/api/sql/connections', {
      name: 'secret-check',
      dialect: 'postgres',
      host: '127.0.0.1',
      database: 'test',
      username: 'postgres',
      password: 'hunter2-secret',
    });
    expect(created.statusCode).toBe(201);
    expect(JSON.stringify(created.json())).not.toContain('hunter2');
    expect(created.json().hasPassword).toBe(true);
    const list = await api('GET', '/api/sql/connections');
    expect(JSON.stringify(list.json())).not.toContain('hunter2');
    await api('DELETE', `/api/sql/connections/${created.json().id}`);
  });

  it('refuses a SQLite file outside the allowed folder', async () => {
    const res = await api('POST', '/api/sql/connections', { name: 'escape', dialect: 'sqlite', filePath: '../../etc/passwd' });
    expect(res.statusCode).toBe(422);
    expect(res.json().code).toBe('CONNECTION_INVALID');
  });

  it('answers ask with 503 MODEL_NOT_CONFIGURED when no model is named and SQL_ASK_MODEL is unset', async () => {
    const res = await api('POST', '/api/sql/ask', {
      connectionId: '00000000-0000-4000-8000-000000000000',
      question: 'how many customers?',
    });
    expect(res.statusCode).toBe(503);
    expect(res.json()).toMatchObject({ code: 'MODEL_NOT_CONFIGURED' });
  });

  it('speaks JSON-RPC on /a2a/sql/query', async () => {
    const res = await api('POST', '/a2a/sql/query', { jsonrpc: '2.0', id: 7, method: 'nope', params: {} });
    expect(res.json()).toMatchObject({ jsonrpc: '2.0', id: 7, error: { code: -32601 } });
    const bad = await api('POST', '/a2a/sql/query', { jsonrpc: '2.0', id: 8, method: 'query', params: { sql: 1 } });
    expect(bad.json().error.code).toBe(-32602);
  });
});
