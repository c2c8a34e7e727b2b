import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import Database from 'better-sqlite3';
import { rmSync } from 'node:fs';
import WebSocket from 'ws';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { loadEnv } from '@libs/config';
import { createApp } from 'src/app.factory';
import { WorkflowClock } from 'src/modules/workflow-engine';
import { FakeOpenAi } from 'test/fixtures/fake-openai';
import { startSdkPeer } from 'test/fixtures/sdk-a2a-peer';
import { loginOverHttp, TEST_ADMIN } from 'test/utils/auth';
import { createTestPgDatabase, itWithServices, REDIS_TEST_URL, tmpDataDir, uniqueNamespace } from 'test/utils/services';

jest.setTimeout(120_000);

type Json = Record<string, any>;

const ROOT = join(__dirname, '..', '..');
const EVERYTHING = join(ROOT, 'node_modules', '@modelcontextprotocol', 'server-everything', 'dist', 'index.js');
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface Platform {
  app: NestFastifyApplication;
  base: string;
  token: string;
}

async function startPlatform(env: Record<string, string>): Promise<Platform> {
  const { app } = await createApp(
    loadEnv({ CHROMA_AUTOSTART: 'false', RATE_LIMIT_EXPENSIVE_PER_MINUTE: '100000', ...TEST_ADMIN, ...env }),
    {
      logger: false,
    },
  );
  await app.listen({ port: 0, host: '127.0.0.1' });
  const base = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
  return { app, base, token: await loginOverHttp(base) };
}

