import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { trace } from '@opentelemetry/api';
import { DataSource } from 'typeorm';
import { loadEnv } from '@libs/config';
import { createApp } from 'src/app.factory';
import { recentSpans } from 'src/core/telemetry';
import { loginInProcess, TEST_ADMIN } from 'test/utils/auth';
import { tmpDataDir } from 'test/utils/services';

/**
 * The request tax, guarded without timers: how many spans and database round trips the hot paths cost. A change
 * that adds one fails here and has to say why (then update the budget below, with the reason in the commit).
 */
describe('request tax: spans and database round trips per request on the hot paths', () => {
  let app: NestFastifyApplication;
  let token: string;
  let base: string;
  let queries: string[] = [];
  const dataDir = tmpDataDir('request-tax-');
  const MODULES = ['agents', 'gateway', 'observability', 'orchestrator', 'rag', 'sqltool', 'tools', 'workflow-engine'];

  beforeAll(async () => {
    ({ app } = await createApp(loadEnv({ DATA_DIR: dataDir, CHROMA_AUTOSTART: 'false', RATE_LIMIT_PER_MINUTE: '100000', ...TEST_ADMIN }), {
      logger: false,
    }));
    await app.listen({ port: 0, host: '127.0.0.1' });
    base = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
    token = await loginInProcess(app);
    // Count every statement the app sends, whichever query runner sends it.
    const dataSource = app.get(DataSource);
    const runner = dataSource.createQueryRunner();
    const proto = Object.getPrototypeOf(runner) as { query: (...args: unknown[]) => Promise<unknown> };
    await runner.release();
    const original = proto.query;
    proto.query = function (this: unknown, ...args: unknown[]) {
      // Only statements made on behalf of a traced request count: pollers and write-behind run outside any trace.
      const traceId = trace.getActiveSpan()?.spanContext().traceId;
      if (traceId) queries.push(`${traceId} ${String(args[0]).trim().split(/\s+/).slice(0, 3).join(' ')}`);
      return original.apply(this, args);
    };
  });

  afterAll(async () => {
    await app?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  /** Sends one request (after a warm-up one) and returns the spans of its trace and the statements it ran. */
  const measure = async (request: { method: 'GET' | 'POST'; url: string; payload?: unknown; headers?: Record<string, string> }) => {
    const send = (headers: Record<string, string> = {}) =>
      fetch(`${base}${request.url}`, {
        method: request.method,
        headers: { ...request.headers, ...headers },
        body: request.payload === undefined ? undefined : JSON.stringify(request.payload),
      }).then(async (r) => ({ statusCode: r.status, body: await r.text() }));
    await send();
    await new Promise((r) => setTimeout(r, 50));
    const traceId = randomUUID().replace(/-/g, '');
    recentSpans.reset();
    queries = [];
    const res = await send({ traceparent: `00-${traceId}-${'1'.repeat(16)}-01` });
    await new Promise((r) => setTimeout(r, 50));
    const spans = recentSpans
      .getFinishedSpans()
      .filter((s) => s.spanContext().traceId === traceId)
      .map((s) => s.name);
    const statements = queries.filter((q) => q.startsWith(`${traceId} `)).map((q) => q.slice(traceId.length + 1));
    return { status: res.statusCode, spans: spans.sort(), statements };
  };

  it('GET /health (answered from its one-second cache): one span, no database', async () => {
    const { status, spans, statements } = await measure({ method: 'GET', url: '/health' });
    expect(status).toBe(200);
    expect(spans).toEqual(['GET /health']);
    expect(statements).toEqual([]);
  });

  it('GET /health/detailed: the HTTP span and one request per module over the bus, one database probe', async () => {
    const { status, spans, statements } = await measure({ method: 'GET', url: '/health/detailed' });
    expect(status).toBe(200);
    expect(spans).toEqual(['GET /health/detailed', ...MODULES.map((m) => `bus.request ${m}.health`)]);
    expect(statements).toEqual(['SELECT 1']);
  });

  it('A2A SendMessage to an agent: its spans and statements', async () => {
    const agent = (
      await app.inject({
        method: 'POST',
        url: '/api/agents',
        headers: { authorization: `Bearer ${token}` },
        payload: { name: 'tax-echo', brain: 'echo' },
      })
    ).json<{ id: string }>();
    const send = () => ({
      method: 'POST' as const,
      url: `/a2a/agents/${agent.id}`,
      headers: { authorization: `Bearer ${token}`, 'a2a-version': '1.0', 'content-type': 'application/json' },
      payload: {
        jsonrpc: '2.0',
        id: 1,
        method: 'SendMessage',
        params: { message: { messageId: randomUUID(), role: 'ROLE_USER', parts: [{ text: 'hi' }] } },
      },
    });
    const { status, spans, statements } = await measure(send());
    expect(status).toBe(200);
    // The agent run stays in the caller's trace.
    expect(spans).toEqual(['POST /a2a/agents/:agentId', 'invoke_agent tax-echo']);
    // Budget: the task written as submitted and as completed. The SDK's reads of the brand-new task id and of its
    // push configs need no statement (nothing can be stored under an id this process has just minted).
    expect(statements).toEqual(['INSERT INTO a2a_tasks', 'INSERT INTO a2a_tasks']);
  });

  it('authenticated GET /api/agents: one span, and only the list and its count hit the database', async () => {
    const { status, spans, statements } = await measure({
      method: 'GET',
      url: '/api/agents',
      headers: { authorization: `Bearer ${token}` },
    });
    expect(status).toBe(200);
    expect(spans).toEqual(['GET /api/agents']);
    expect(statements.length).toBeLessThanOrEqual(2);
  });
});
