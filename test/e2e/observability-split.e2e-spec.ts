import { createTestPgDatabase, freePort, itWithServices, REDIS_TEST_URL, uniqueNamespace } from 'test/utils/services';
import { startPlatform, type PlatformProcess } from 'test/utils/platform-process';
import { loginOverHttp, TEST_ADMIN } from 'test/utils/auth';
import { eventually } from 'test/utils/eventually';

jest.setTimeout(90_000);

type Json = Record<string, any>;
const hex = (n: number) => Array.from({ length: n }, () => Math.floor(Math.random() * 16).toString(16)).join('');

/**
 * Observability split out: gateway, sqltool and observability as three processes over Redis and PostgreSQL. Spans
 * made in the processes without observability reach its store over the bus; its routes (reads, writes and OTLP)
 * work through the gateway with their statuses intact.
 */
describe('observability in split mode', () => {
  const maybe = itWithServices('postgres', 'redis');
  const up = maybe === it;
  let db: Awaited<ReturnType<typeof createTestPgDatabase>>;
  let processes: PlatformProcess[] = [];
  let gateway: PlatformProcess;
  let token = '';

  const send = async (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) => {
    const res = await fetch(`${gateway.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(25_000),
    });
    const text = await res.text();
    return { status: res.status, body: (text ? JSON.parse(text) : undefined) as Json };
  };

  beforeAll(async () => {
    if (!up) return;
    db = await createTestPgDatabase('obs_split');
    const shared = {
      DATABASE_URL: db.url,
      REDIS_URL: REDIS_TEST_URL,
      JWT_SECRET: 'obs-split-test-secret-0123456789',
      BUS_NAMESPACE: uniqueNamespace('obs'),
      ...TEST_ADMIN,
    };
    processes = await Promise.all(
      ['gateway', 'sqltool', 'observability'].map(async (modules) =>
        startPlatform({ ...shared, MODULES: modules, PORT: String(await freePort()) }),
      ),
    );
    gateway = processes[0];
    token = await loginOverHttp(gateway.url);
  });

  afterAll(async () => {
    if (!up) return;
    await Promise.all(processes.map((p) => p.kill()));
    await db.drop();
  });

  maybe('spans of the gateway and the sqltool process reach the observability process over the bus, in one trace', async () => {
    const traceId = hex(32);
    const res = await send('GET', '/api/sql/connections', undefined, { traceparent: `00-${traceId}-${hex(16)}-01` });
    expect(res.status).toBe(200);
    const trace = await eventually(
      () => send('GET', `/api/traces/${traceId}`),
      (r) => r.status === 200 && r.body.spanCount >= 2,
    );
    expect(trace.status).toBe(200);
    const spans: Json[] = [];
    const walk = (nodes: Json[]) => nodes.forEach((n) => (spans.push(n), walk(n.children)));
    walk(trace.body.roots);
    // The gateway's server span, and under it the sqltool process's, both answering the same request.
    const forwarded = spans.find((s) => s.kind === 2 && s.attributes['gateway.forwarded_to'] === 'sqltool');
    const served = spans.find((s) => s.kind === 2 && s.attributes['http.route'] === '/api/sql/connections')!;
    expect(forwarded).toBeDefined();
    expect(served.parentSpanId).toBe(forwarded!.spanId);
    expect(served.module).toBe('sqltool');
  });

  maybe('alert rules are written and refused through the gateway with their statuses; OTLP/JSON is accepted through it', async () => {
    const bad = await send('POST', '/api/alerts', {
      name: 'x',
      metric: 'http.requests',
      aggregation: 'p95',
      window: '5m',
      comparison: '>',
      threshold: 1,
    });
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe('VALIDATION_FAILED');
    const created = await send('POST', '/api/alerts', {
      name: 'busy',
      metric: 'http.requests',
      aggregation: 'rate',
      window: '5m',
      comparison: '>',
      threshold: 1000,
    });
    expect(created.status).toBe(201);
    expect((await send('GET', '/api/alerts')).body.map((r: Json) => r.name)).toEqual(['busy']);
    expect((await send('GET', `/api/alerts/${created.body.id}/events`)).status).toBe(200);
    expect((await send('DELETE', `/api/alerts/${created.body.id}`)).status).toBe(204);

    const traceId = hex(32);
    const now = BigInt(Date.now()) * 1_000_000n;
    const otlp = await send('POST', '/v1/traces', {
      resourceSpans: [
        {
          resource: { attributes: [{ key: 'service.name', value: { stringValue: 'outside-agent' } }] },
          scopeSpans: [
            {
              spans: [
                {
                  traceId,
                  spanId: hex(16),
                  name: 'outside work',
                  kind: 1,
                  startTimeUnixNano: String(now),
                  endTimeUnixNano: String(now + 1_000_000n),
                },
              ],
            },
          ],
        },
      ],
    });
    expect(otlp.status).toBe(200);
    const stored = await eventually(
      () => send('GET', `/api/traces/${traceId}`),
      (r) => r.status === 200,
    );
    expect(stored.body.roots[0]).toMatchObject({ name: 'outside work', service: 'outside-agent' });
    expect((await send('GET', '/api/traces?from=2026-02-01&to=2026-01-01')).status).toBe(400);
  });
});