function client(platform: () => Platform) {
  return async (method: string, path: string, body?: unknown) => {
    const { base, token } = platform();
    const res = await fetch(`${base}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, body: (text ? JSON.parse(text) : undefined) as Json };
  };
}

const MODES = [
  ['embedded (SQLite, in-process bus)', [] as const],
  ['server (PostgreSQL + Redis: Bull queue, Redis bus)', ['postgres', 'redis'] as const],
] as const;

describe.each(MODES)('workflow engine, %s', (mode, services) => {
  const it_ = itWithServices(...services);
  const server = services.length > 0;
  const dataDir = tmpDataDir('wf-');
  const model = new FakeOpenAi();
  let peer: Awaited<ReturnType<typeof startSdkPeer>>;
  let platform: Platform;
  let dropDb: (() => Promise<void>) | undefined;
  let env: Record<string, string>;
  const api = client(() => platform);
  const ids: Json = {};

  const createWorkflow = async (name: string, definition: Json) => {
    const res = await api('POST', '/api/workflows', { name: `${name}-${Math.random().toString(36).slice(2, 8)}`, definition });
    expect(res.status).toBe(201);
    return res.body;
  };
  const execute = async (workflowId: string, input: unknown = {}, extra: Json = {}) => {
    const res = await api('POST', `/api/workflows/${workflowId}/execute`, { input, wait: true, waitMs: 20_000, ...extra });
    expect([200, 202]).toContain(res.status);
    return res.body;
  };
  const runOf = async (runId: string) => (await api('GET', `/api/workflows/runs/${runId}`)).body;
  const until = async (runId: string, statuses: string[], timeoutMs = 20_000) => {
    const started = Date.now();
    for (;;) {
      const run = await runOf(runId);
      if (statuses.includes(run.status)) return run;
      if (Date.now() - started > timeoutMs) throw new Error(`run ${runId} stayed ${run.status}: ${JSON.stringify(run)}`);
      await sleep(50);
    }
  };

  beforeAll(async () => {
    if (it_ !== it) return;
    await model.start();
    peer = await startSdkPeer();
    env = {
      DATA_DIR: dataDir,
      SQL_SQLITE_DIR: dataDir,
      A2A_REMOTE_ALLOW_PRIVATE: 'true',
      WORKFLOW_MAX_STEP_OUTPUT_BYTES: '20000',
      WORKFLOW_LEASE_MS: '2000',
      BUS_NAMESPACE: uniqueNamespace('wf'),
      JWT_SECRET: 'workflow-e2e-secret-0123456789abcdef',
    };
    if (server) {
      const db = await createTestPgDatabase('wf');
      dropDb = db.drop;
      Object.assign(env, { DATABASE_URL: db.url, REDIS_URL: REDIS_TEST_URL });
    }
    platform = await startPlatform(env);

    const shop = new Database(join(dataDir, 'shop.sqlite'));
    shop.exec(
      "CREATE TABLE orders (id INTEGER PRIMARY KEY, region TEXT, total REAL); INSERT INTO orders (region, total) VALUES ('north', 10), ('south', 25), ('north', 5);",
    );
    shop.close();
    ids.shop = (await api('POST', '/api/sql/connections', { name: 'shop', dialect: 'sqlite', filePath: 'shop.sqlite' })).body.id;
    expect(
      (await api('POST', '/api/model-providers', { name: 'local', kind: 'openai-compatible', baseUrl: model.url, apiKey: 'sk-test' }))
        .status,
    ).toBe(201);
    ids.writer = (
      await api('POST', '/api/agents', {
        name: 'writer',
        instructions: 'Write short reports.',
        model: { provider: 'local', modelId: 'test-model' },
        skills: [{ id: 'report', name: 'Reports', description: 'Writes reports from data', tags: ['reporting'] }],
      })
    ).body.id;
    ids.shouter = (await api('POST', '/api/agents', { name: 'shouter', cardUrl: `${peer.url}/` })).body.id;
    expect(ids.shouter).toBeDefined();
    const mcp = await api('POST', '/api/mcp/servers', {
      name: 'everything',
      transport: 'stdio',
      command: process.execPath,
      args: [EVERYTHING, 'stdio'],
    });
    expect(mcp.status).toBe(201);
  });

  afterAll(async () => {
    await platform?.app.close();
    await peer?.stop();
    await model.stop();
    await dropDb?.();
    rmSync(dataDir, { recursive: true, force: true });
  });

  describe('definitions', () => {
    it_('refuses bad definitions with a 422 that says what is wrong, and stores nothing', async () => {
      const before = (await api('GET', '/api/workflows?limit=500')).body.total;
      const cases: Array<[Json, string, RegExp]> = [
        [
          {
            steps: [
              { id: 'a', kind: 'transform', expression: '1', needs: ['b'] },
              { id: 'b', kind: 'transform', expression: '1', needs: ['a'] },
            ],
          },
          'CYCLE',
          /a → b → a|b → a → b/,
        ],
        [{ steps: [{ id: 'a', kind: 'transform', expression: '1', needs: ['ghost'] }] }, 'UNKNOWN_STEP', /ghost/],
        [{ steps: [{ id: 'a', kind: 'transform', expression: 'input.(' }] }, 'BAD_EXPRESSION', /input/],
        [{ steps: [{ id: 'a', kind: 'teleport' }] }, 'INVALID_SHAPE', /kind|Invalid/i],
        [
          {
            steps: [
              { id: 'a', kind: 'transform', expression: 'steps.b.output' },
              { id: 'b', kind: 'transform', expression: '1' },
            ],
          },
          'UNDECLARED_READ',
          /needs/,
        ],
      ];
      for (const [definition, code, message] of cases) {
        const res = await api('POST', '/api/workflows', { name: `bad-${code}`, definition });
        expect({ status: res.status, code: res.body.code }).toEqual({ status: 422, code: 'WORKFLOW_INVALID' });
        expect(res.body.details.issues[0].code).toBe(code);
        expect(res.body.detail).toMatch(message);
      }
      const oversized = await api('POST', '/api/workflows', {
        name: 'huge',
        definition: {
          steps: Array.from({ length: 150 }, (_, i) => ({ id: `s${i}`, kind: 'transform', expression: `"${'x'.repeat(1_800)}"` })),
        },
      });
      expect(oversized.status).toBe(422);
      expect(oversized.body.details.issues[0].code).toBe('TOO_LARGE');
      const unknownField = await api('POST', '/api/workflows', { name: 'x', definition: { steps: [] }, colour: 'red' });
      expect(unknownField.status).toBe(400);
      expect((await api('GET', '/api/workflows?limit=500')).body.total).toBe(before);
      const check = await api('POST', '/api/workflows/validate', { definition: cases[0][0] });
      expect(check.body).toMatchObject({ valid: false, issues: [{ code: 'CYCLE' }] });
    });

    it_('versions every update; a running run keeps the version it started on', async () => {
      const wf = await createWorkflow('versions', {
        steps: [
          { id: 'gate', kind: 'approval', prompt: 'go?' },
          { id: 'out', kind: 'transform', needs: ['gate'], expression: '"v1"' },
        ],
      });
      const started = await execute(wf.id);
      expect(started.status).toBe('waiting');
      const updated = await api('PUT', `/api/workflows/${wf.id}`, {
        definition: {
          steps: [
            { id: 'gate', kind: 'approval' },
            { id: 'out', kind: 'transform', needs: ['gate'], expression: '"v2"' },
          ],
        },
      });
      expect(updated.body.version).toBe(2);
      expect((await api('GET', `/api/workflows/${wf.id}/versions`)).body.map((v: Json) => v.version)).toEqual([2, 1]);
      await api('POST', `/api/workflows/runs/${started.id}/approvals/gate`, { approved: true });
      const done = await until(started.id, ['succeeded']);
      expect(done).toMatchObject({ version: 1, output: { out: 'v1' } });
      const results = await api('GET', `/api/workflows/${wf.id}/results?runId=${started.id}`);
      expect(results.body).toMatchObject({ status: 'succeeded', steps: { out: 'v1' } });
      expect((await api('GET', `/api/workflows/${wf.id}/status`)).body.id).toBe(started.id);
    });

    it_("keeps the designer's layout with each version, and refuses a bad one", async () => {
      const steps = [
        { id: 'a', kind: 'transform', expression: '1' },
        { id: 'b', kind: 'transform', needs: ['a'], expression: 'steps.a.output + 1' },
      ];
      const layout = { a: { x: 40, y: -12.5 }, b: { x: 300, y: 220 } };
      const wf = await createWorkflow('layout', { steps, layout });
      expect(wf.definition.layout).toEqual(layout);
      expect((await api('GET', `/api/workflows/${wf.id}`)).body.definition.layout).toEqual(layout);
      const moved = { ...layout, b: { x: 310, y: 400 } };
      expect((await api('PUT', `/api/workflows/${wf.id}`, { definition: { steps, layout: moved } })).body.definition.layout).toEqual(moved);
      const versions = (await api('GET', `/api/workflows/${wf.id}/versions`)).body as unknown as Json[];
      expect(versions.map((v) => v.definition.layout)).toEqual([moved, layout]);
      // The engine runs it as if the layout were not there.
      expect((await execute(wf.id)).output).toEqual({ a: 1, b: 2 });
      const bad: Array<[unknown, RegExp]> = [
        [{ a: { x: 'left', y: 0 } }, /^layout\.a\.x$/],
        [{ a: { x: 1, y: 2, z: 3 } }, /^layout\.a$/],
        [{ a: { x: 1, y: 5e6 } }, /^layout\.a\.y$/],
        [[{ x: 1, y: 2 }], /^layout$/],
        [Object.fromEntries(Array.from({ length: 201 }, (_, i) => [`s${i}`, { x: i, y: i }])), /^layout$/],
      ];
      for (const [badLayout, path] of bad) {
        const res = await api('PUT', `/api/workflows/${wf.id}`, { definition: { steps, layout: badLayout } });
        expect({ status: res.status, code: res.body.code, issue: res.body.details.issues[0].code }).toEqual({
          status: 422,
          code: 'WORKFLOW_INVALID',
          issue: 'INVALID_SHAPE',
        });
        expect(res.body.details.issues[0].path).toMatch(path);
      }
      const ghost = await api('POST', '/api/workflows/validate', { definition: { steps, layout: { ghost: { x: 0, y: 0 } } } });
      expect(ghost.body).toMatchObject({ valid: false, issues: [{ code: 'UNKNOWN_STEP', path: 'layout.ghost' }] });
      // A request that is not JSON-shaped where the DTO wants an object is the usual 400.
      expect((await api('PUT', `/api/workflows/${wf.id}`, { definition: 'layout' })).status).toBe(400);
      expect((await api('GET', `/api/workflows/${wf.id}`)).body).toMatchObject({ version: 2, definition: { layout: moved } });
    });

    it_('refuses to run a disabled workflow, and runs it again once enabled', async () => {
      const wf = await createWorkflow('disabled', { steps: [{ id: 'a', kind: 'transform', expression: '1' }] });
      await api('POST', `/api/workflows/${wf.id}/disable`);
      const refused = await api('POST', `/api/workflows/${wf.id}/execute`, {});
      expect({ status: refused.status, code: refused.body.code }).toEqual({ status: 409, code: 'WORKFLOW_DISABLED' });
      expect((await api('GET', `/api/workflows/runs?workflowId=${wf.id}`)).body.total).toBe(0);
      await api('POST', `/api/workflows/${wf.id}/enable`);
      expect((await execute(wf.id)).status).toBe('succeeded');
    });

    it_('checks the input against the inputSchema', async () => {
      const wf = await createWorkflow('typed', {
        inputSchema: { type: 'object', required: ['n'], properties: { n: { type: 'integer' } } },
        steps: [{ id: 'double', kind: 'transform', expression: 'input.n * 2' }],
      });
      const bad = await api('POST', `/api/workflows/${wf.id}/execute`, { input: { n: 'three' } });
      expect({ status: bad.status, code: bad.body.code }).toEqual({ status: 422, code: 'INPUT_INVALID' });
      expect((await execute(wf.id, { n: 21 })).output).toEqual({ double: 42 });
    });
  });

  describe('steps over the bus', () => {
    it_('runs agents (a platform LLM agent and an SDK-served A2A agent), MCP and built-in tools, SQL and control flow', async () => {
      model.respond((request) => ({ text: `REPORT: ${String(request.messages.at(-1)?.content).slice(0, 60)}` }));
      const wf = await createWorkflow('everything', {
        steps: [
          {
            id: 'orders',
            kind: 'sql',
            connectionId: ids.shop,
            sql: 'SELECT region, SUM(total) AS total FROM orders GROUP BY region ORDER BY region',
          },
          { id: 'north', kind: 'transform', needs: ['orders'], expression: 'steps.orders.output.rows[region = "north"].total' },
          { id: 'sum', kind: 'tool', tool: 'everything.get-sum', needs: ['north'], arguments: { a: '=steps.north.output', b: 100 } },
          { id: 'doubled', kind: 'code', needs: ['north'], code: 'return input * 2', input: '=steps.north.output' },
          { id: 'shout', kind: 'agent', agent: { agentId: ids.shouter }, message: 'north made {{ steps.north.output }}', needs: ['north'] },
          {
            id: 'report',
            kind: 'agent',
            agent: { capability: 'reporting' },
            needs: ['orders'],
            message: '=$string(steps.orders.output.rows)',
          },
          { id: 'check', kind: 'condition', needs: ['doubled'], if: 'steps.doubled.output.result > 20', then: ['big'], else: ['small'] },
          { id: 'big', kind: 'transform', expression: '"big"' },
          { id: 'small', kind: 'transform', expression: '"small"' },
          { id: 'merge', kind: 'join', mode: 'any', needs: ['big', 'small'] },
          {
            id: 'squares',
            kind: 'map',
            over: '[1, 2, 3, 4]',
            concurrency: 2,
            step: { kind: 'code', code: 'return input * input', input: '=item' },
          },
          { id: 'count', kind: 'loop', until: 'last >= 3', maxIterations: 10, step: { kind: 'transform', expression: 'index + 1' } },
        ],
      });
      const run = await execute(wf.id);
      expect(run.status).toBe('succeeded');
      const out = run.output;
      expect(out.north).toBe(15);
      expect(JSON.stringify(out.sum)).toContain('115');
      expect(out.doubled.result).toBe(30);
      expect(out.shout.text).toBe('NORTH MADE 15');
      expect(out.report).toMatchObject({ agentId: ids.writer });
      expect(out.report.text).toMatch(/^REPORT: /);
      expect(out.merge).toEqual({ big: 'big' });
      expect(out.squares.map((s: Json) => s.result)).toEqual([1, 4, 9, 16]);
      expect(out.count).toMatchObject({ iterations: 3, last: 3 });
      const small = run.steps.find((s: Json) => s.path === 'small');
      expect(small).toMatchObject({ status: 'skipped', skippedBecause: 'branch not taken at check' });
      // The A2A message the SDK agent received carried the step's idempotency key as its messageId.
      const events = (await api('GET', `/api/workflows/runs/${run.id}/events`)).body as Json[];
      const started = events.filter((e) => e.type === 'step.started' && e.stepPath === 'shout');
      expect(started).toHaveLength(1);
      expect(started[0].data.key).toBe(`${run.id}:shout`);
    });

    it_('retries a failing step with backoff, then fails the run with the step named', async () => {
      const wf = await createWorkflow('flaky', {
        steps: [{ id: 'boom', kind: 'code', code: 'throw new Error("no luck")', retry: { maxAttempts: 3, backoffMs: 20, factor: 2 } }],
      });
      const run = await execute(wf.id);
      expect(run.status).toBe('failed');
      expect(run.error).toMatchObject({ code: 'STEP_FAILED', step: 'boom' });
      expect(run.error.message).toMatch(/no luck/);
      const events = (await api('GET', `/api/workflows/runs/${run.id}/events`)).body as Json[];
      expect(events.filter((e) => e.type === 'step.retrying').map((e) => e.data.delayMs)).toEqual([20, 40]);
      expect(events.filter((e) => e.type === 'step.started')).toHaveLength(3);
    });

    it_('times out a step that runs too long', async () => {
      const wf = await createWorkflow('slow', { steps: [{ id: 'spin', kind: 'code', code: 'for (;;) {}', timeoutMs: 300 }] });
      const run = await execute(wf.id);
      expect(run.status).toBe('failed');
      expect(run.steps[0].error.message).toMatch(/300 ms|longer than|timed? ?out/i);
    });

    it_('fails a step whose output is over the cap', async () => {
      const wf = await createWorkflow('big', { steps: [{ id: 'huge', kind: 'transform', expression: '$pad("", 30000, "x")' }] });
      const run = await execute(wf.id);
      expect(run.status).toBe('failed');
      expect(run.error.code).toBe('STEP_OUTPUT_TOO_LARGE');
    });

    it_('retries a failed run from the failed step on the new version, keeping what succeeded', async () => {
      const wf = await createWorkflow('fix-me', {
        steps: [
          { id: 'fetch', kind: 'sql', connectionId: ids.shop, sql: 'SELECT COUNT(*) AS n FROM orders' },
          { id: 'use', kind: 'transform', needs: ['fetch'], expression: '$error("not yet")' },
        ],
      });
      const failed = await execute(wf.id);
      expect(failed.status).toBe('failed');
      await api('PUT', `/api/workflows/${wf.id}`, {
        definition: {
          steps: [
            { id: 'fetch', kind: 'sql', connectionId: ids.shop, sql: 'SELECT COUNT(*) AS n FROM orders' },
            { id: 'use', kind: 'transform', needs: ['fetch'], expression: 'steps.fetch.output.rows[0].n * 10' },
          ],
        },
      });
      const retried = await api('POST', `/api/workflows/runs/${failed.id}/retry`);
      expect(retried.status).toBe(202);
      const done = await until(retried.body.runId, ['succeeded', 'failed']);
      expect(done).toMatchObject({ status: 'succeeded', version: 2, output: { use: 30 } });
      const events = (await api('GET', `/api/workflows/runs/${done.id}/events`)).body as Json[];
      expect(events.find((e) => e.stepPath === 'fetch')?.type).toBe('step.reused');
      const rerun = await api('POST', `/api/workflows/runs/${done.id}/rerun`, { fromStep: 'fetch' });
      const again = await until(rerun.body.runId, ['succeeded']);
      const rerunEvents = (await api('GET', `/api/workflows/runs/${again.id}/events`)).body as Json[];
      expect(rerunEvents.filter((e) => e.type === 'step.started').map((e) => e.stepPath)).toEqual(['fetch', 'use']);
      expect((await api('POST', `/api/workflows/runs/${again.id}/retry`)).body.code).toBe('RUN_NOT_FAILED');
    });

    it_('runs a subworkflow once and returns its output', async () => {
      const child = await createWorkflow('child', { steps: [{ id: 'twice', kind: 'transform', expression: 'input.x * 2' }] });
      const parent = await createWorkflow('parent', {
        steps: [{ id: 'sub', kind: 'subworkflow', workflowId: child.id, input: { x: 21 } }],
      });
      const run = await execute(parent.id);
      expect(run.output.sub.output).toEqual({ twice: 42 });
      const children = (await api('GET', `/api/workflows/runs?workflowId=${child.id}`)).body;
      expect(children.total).toBe(1);
    });
  });

  describe('people and time', () => {
    it_('suspends on an approval, records who decided and when, and refuses a second decision', async () => {
      const wf = await createWorkflow('approve', {
        steps: [
          { id: 'ok', kind: 'approval', prompt: 'Ship it?' },
          { id: 'ship', kind: 'transform', needs: ['ok'], expression: 'steps.ok.output.by' },
        ],
      });
      const run = await execute(wf.id);
      expect(run.status).toBe('waiting');
      expect(run.steps.find((s: Json) => s.path === 'ok')).toMatchObject({ status: 'waiting', approvalPrompt: 'Ship it?' });
      expect((await api('POST', `/api/workflows/runs/${run.id}/approvals/nope`, { approved: true })).status).toBe(404);
      const decided = await api('POST', `/api/workflows/runs/${run.id}/approvals/ok`, { approved: true, comment: 'lgtm' });
      expect(decided.status).toBe(202);
      const done = await until(run.id, ['succeeded']);
      expect(done.output.ship).toBe(`user:${TEST_ADMIN.ADMIN_EMAIL}`);
      expect(done.output.ok).toMatchObject({ approved: true, comment: 'lgtm', at: expect.any(String) });
      const twice = await api('POST', `/api/workflows/runs/${run.id}/approvals/ok`, { approved: false });
      expect({ status: twice.status, code: twice.body.code }).toEqual({ status: 409, code: 'APPROVAL_ALREADY_DECIDED' });
    });

    it_('cancels a waiting run; a second cancel is a 409', async () => {
      const wf = await createWorkflow('cancel', { steps: [{ id: 'hold', kind: 'approval' }] });
      const run = await execute(wf.id);
      expect((await api('POST', `/api/workflows/runs/${run.id}/cancel`)).status).toBe(202);
      expect((await until(run.id, ['canceled'])).error.code).toBe('RUN_CANCELED');
      expect((await api('POST', `/api/workflows/runs/${run.id}/cancel`)).body.code).toBe('RUN_FINISHED');
    });

    it_('cancels a running run, and the cancel reaches the MCP tool call it was making', async () => {
      const wf = await createWorkflow('cancel-tool', {
        steps: [{ id: 'long', kind: 'tool', tool: 'everything.trigger-long-running-operation', arguments: { duration: 30, steps: 30 } }],
      });
      const started = (await api('POST', `/api/workflows/${wf.id}/execute`, {})).body;
      for (let i = 0; i < 100 && (await runOf(started.runId)).steps.find((s: Json) => s.path === 'long')?.status !== 'running'; i++)
        await sleep(50);
      await sleep(300);
      const before = Date.now();
      expect((await api('POST', `/api/workflows/runs/${started.runId}/cancel`)).status).toBe(202);
      expect((await until(started.runId, ['canceled'], 10_000)).status).toBe('canceled');
      let calls: Json[] = [];
      for (let i = 0; i < 50; i++) {
        calls = (await api('GET', '/api/tools/everything.trigger-long-running-operation/executions')).body as Json[];
        if (calls.length) break;
        await sleep(100);
      }
      expect(calls[0]).toMatchObject({ outcome: 'canceled' });
      expect(Date.now() - before).toBeLessThan(10_000);
    });

    it_('streams a run over SSE and resumes after the last sequence number without gaps or repeats', async () => {
      const wf = await createWorkflow('stream', {
        steps: [
          { id: 'gate', kind: 'approval' },
          { id: 'a', kind: 'transform', needs: ['gate'], expression: '1' },
          { id: 'b', kind: 'transform', needs: ['a'], expression: '2' },
        ],
      });
      const run = await execute(wf.id);
      const read = async (after: number, header?: string) => {
        const res = await fetch(`${platform.base}/api/workflows/runs/${run.id}/stream?after=${after}`, {
          headers: { authorization: `Bearer ${platform.token}`, ...(header ? { 'last-event-id': header } : {}) },
        });
        expect(res.headers.get('content-type')).toContain('text/event-stream');
        const text = await res.text();
        return [...text.matchAll(/^id: (\d+)$/gm)].map((m) => Number(m[1]));
      };
      const firstPart = (await api('GET', `/api/workflows/runs/${run.id}/events`)).body as Json[];
      const lastSeen = firstPart.at(-1)!.seq;
      const streaming = read(lastSeen);
      await sleep(200);
      await api('POST', `/api/workflows/runs/${run.id}/approvals/gate`, { approved: true });
      const rest = await streaming;
      const all = (await api('GET', `/api/workflows/runs/${run.id}/events`)).body as Json[];
      expect([...firstPart.map((e) => e.seq), ...rest]).toEqual(all.map((e) => e.seq));
      expect(await read(0, String(all.length - 2))).toEqual([all.length - 1, all.length]);
    });

    it_('streams a run over WebSocket: replay after a seq, then live events, then the end', async () => {
      const wf = await createWorkflow('ws', {
        steps: [
          { id: 'gate', kind: 'approval' },
          { id: 'a', kind: 'transform', needs: ['gate'], expression: '1' },
        ],
      });
      const run = await execute(wf.id);
      const ws = new WebSocket(`${platform.base.replace('http', 'ws')}/api/workflows/live?runId=${run.id}&after=1&token=${platform.token}`);
      const received: Json[] = [];
      const ended = new Promise<void>((resolve, reject) => {
        ws.on('message', (data) => {
          const message = JSON.parse(String(data)) as Json;
          if (message.error) reject(new Error(JSON.stringify(message.error)));
          if (message.ended) resolve();
          else received.push(message);
        });
        ws.on('error', reject);
      });
      await new Promise((resolve) => ws.once('open', resolve));
      await sleep(200);
      await api('POST', `/api/workflows/runs/${run.id}/approvals/gate`, { approved: true });
      await ended;
      ws.close();
      const all = (await api('GET', `/api/workflows/runs/${run.id}/events`)).body as Json[];
      expect(received.map((e) => e.seq)).toEqual(all.slice(1).map((e) => e.seq));
      expect(received.at(-1)).toMatchObject({ runId: run.id, type: 'run.succeeded' });
      const refused = new WebSocket(`${platform.base.replace('http', 'ws')}/api/workflows/live?runId=${run.id}`);
      await expect(new Promise((resolve, reject) => (refused.on('open', resolve), refused.on('error', reject)))).rejects.toThrow(/401/);
    });

    it_('sleeps long waits on the clock, not in a worker, and wakes them when the time comes', async () => {
      const clock = platform.app.get(WorkflowClock);
      clock.freeze(Date.now());
      try {
        const wf = await createWorkflow('wait', {
          steps: [
            { id: 'nap', kind: 'wait', durationMs: 3_600_000 },
            { id: 'after', kind: 'transform', needs: ['nap'], expression: '"awake"' },
          ],
        });
        const run = await execute(wf.id, {}, { waitMs: 5_000 });
        expect(run.status).toBe('waiting');
        expect(run.steps[0].waitingUntil).toBe(new Date(clock.now() + 3_600_000).toISOString());
        await clock.advance(3_599_000);
        await sleep(200);
        expect((await runOf(run.id)).status).toBe('waiting');
        await clock.advance(1_000);
        expect((await until(run.id, ['succeeded'])).output.after).toBe('awake');
      } finally {
        clock.unfreeze();
      }
    });
  });

  describe('schedules (virtual clock)', () => {
    let clock: WorkflowClock;
    const HOUR = 3_600_000;
    const start = Date.UTC(2031, 0, 6, 8, 59, 59, 500); // Monday 08:59:59.5 UTC

    beforeEach(() => {
      if (it_ !== it) return;
      clock = platform.app.get(WorkflowClock);
      clock.freeze(start);
    });
    afterEach(() => clock?.unfreeze());

    const schedule = async (workflowId: string, extra: Json) => {
      const res = await api('POST', '/api/schedules', { workflowId, cron: '0 * * * *', ...extra });
      expect(res.status).toBe(201);
      return res.body;
    };
    const fires = async (id: string) => (await api('GET', `/api/schedules/${id}/fires`)).body as Json[];

    it_('refuses an invalid cron or time zone, and an unknown workflow', async () => {
      const wf = await createWorkflow('cron-bad', { steps: [{ id: 'a', kind: 'transform', expression: '1' }] });
      expect((await api('POST', '/api/schedules', { workflowId: wf.id, cron: '61 * * * *' })).body.code).toBe('SCHEDULE_INVALID');
      expect((await api('POST', '/api/schedules', { workflowId: wf.id, cron: '0 * * * *', timezone: 'Mars/Olympus' })).body.code).toBe(
        'SCHEDULE_INVALID',
      );
      expect((await api('POST', '/api/schedules', { workflowId: '00000000-0000-4000-8000-000000000000', cron: '0 * * * *' })).status).toBe(
        404,
      );
      expect((await api('GET', `/api/schedules?workflowId=${wf.id}`)).body).toEqual([]);
    });

    it_('fires on time in its time zone, once per tick', async () => {
      const wf = await createWorkflow('cron-tz', { steps: [{ id: 'a', kind: 'transform', expression: '1' }] });
      const created = await schedule(wf.id, { cron: '0 10 * * *', timezone: 'Europe/Paris' }); // 10:00 Paris = 09:00 UTC in January
      expect(created.nextFires[0]).toBe('2031-01-06T09:00:00.000Z');
      await clock.advance(1_000);
      await clock.advance(1_000); // a second pass at the same tick fires nothing more
      const list = await fires(created.id);
      expect(list.map((f) => [f.tickAt, f.outcome])).toEqual([['2031-01-06T09:00:00.000Z', 'started']]);
      expect((await until(list[0].runId, ['succeeded'])).trigger).toBe('schedule');
      await api('DELETE', `/api/schedules/${created.id}`);
    });

    it_('catches up once after downtime by default, or every missed tick within the window', async () => {
      const wf = await createWorkflow('cron-catchup', { steps: [{ id: 'a', kind: 'transform', expression: '1' }] });
      const once = await schedule(wf.id, { catchup: 'once' });
      const all = await schedule(wf.id, { catchup: 'all', catchupWindowMs: 3 * HOUR, overlap: 'allow' });
      const none = await schedule(wf.id, { catchup: 'skip' });
      await clock.advance(5 * HOUR + 30 * 60_000); // 14:29:59.5: ticks 09..14 passed, none on time
      const outcomes = async (id: string) => (await fires(id)).map((f) => f.outcome);
      expect(await outcomes(once.id)).toEqual(['started', 'skipped', 'skipped', 'skipped', 'skipped', 'skipped']);
      expect(await outcomes(all.id)).toEqual(['started', 'started', 'started', 'skipped', 'skipped', 'skipped']);
      expect(await outcomes(none.id)).toEqual(['skipped', 'skipped', 'skipped', 'skipped', 'skipped', 'skipped']);
      for (const s of [once, all, none]) await api('DELETE', `/api/schedules/${s.id}`);
    });

    it_('skips or queues a tick while the previous run is still going', async () => {
      const wf = await createWorkflow('cron-overlap', { steps: [{ id: 'hold', kind: 'approval' }] });
      const skip = await schedule(wf.id, { overlap: 'skip' });
      const queue = await schedule(wf.id, { overlap: 'queue' });
      await clock.advance(1_000); // 09:00
      await clock.advance(HOUR); // 10:00, the 09:00 runs still wait for approval
      expect((await fires(skip.id)).map((f) => f.outcome)).toEqual(['skipped', 'started']);
      const queued = await fires(queue.id);
      expect(queued.map((f) => f.outcome)).toEqual(['queued', 'started']);
      await api('POST', `/api/workflows/runs/${queued[1].runId}/approvals/hold`, { approved: true });
      await until(queued[1].runId, ['succeeded']);
      await clock.advance(1_000);
      const after = await fires(queue.id);
      expect(after[0]).toMatchObject({ outcome: 'started', runId: expect.any(String) });
      for (const s of [skip, queue]) await api('DELETE', `/api/schedules/${s.id}`);
      const waiting = (await api('GET', `/api/workflows/runs?workflowId=${wf.id}&status=waiting`)).body.items as Json[];
      for (const run of waiting) await api('POST', `/api/workflows/runs/${run.id}/cancel`);
    });

    it_('does not fire while paused, nor the ticks missed while paused', async () => {
      const wf = await createWorkflow('cron-pause', { steps: [{ id: 'a', kind: 'transform', expression: '1' }] });
      const s = await schedule(wf.id, {});
      expect((await api('POST', `/api/schedules/${s.id}/pause`)).body.paused).toBe(true);
      await clock.advance(2 * HOUR);
      expect(await fires(s.id)).toEqual([]);
      expect((await api('POST', `/api/schedules/${s.id}/resume`)).body.nextFires[0]).toBe('2031-01-06T11:00:00.000Z');
      await clock.advance(1_000);
      expect((await fires(s.id)).map((f) => [f.tickAt, f.outcome])).toEqual([['2031-01-06T11:00:00.000Z', 'started']]);
      await api('DELETE', `/api/schedules/${s.id}`);
    });
  });

  describe('templates and agent assignment', () => {
    it_('ships five templates and instantiates one into a working workflow, refusing bad parameters', async () => {
      const templates = (await api('GET', '/api/workflows/templates')).body as Json[];
      expect(templates.filter((t) => t.builtin).map((t) => t.name)).toEqual(
        expect.arrayContaining([
          'research-and-summarise',
          'sql-report',
          'draft-critique-revise',
          'answer-questions-from-knowledge',
          'fan-out-and-merge',
        ]),
      );
      const bad = await api('POST', '/api/workflows/templates/sql-report/instantiate', {
        name: 'report-bad',
        parameters: { sql: 'SELECT 1' },
      });
      expect({ status: bad.status, code: bad.body.code }).toEqual({ status: 422, code: 'TEMPLATE_PARAMETERS_INVALID' });
      const made = await api('POST', '/api/workflows/templates/sql-report/instantiate', {
        name: `report-${mode.length}`,
        parameters: { connectionId: ids.shop, sql: 'SELECT region, total FROM orders ORDER BY id', agentId: ids.writer },
      });
      expect(made.status).toBe(201);
      model.respond({ text: 'North leads.' });
      const run = await execute(made.body.id);
      expect(run.output).toEqual({ report: 'North leads.', rows: 3, truncated: false });
      // Every built-in template instantiates into a valid workflow (the engine's validator has the last word).
      for (const template of templates.filter((t) => t.builtin)) {
        const parameters = Object.fromEntries(
          Object.entries(template.parameters.properties as Record<string, Json>)
            .filter(([name]) => template.parameters.required.includes(name))
            .map(([name, p]) => [
              name,
              name === 'connectionId' ? ids.shop : p.format === 'uuid' ? ids.writer : p.type === 'array' ? ['reporting'] : 'x',
            ]),
        );
        const res = await api('POST', `/api/workflows/templates/${template.id}/instantiate`, {
          name: `t-${template.name}-${mode.length}`,
          parameters,
        });
        expect({ name: template.name, status: res.status }).toEqual({ name: template.name, status: 201 });
      }
    });

    it_('assigns agents to capability steps through discovery', async () => {
      const wf = await createWorkflow('assign', {
        steps: [
          { id: 'write', kind: 'agent', agent: { capability: 'reporting' }, message: 'hi' },
          { id: 'fixed', kind: 'agent', agent: { agentId: ids.shouter }, message: 'hi' },
          { id: 'nobody', kind: 'agent', agent: { capability: 'juggling-chainsaws' }, message: 'hi' },
        ],
      });
      const res = await api('POST', '/a2a/workflows/assign', { workflowId: wf.id });
      expect(res.status).toBe(200);
      const byStep = Object.fromEntries((res.body.assignments as Json[]).map((a) => [a.stepId, a]));
      expect(byStep.write).toMatchObject({ status: 'matched', agentId: ids.writer });
      expect(byStep.write.score).toBeGreaterThan(0);
      expect(byStep.fixed).toMatchObject({ status: 'fixed', agentId: ids.shouter });
      expect(byStep.nobody).toMatchObject({ status: 'unmatched', agentId: null });
    });
  });

  // Server mode only: SQLite is one process's embedded database, so replicas need PostgreSQL and the Bull queue.
  describe('replicas', () => {
    (server ? it_ : it.skip)('two engine processes on one database never run a step twice, and both take work', async () => {
      const second = await startPlatform(env);
      try {
        const wf = await createWorkflow('replicas', {
          steps: [
            { id: 'a', kind: 'transform', expression: '1' },
            { id: 'b', kind: 'code', needs: ['a'], code: 'return 2' },
            { id: 'c', kind: 'map', needs: ['b'], over: '[1,2,3]', step: { kind: 'transform', expression: 'item' } },
          ],
        });
        const runIds: string[] = [];
        for (let i = 0; i < 30; i++) {
          const via = i % 2 ? second : platform;
          const res = await fetch(`${via.base}/api/workflows/${wf.id}/execute`, {
            method: 'POST',
            headers: { authorization: `Bearer ${platform.token}`, 'content-type': 'application/json' },
            body: '{}',
          });
          runIds.push(((await res.json()) as Json).runId);
        }
        const workers = new Set<string>();
        for (const runId of runIds) {
          expect((await until(runId, ['succeeded'])).status).toBe('succeeded');
          const events = (await api('GET', `/api/workflows/runs/${runId}/events`)).body as Json[];
          const starts = events.filter((e) => e.type === 'step.started').map((e) => e.stepPath);
          expect(starts.sort()).toEqual(['a', 'b', 'c', 'c[0]', 'c[1]', 'c[2]']);
          workers.add(events.find((e) => e.type === 'run.started')!.data.worker);
        }
        // Competing consumers on one Bull queue: both processes drove runs.
        expect(workers.size).toBe(2);
      } finally {
        await second.app.close();
      }
    });
  });
});
