import { resolve } from 'node:path';
import { Client } from 'pg';
import { createTestPgDatabase, freePort, itWithServices, REDIS_TEST_URL, uniqueNamespace } from 'test/utils/services';
import { startPlatform, type PlatformProcess } from 'test/utils/platform-process';
import { loginOverHttp, TEST_ADMIN } from 'test/utils/auth';
import { eventually } from 'test/utils/eventually';

jest.setTimeout(120_000);

type Json = any;

/**
 * Scale-out as an operator runs it: one process with the gateway and every module but tools, and two replicas of
 * tools, on PostgreSQL and Redis. Side effects are counted at the source (the tool_executions table).
 */
describe('replicas: a module run twice behind the gateway', () => {
  const maybe = itWithServices('postgres', 'redis');
  const up = maybe === it;
  let db: Awaited<ReturnType<typeof createTestPgDatabase>>;
  let main: PlatformProcess;
  let toolsA: PlatformProcess;
  let toolsB: PlatformProcess;
  let token = '';

  const send = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${main.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(30_000),
    });
    const text = await res.text();
    return { status: res.status, servedBy: res.headers.get('x-served-by') ?? '', body: (text ? JSON.parse(text) : undefined) as Json };
  };

  /** Calls recorded so far; the log is written behind in batches, so it waits until the count stops moving. */
  const executions = async (): Promise<number> => {
    let last = -1;
    for (;;) {
      const now = await countExecutions();
      if (now === last) return now;
      last = now;
      await new Promise((r) => setTimeout(r, 700));
    }
  };

  const countExecutions = async (): Promise<number> => {
    const client = new Client({ connectionString: db.url });
    await client.connect();
    try {
      const { rows } = await client.query(`SELECT count(*)::int AS n FROM tool_executions WHERE tool_name = 'javascript'`);
      return rows[0].n as number;
    } finally {
      await client.end();
    }
  };

  beforeAll(async () => {
    if (!up) return;
    db = await createTestPgDatabase('replicas');
    const shared = {
      DATABASE_URL: db.url,
      REDIS_URL: REDIS_TEST_URL,
      BUS_NAMESPACE: uniqueNamespace('replicas'),
      JWT_SECRET: 'replicas-test-secret-0123456789',
      RATE_LIMIT_PER_MINUTE: '1000000',
      RATE_LIMIT_EXPENSIVE_PER_MINUTE: '1000000',
      ...TEST_ADMIN,
    };
    main = await startPlatform({
      ...shared,
      MODULES: 'gateway,agents,orchestrator,rag,sqltool,workflow-engine,observability',
      PORT: String(await freePort()),
    });
    [toolsA, toolsB] = await Promise.all(
      [0, 1].map(async () => startPlatform({ ...shared, MODULES: 'tools', PORT: String(await freePort()) })),
    );
    token = await loginOverHttp(main.url);
    // Both replicas are in the registry before the first forwarded request.
    for (let i = 0; i < 100; i++) {
      const services = await send('GET', '/api/services');
      if (services.body.processes.filter((p: Json) => p.modules.join() === 'tools').length === 2) break;
      await new Promise((r) => setTimeout(r, 100));
    }
  });

  afterAll(async () => {
    if (!up) return;
    await Promise.all([main, toolsA, toolsB].map((p) => p?.kill()));
    await db.drop();
  });

  maybe('lists both replicas and spreads HTTP calls across them, each call run once', async () => {
    const services = await send('GET', '/api/services');
    expect(services.body.processes.filter((p: Json) => p.modules.join() === 'tools')).toHaveLength(2);
    const before = await executions();
    const calls = await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        send('POST', '/api/tools/javascript/execute', { arguments: { code: 'return input * 2', input: i } }),
      ),
    );
    expect(calls.map((c) => c.status)).toEqual(Array(40).fill(200));
    expect(calls.map((c) => c.body.result.result)).toEqual(Array.from({ length: 40 }, (_, i) => i * 2));
    expect(new Set(calls.map((c) => c.servedBy)).size).toBe(2);
    expect((await executions()) - before).toBe(40);
  });

  maybe('runs each tool step of a workflow once, over the bus, with two replicas listening', async () => {
    const steps = Array.from({ length: 12 }, (_, i) => ({
      id: `s${i}`,
      kind: 'tool',
      tool: 'javascript',
      arguments: { code: `return ${i}` },
    }));
    const wf = await send('POST', '/api/workflows', { name: 'replicated-tools', definition: { steps } });
    expect(wf.status).toBe(201);
    const before = await executions();
    const run = await send('POST', `/api/workflows/${wf.body.id}/execute`, { input: {}, wait: true, waitMs: 30_000 });
    expect(run.body.status).toBe('succeeded');
    expect((await executions()) - before).toBe(12);
  });

  maybe('an MCP server registered, changed and removed through one replica is used with its current settings by both', async () => {
    const script = resolve(__dirname, '..', 'fixtures', 'changing-mcp-server.mjs');
    const created = await send('POST', '/api/mcp/servers', {
      name: 'labelled',
      transport: 'stdio',
      command: process.execPath,
      args: [script],
      env: { MCP_LABEL: 'one' },
    });
    expect(created.status).toBe(201);
    const whoami = () =>
      Promise.all(Array.from({ length: 12 }, () => send('POST', '/api/tools/labelled.whoami/execute', { arguments: {} })));
    // The replica that did not register it connects on its first call (rounds until the balancer has used both).
    const first: Awaited<ReturnType<typeof whoami>> = [];
    for (let round = 0; round < 20 && new Set(first.map((c) => c.servedBy)).size < 2; round++) first.push(...(await whoami()));
    expect(new Set(first.map((c) => c.servedBy)).size).toBe(2);
    expect(first.map((c) => `${c.status}:${c.body.result?.[0]?.text}`)).toEqual(Array(first.length).fill('200:one'));

    const changed = await send('PUT', `/api/mcp/servers/${created.body.id}`, { env: { MCP_LABEL: 'two' } });
    expect(changed.status).toBe(200);
    // The other replica hears of the change over the bus (a moment later) and reconnects with the new settings.
    const settled = await eventually(
      async () => (await whoami()).map((c) => `${c.status}:${c.body.result?.[0]?.text}`),
      (all) => all.every((label) => label === '200:two'),
      15_000,
      200,
    );
    expect(settled).toEqual(Array(12).fill('200:two'));
    const after: Awaited<ReturnType<typeof whoami>> = [];
    for (let round = 0; round < 20 && new Set(after.map((c) => c.servedBy)).size < 2; round++) after.push(...(await whoami()));
    expect(new Set(after.map((c) => c.servedBy)).size).toBe(2);
    expect(after.map((c) => `${c.status}:${c.body.result?.[0]?.text}`)).toEqual(Array(after.length).fill('200:two'));

    expect((await send('DELETE', `/api/mcp/servers/${created.body.id}`)).status).toBe(204);
    const gone = await whoami();
    expect(gone.map((c) => c.status)).toEqual(Array(12).fill(404));
  });

  maybe('keeps serving when a replica is killed with SIGKILL under load: reads never fail, no write runs twice', async () => {
    const statuses: number[] = [];
    const writes = { ok: 0, failed: 0 };
    const before = await executions();
    let stop = false;
    const reader = async () => {
      while (!stop) statuses.push((await send('GET', '/api/tools/javascript')).status);
    };
    const writer = async () => {
      while (!stop) {
        const res = await send('POST', '/api/tools/javascript/execute', { arguments: { code: 'return 1' } });
        if (res.status === 200) writes.ok++;
        else {
          writes.failed++;
          // A write in flight on the killed replica fails clearly; it is never a hang or a 500.
          expect([502, 503]).toContain(res.status);
          expect(res.body.code).toMatch(/UPSTREAM_FAILED|MODULE_UNAVAILABLE/);
        }
      }
    };
    const load = [...Array.from({ length: 4 }, reader), ...Array.from({ length: 4 }, writer)];
    await new Promise((r) => setTimeout(r, 1_500));
    await toolsA.kill();
    await new Promise((r) => setTimeout(r, 3_000));
    stop = true;
    await Promise.all(load);
    expect(statuses.length).toBeGreaterThan(20);
    expect(statuses.filter((s) => s !== 200)).toEqual([]);
    expect(writes.ok).toBeGreaterThan(10);
    // Every write answered 200 ran exactly once; one that failed may or may not have run before its replica died.
    const ran = (await executions()) - before;
    expect(ran).toBeGreaterThanOrEqual(writes.ok);
    expect(ran).toBeLessThanOrEqual(writes.ok + writes.failed);
    // The survivor serves alone now.
    const after = await send('POST', '/api/tools/javascript/execute', { arguments: { code: 'return 2' } });
    expect(after).toMatchObject({ status: 200, servedBy: expect.stringMatching(/^tools-/) });
  });
});
