import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { loadEnv } from '@libs/config';
import { createApp } from 'src/app.factory';
import { sampleDatabaseStatements } from 'test/fixtures/sample-db';
import { bearer, loginInProcess, TEST_ADMIN } from 'test/utils/auth';
import { createTestPgDatabase, itWithServices, tmpDataDir } from 'test/utils/services';

// The SQL tool's own tables on PostgreSQL (the server-mode metadata store), not only SQLite.
describe('SQL tool with its tables on PostgreSQL', () => {
  let app: NestFastifyApplication | undefined;
  let token: string;
  let drop: (() => Promise<void>) | undefined;
  const sqliteDir = tmpDataDir('sql-pgmeta-');

  const itWithPostgres = itWithServices('postgres');

  beforeAll(async () => {
    if (itWithPostgres !== it) return;
    const db = await createTestPgDatabase('sqlmeta');
    drop = db.drop;
    ({ app } = await createApp(
      loadEnv({
        DATA_DIR: tmpDataDir('sqlmeta-'),
        DATABASE_URL: db.url,
        CHROMA_AUTOSTART: 'false',
        SQL_SQLITE_DIR: sqliteDir,
        ...TEST_ADMIN,
      }),
      { logger: false },
    ));
    await app.init();
    await app.getHttpAdapter().getInstance().ready();
    token = await loginInProcess(app);
  });

  afterAll(async () => {
    await app?.close();
    await drop?.();
  });

  itWithPostgres('stores connections, history and performance, and answers a malformed id with 404', async () => {
    const file = join(sqliteDir, 'sample.sqlite');
    const sample = new Database(file);
    sample.exec(sampleDatabaseStatements('sqlite').join(';\n'));
    sample.close();
    const api = (method: 'GET' | 'POST', url: string, payload?: object) => app!.inject({ method, url, payload, headers: bearer(token) });
    const created = await api('POST', '/api/sql/connections', {
      name: 'sample',
      dialect: 'sqlite',
      filePath: 'sample.sqlite',
      password: 'unused-but-sealed',
    });
    expect(created.statusCode).toBe(201);
    const connectionId = created.json().id;
    const res = await api('POST', '/api/sql/execute', { connectionId, sql: 'SELECT COUNT(*) FROM customers' });
    expect(res.json().rows[0][0]).toBe(2000);
    expect((await api('POST', '/api/sql/execute', { connectionId, sql: 'DROP TABLE customers' })).statusCode).toBe(422);
    const history = (await api('GET', `/api/sql/history?connectionId=${connectionId}`)).json();
    expect(history.items.map((h: { outcome: string }) => h.outcome).sort()).toEqual(['ok', 'rejected']);
    const performance = (await api('GET', `/api/sql/performance?connectionId=${connectionId}`)).json();
    expect(performance[0]).toMatchObject({ count: 1, normalizedSql: 'select count(*) from customers' });
    const rpc = await api('POST', '/a2a/sql/query', {
      jsonrpc: '2.0',
      id: 1,
      method: 'query',
      params: { connectionId: 'not-a-uuid', sql: 'SELECT 1' },
    });
    expect(rpc.json().error.code).toBe(-32602);
    expect((await api('GET', '/api/sql/connections')).json()[0]).toMatchObject({ name: 'sample', hasPassword: true });
  });
});
