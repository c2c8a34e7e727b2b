import { spawn, type ChildProcess } from 'node:child_process';
import { connect } from 'node:net';
import { Client } from 'pg';
import { createTestPgDatabase, freePort, itWithServices, uniqueNamespace } from 'test/utils/services';
import { startPlatform, type PlatformProcess } from 'test/utils/platform-process';
import { loginOverHttp, TEST_ADMIN } from 'test/utils/auth';
import { eventually } from 'test/utils/eventually';

jest.setTimeout(150_000);

type Json = any;

/**
 * Redis restarted under load, as an operator's failover or a crash would do it: a private redis-server (no
 * persistence, so every stream, consumer group and registry key is gone afterwards) behind a split platform (gateway
 * and every module but tools in one process, tools in another) on PostgreSQL. Both processes must survive, reconnect,
 * heal the registry, serve HTTP and bus calls again, and every write they answered 200 must be applied.
 */
describe('Redis restarted under load', () => {
  const maybe = itWithServices('postgres');
  const up = maybe === it;
  let db: Awaited<ReturnType<typeof createTestPgDatabase>>;
  let redisPort = 0;
  let redis: ChildProcess | undefined;
  let main: PlatformProcess;
  let tools: PlatformProcess;
  let token = '';

  const startRedis = async () => {
    redis = spawn('redis-server', ['--port', String(redisPort), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], {
      stdio: 'ignore',
    });
    for (let i = 0; i < 50; i++) {
      const ok = await new Promise<boolean>((resolve) => {
        const socket = connect(redisPort, '127.0.0.1', () => {
          socket.end();
          resolve(true);
        });
        socket.on('error', () => resolve(false));
      });
      if (ok) return;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error('redis-server did not start');
  };

  const send = async (method: string, path: string, body?: unknown) => {
    try {
      const res = await fetch(`${main.url}${path}`, {
        method,
        headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(20_000),
      });
      const text = await res.text();
      return { status: res.status, body: (text ? JSON.parse(text) : undefined) as Json };
    } catch (error) {
      return { status: 0, body: { error: String(error) } };
    }
  };

  const executions = async (): Promise<number> => {
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
    redisPort = await freePort();
    await startRedis();
    db = await createTestPgDatabase('redisrestart');
    const shared = {
      DATABASE_URL: db.url,
      REDIS_URL: `redis://127.0.0.1:${redisPort}`,
      BUS_NAMESPACE: uniqueNamespace('redisrestart'),
      JWT_SECRET: 'redis-restart-test-secret-0123456789',
      RATE_LIMIT_PER_MINUTE: '1000000',
      RATE_LIMIT_EXPENSIVE_PER_MINUTE: '1000000',
      BUS_TIMEOUT_MS: '3000',
      ...TEST_ADMIN,
    };
    main = await startPlatform({
      ...shared,
      MODULES: 'gateway,agents,orchestrator,rag,sqltool,workflow-engine,observability',
      PORT: String(await freePort()),
    });
    tools = await startPlatform({ ...shared, MODULES: 'tools', PORT: String(await freePort()) });
    token = await loginOverHttp(main.url);
    await eventually(
      () => send('POST', '/api/tools/javascript/execute', { arguments: { code: 'return 1' } }),
      (res) => res.status === 200,
      20_000,
    );
  });

  afterAll(async () => {
    if (!up) return;
    await Promise.all([main, tools].map((p) => p?.kill()));
    redis?.kill('SIGKILL');
    await db.drop();
  });

  maybe('both processes reconnect, the registry heals, HTTP and bus calls work again, nothing answered 200 is lost', async () => {
    const before = await executions();
    const writes = { ok: 0, failed: 0 };
    const statuses = new Map<number, number>();
    const unexpected: Json[] = [];
    const outage: Json[] = [];
    let stop = false;
    const writer = async () => {
      while (!stop) {
        const res = await send('POST', '/api/tools/javascript/execute', { arguments: { code: 'return 1' } });
        statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
        if (res.status === 200) writes.ok++;
        else {
          if (![502, 503, 504].includes(res.status)) unexpected.push(res);
          else if (!outage.length) outage.push(res);
          writes.failed++;
          await new Promise((r) => setTimeout(r, 50));
        }
      }
    };
    const load = Array.from({ length: 4 }, writer);
    await new Promise((r) => setTimeout(r, 1_500));
    redis!.kill('SIGKILL');
    await new Promise((r) => setTimeout(r, 2_000));
    await startRedis();
    const restartedAt = Date.now();

    // The registry comes back (heartbeats re-register both processes) and forwarded HTTP calls succeed again.
    await eventually(
      () => send('GET', '/api/services'),
      (res) => res.status === 200 && res.body.processes?.some((p: Json) => p.modules.join() === 'tools'),
      30_000,
    );
    const okAfter = await eventually(
      () => send('POST', '/api/tools/javascript/execute', { arguments: { code: 'return 7' } }),
      (res) => res.status === 200,
      30_000,
    );
    expect(okAfter.body.result.result).toBe(7);
    stop = true;
    await Promise.all(load);
    const healedMs = Date.now() - restartedAt;

    // A bus round trip across the two processes (workflow-engine -> tools): consumer groups were re-created.
    const wf = await send('POST', '/api/workflows', {
      name: 'after-redis-restart',
      definition: { steps: [{ id: 'a', kind: 'tool', tool: 'javascript', arguments: { code: 'return 41 + 1' } }] },
    });
    expect(wf.status).toBe(201);
    const run = await eventually(
      () => send('POST', `/api/workflows/${wf.body.id}/execute`, { input: {}, wait: true, waitMs: 15_000 }),
      (res) => res.body?.status === 'succeeded',
      45_000,
    );
    expect(JSON.stringify(run.body)).toContain('42');

    expect(main.child.exitCode).toBeNull();
    expect(tools.child.exitCode).toBeNull();
    // Failures during the outage were answers (503/502/504), never a dropped connection.
    expect(unexpected.slice(0, 3)).toEqual([]);
    expect(writes.ok).toBeGreaterThan(10);
    // The workflow's step and the check call are the +2.
    const ran = (await executions()) - before;
    expect(ran).toBeGreaterThanOrEqual(writes.ok + 2);
    expect(ran).toBeLessThanOrEqual(writes.ok + writes.failed + 2);
    console.log(
      `redis restart: ${writes.ok} writes ok, ${writes.failed} failed (${JSON.stringify(Object.fromEntries(statuses))}), healed ${healedMs} ms after restart; first failure: ${JSON.stringify(outage[0]?.body ?? null)}`,
    );
  });
});
