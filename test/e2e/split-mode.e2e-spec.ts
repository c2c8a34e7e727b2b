import { createTestPgDatabase, freePort, itWithServices, REDIS_TEST_URL, uniqueNamespace } from 'test/utils/services';
import { startPlatform, type PlatformProcess } from 'test/utils/platform-process';
import { loginOverHttp, TEST_ADMIN } from 'test/utils/auth';
import WebSocket from 'ws';

jest.setTimeout(90_000);

interface ServicesBody {
  mode: string;
  modules: Array<{ name: string; status: string; processId: string | null; url: string | null }>;
  processes: Array<{ modules: string[] }>;
}

let token = '';

const send = async (base: string, method: string, path: string, body?: unknown) => {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(25_000),
  });
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: (text ? JSON.parse(text) : undefined) as any };
};

const get = async (base: string, path: string) => {
  const res = await fetch(`${base}${path}`, { headers: { authorization: `Bearer ${token}` } });
  return { status: res.status, headers: res.headers, body: (await res.json()) as any };
};

describe('split mode: gateway + rag + sqltool + workflow-engine as four processes over Redis and PostgreSQL', () => {
  const ready = ['postgres', 'redis'] as const;
  let connectionId = '';
  let finishedRunId = '';
  const maybe = itWithServices(...ready);
  const up = maybe === it;
  let db: Awaited<ReturnType<typeof createTestPgDatabase>>;
  let gateway: PlatformProcess;
  let rag: PlatformProcess;
  let sqltool: PlatformProcess;
  let workflows: PlatformProcess;
  let single: PlatformProcess;

  beforeAll(async () => {
    if (!up) return;
    db = await createTestPgDatabase('split');
    const shared = { DATABASE_URL: db.url, REDIS_URL: REDIS_TEST_URL, JWT_SECRET: 'split-mode-test-secret-0123456789', ...TEST_ADMIN };
    const namespace = uniqueNamespace('split');
    // Start together: migrations must run once despite the race.
    [gateway, rag, sqltool, workflows] = await Promise.all(
      ['gateway', 'rag', 'sqltool', 'workflow-engine'].map(async (modules) =>
        startPlatform({ ...shared, MODULES: modules, BUS_NAMESPACE: namespace, PORT: String(await freePort()) }),
      ),
    );
    single = await startPlatform({ ...shared, BUS_NAMESPACE: uniqueNamespace('single'), PORT: String(await freePort()) });
    // Both deployments share the database, so one admin token (same JWT_SECRET) works everywhere.
    token = await loginOverHttp(gateway.url);
  });

  afterAll(async () => {
    if (!up) return;
    await Promise.all([gateway, rag, sqltool, workflows, single].map((p) => p?.kill()));
    await db.drop();
  });

  maybe('lists the four processes and which modules each runs', async () => {
    const { status, body } = await get(gateway.url, '/api/services');
    const services = body as ServicesBody;
    expect(status).toBe(200);
    expect(services.mode).toBe('split');
    expect(services.processes.map((p) => p.modules.join(',')).sort()).toEqual(['gateway', 'rag', 'sqltool', 'workflow-engine']);
    const byName = Object.fromEntries(services.modules.map((m) => [m.name, m]));
    expect(byName.rag).toMatchObject({ status: 'up', url: rag.url });
    expect(byName.sqltool).toMatchObject({ status: 'up', url: sqltool.url });
    expect(byName.gateway).toMatchObject({ status: 'up', url: gateway.url });
    for (const missing of ['agents', 'orchestrator', 'tools', 'observability']) expect(byName[missing].status).toBe('down');
  });

  maybe('asks every module for its health over the bus, across processes', async () => {
    const split = await get(gateway.url, '/health');
    // Modules absent from the deployment degrade the people's view; they do not fail the gateway.
    expect(split.status).toBe(200);
    expect(split.body.status).toBe('degraded');
    expect(split.body.details['module:rag']).toMatchObject({ status: 'up', processId: expect.stringMatching(/^rag-/) });
    expect(split.body.details['module:sqltool']).toMatchObject({ status: 'up', processId: expect.stringMatching(/^sqltool-/) });
    expect(split.body.details['module:agents'].status).toBe('down');
    const whole = await get(single.url, '/health');
    expect(whole.status).toBe(200);
    expect(whole.body.status).toBe('ok');
  });

  maybe('health fails small: readiness covers only the process its own modules and dependencies', async () => {
    const ready = await get(gateway.url, '/health/ready');
    expect(ready.status).toBe(200);
    expect(Object.keys(ready.body.details).sort()).toEqual(['database', 'module:gateway', 'redis']);
    const ragReady = await get(rag.url, '/health/ready');
    expect(Object.keys(ragReady.body.details).sort()).toEqual(['database', 'module:rag', 'redis']);
    const live = await get(sqltool.url, '/health/live');
    expect(live).toMatchObject({ status: 200, body: { status: 'ok', processId: expect.stringMatching(/^sqltool-/) } });
    // A route of a module that runs nowhere answers 503 MODULE_UNAVAILABLE; the others keep working.
    const absent = await get(gateway.url, '/api/agents');
    expect(absent).toMatchObject({ status: 503, body: { code: 'MODULE_UNAVAILABLE' } });
    expect((await get(gateway.url, '/api/documents?limit=1')).status).toBe(200);
  });

  maybe('forwards a rag route to the rag process and answers as the single process does', async () => {
    const viaGateway = await get(gateway.url, '/api/documents?limit=1');
    const direct = await get(single.url, '/api/documents?limit=1');
    expect(viaGateway.headers.get('x-served-by')).toMatch(/^rag-/);
    expect(viaGateway.status).toBe(direct.status);
    expect(viaGateway.body).toEqual(direct.body);
  });

  maybe('serves the same module card through the bus in both deployments', async () => {
    const split = (await get(gateway.url, '/api/services')).body as ServicesBody;
    const whole = (await get(single.url, '/api/services')).body as ServicesBody;
    expect(split.modules.find((m) => m.name === 'rag')!.status).toBe(whole.modules.find((m) => m.name === 'rag')!.status);
  });

  maybe("forwards writes, and the owner's 404, 409 and 422 answer exactly as in the single process", async () => {
    const connection = { name: 'split-db', dialect: 'postgres', host: '127.0.0.1', port: 5432, database: db.name, username: 'postgres' };
    const created = await send(gateway.url, 'POST', '/api/sql/connections', connection);
    expect(created.status).toBe(201);
    connectionId = created.body.id;
    const same = async (method: string, path: string, body?: unknown) => {
      const [split, whole] = [await send(gateway.url, method, path, body), await send(single.url, method, path, body)];
      expect({ status: split.status, body: split.body }).toEqual({ status: whole.status, body: whole.body });
      return split;
    };
    expect((await same('POST', '/api/sql/connections', connection)).status).toBe(409);
    expect((await same('GET', '/api/sql/connections/00000000-0000-4000-8000-000000000000')).status).toBe(404);
    expect((await same('POST', '/api/sql/connections/00000000-0000-4000-8000-000000000000/test')).status).toBe(404);
    expect((await same('POST', '/api/sql/validate', { sql: 'DELETE FROM t', dialect: 'postgres' })).body.valid).toBe(false);
    // A body over BODY_LIMIT_BYTES (1 MiB) is refused by its owner with 413 through the gateway, as in one process.
    const huge = await same('POST', '/api/sql/validate', { sql: `SELECT '${'x'.repeat(2 * 1024 * 1024)}'`, dialect: 'postgres' });
    expect(huge.body).toMatchObject({ status: 413 });
    const refused = await same('POST', '/api/sql/execute', { connectionId, sql: 'DROP TABLE users' });
    expect(refused.status).toBe(422);
    expect(refused.body.code).toBe('SQL_REJECTED');
  });

  maybe(
    'runs a workflow through the gateway: defined and driven by the workflow-engine process, its SQL step served over the bus',
    async () => {
      const bad = await send(gateway.url, 'POST', '/api/workflows', {
        name: 'split-bad',
        definition: { steps: [{ id: 'a', kind: 'transform', expression: '1', needs: ['a'] }] },
      });
      expect({ status: bad.status, code: bad.body.code }).toEqual({ status: 422, code: 'WORKFLOW_INVALID' });
      const wf = await send(gateway.url, 'POST', '/api/workflows', {
        name: 'split-workflow',
        definition: {
          steps: [
            { id: 'q', kind: 'sql', connectionId, sql: 'SELECT 40 + $1::int AS answer', params: ['=input.n'] },
            { id: 'out', kind: 'transform', needs: ['q'], expression: 'steps.q.output.rows[0].answer' },
          ],
        },
      });
      expect(wf.status).toBe(201);
      expect(wf.headers.get('x-served-by')).toMatch(/^workflow-engine-/);
      const run = await send(gateway.url, 'POST', `/api/workflows/${wf.body.id}/execute`, { input: { n: 2 }, wait: true, waitMs: 20_000 });
      expect(run.body).toMatchObject({ status: 'succeeded', output: { out: 42 } });
      finishedRunId = run.body.runId ?? run.body.id;
    },
  );

  maybe('forwards WebSocket upgrades to the owning process: the live run stream, its refusal, and a module that is absent', async () => {
    const wsBase = gateway.url.replace('http', 'ws');
    const ws = new WebSocket(`${wsBase}/api/workflows/live?runId=${finishedRunId}&token=${token}`);
    const messages: any[] = [];
    await new Promise<void>((resolve, reject) => {
      ws.on('message', (data) => {
        const message = JSON.parse(String(data));
        if (message.error) reject(new Error(JSON.stringify(message.error)));
        if (message.ended) resolve();
        else messages.push(message);
      });
      ws.on('error', reject);
    });
    ws.close();
    const events = (await get(gateway.url, `/api/workflows/runs/${finishedRunId}/events`)).body as any[];
    expect(messages.map((m) => m.seq)).toEqual(events.map((e) => e.seq));
    expect(messages.at(-1)).toMatchObject({ type: 'run.succeeded' });
    // The owner's refusal comes back through the gateway unchanged.
    const status = (url: string) =>
      new Promise<number>((resolve) => {
        const socket = new WebSocket(url);
        socket.on('unexpected-response', (_request, response) => resolve(response.statusCode ?? 0));
        socket.on('open', () => (socket.close(), resolve(101)));
        socket.on('error', () => resolve(-1));
      });
    expect(await status(`${wsBase}/api/workflows/live?runId=${finishedRunId}`)).toBe(401);
    // No agents process runs: its stream answers 503 at the gateway.
    expect(await status(`${wsBase}/a2a/message/stream?token=${token}`)).toBe(503);
  });

  maybe('serves the entity graph and the ingestion stream of the rag process through the gateway, errors intact', async () => {
    expect((await send(gateway.url, 'POST', '/api/collections', { name: 'split-graph' })).status).toBe(201);
    const built = await send(gateway.url, 'POST', '/api/collections/split-graph/graph?wait=true');
    expect([built.status, built.body.status, built.body.passageCount]).toEqual([202, 'ready', 0]);
    expect(built.headers.get('x-served-by')).toMatch(/^rag-/);
    const missing = await get(gateway.url, '/api/collections/split-graph/graph/neighbours?entity=volcano');
    expect([missing.status, missing.body.code]).toEqual([404, 'GRAPH_ENTITY_NOT_FOUND']);
    expect((await get(gateway.url, '/api/collections/split-graph/graph?limit=0')).status).toBe(400);
    // The WebSocket progress stream is forwarded to the rag process: its answers come back as it sent them.
    const ws = new WebSocket(`${gateway.url.replace('http', 'ws')}/api/documents/live?token=${token}`);
    const errors: string[] = [];
    await new Promise<void>((resolve, reject) => {
      ws.on('open', () => {
        ws.send(JSON.stringify({ subscribe: { documentId: '00000000-0000-4000-8000-000000000000' } }));
        ws.send(JSON.stringify({ subscribe: { collection: 'no-such-collection' } }));
      });
      ws.on('message', (data) => {
        const message = JSON.parse(String(data));
        if (message.error) errors.push(message.error.code);
        if (errors.length === 2) resolve();
      });
      ws.on('error', reject);
    });
    ws.close();
    expect(errors.sort()).toEqual(['COLLECTION_NOT_FOUND', 'DOCUMENT_NOT_FOUND']);
  });

  maybe('drops a killed process from discovery and answers its routes with 503', async () => {
    await rag.kill();
    const deadline = Date.now() + 15_000;
    let services: ServicesBody;
    do {
      await new Promise((r) => setTimeout(r, 500));
      services = (await get(gateway.url, '/api/services')).body;
    } while (services.processes.some((p) => p.modules.includes('rag')) && Date.now() < deadline);
    expect(services.processes.map((p) => p.modules.join(',')).sort()).toEqual(['gateway', 'sqltool', 'workflow-engine']);
    const forwarded = await get(gateway.url, '/api/documents');
    expect(forwarded.status).toBe(503);
    expect(forwarded.body).toMatchObject({ code: 'MODULE_UNAVAILABLE' });
  });

  maybe('stops each remaining process cleanly on SIGTERM', async () => {
    await expect(sqltool.stop()).resolves.toBe(0);
    await expect(workflows.stop()).resolves.toBe(0);
    await expect(gateway.stop()).resolves.toBe(0);
  });
});
