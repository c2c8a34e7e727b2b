import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { spawn } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { rmSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { loadEnv } from '@libs/config';
import { createApp } from 'src/app.factory';
import { FakeOpenAi } from 'test/fixtures/fake-openai';
import { loginOverHttp, TEST_ADMIN } from 'test/utils/auth';
import { eventually } from 'test/utils/eventually';
import { freePort, tmpDataDir } from 'test/utils/services';

jest.setTimeout(60_000);

type Json = Record<string, any>;
const hex = (n: number) => Array.from({ length: n }, () => Math.floor(Math.random() * 16).toString(16)).join('');

/**
 * The span store end to end: the platform's own spans (HTTP, bus, agent runs with GenAI attributes), spans from an
 * external process over OTLP joining the same trace, the queries over them, and bad input to each.
 */
describe('observability: traces', () => {
  let app: NestFastifyApplication;
  let base: string;
  let token: string;
  const model = new FakeOpenAi();
  const dataDir = tmpDataDir('observability-');

  const api = async (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) => {
    const res = await fetch(`${base}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, body: (text ? JSON.parse(text) : undefined) as Json, headers: res.headers };
  };

  beforeAll(async () => {
    await model.start();
    ({ app } = await createApp(
      loadEnv({
        DATA_DIR: dataDir,
        CHROMA_AUTOSTART: 'false',
        RATE_LIMIT_PER_MINUTE: '100000',
        OTLP_MAX_BODY_BYTES: '65536',
        ...TEST_ADMIN,
      }),
      { logger: false },
    ));
    await app.listen({ port: 0, host: '127.0.0.1' });
    base = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
    token = await loginOverHttp(base);
  });

  afterAll(async () => {
    await app?.close();
    await model.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('a request sent with a W3C traceparent is found under its trace id, with the bus spans it caused', async () => {
    const traceId = hex(32);
    const res = await api('GET', '/api/agents', undefined, { traceparent: `00-${traceId}-${hex(16)}-01` });
    expect(res.status).toBe(200);
    const trace = await eventually(
      () => api('GET', `/api/traces/${traceId}`),
      (r) => r.status === 200,
    );
    expect(trace.status).toBe(200);
    expect(trace.body.traceId).toBe(traceId);
    const server = trace.body.roots[0];
    expect(server.name).toBe('GET /api/agents');
    expect(server).toMatchObject({ kind: 2, status: 'unset', module: 'agents', operation: '/api/agents' });
    expect(server.attributes['http.status_code']).toBe(200);
  });

  it('an agent run is a trace of invoke_agent, chat and execute_tool spans with GenAI attributes, tokens and cost', async () => {
    await api('POST', '/api/model-providers', {
      name: 'local',
      kind: 'openai-compatible',
      baseUrl: model.url,
      apiKey: 'sk-test',
      inputCostPerMTok: 1,
      outputCostPerMTok: 2,
    });
    const agent = (
      await api('POST', '/api/agents', {
        name: 'calculator',
        instructions: 'Use the javascript tool.',
        model: { provider: 'local', modelId: 'test-model' },
        tools: ['javascript'],
      })
    ).body;
    model.respond({ toolCalls: [{ name: 'javascript', arguments: { code: 'return 6 * 7' } }] }, { text: 'It is 42.' });
    const run = await api('POST', `/api/agents/${agent.id}/execute`, { input: 'what is six times seven?' });
    expect(run.status).toBe(200);
    expect(run.body.output).toBe('It is 42.');

    const listed = await eventually(
      () => api('GET', `/api/traces?agentId=${agent.id}&operation=invoke_agent`),
      (r) => r.body.items?.length === 1,
    );
    expect(listed.body.items).toHaveLength(1);
    const summary = listed.body.items[0];
    expect(summary.agentIds).toContain(agent.id);
    expect(summary.inputTokens).toBeGreaterThan(0);
    expect(summary.costUsd).toBeGreaterThan(0);

    const trace = (await api('GET', `/api/traces/${summary.traceId}`)).body;
    const all: Json[] = [];
    const walk = (nodes: Json[]) => nodes.forEach((n) => (all.push(n), walk(n.children)));
    walk(trace.roots);
    const invoke = all.find((s) => s.name === 'invoke_agent calculator')!;
    expect(invoke.attributes).toMatchObject({
      'gen_ai.operation.name': 'invoke_agent',
      'gen_ai.agent.id': agent.id,
      'gen_ai.agent.name': 'calculator',
    });
    expect(invoke.sessionId).toBe(run.body.contextId);
    const chats = all.filter((s) => s.operation === 'chat');
    expect(chats).toHaveLength(2);
    expect(chats[0].attributes).toMatchObject({
      'gen_ai.provider.name': 'local',
      'gen_ai.request.model': 'test-model',
    });
    expect(chats[0].parentSpanId).toBe(invoke.spanId);
    const tool = all.find((s) => s.name === 'execute_tool javascript')!;
    expect(tool.attributes['gen_ai.tool.name']).toBe('javascript');
    // The tool ran over the bus, inside the tool span.
    expect(tool.children.map((c: Json) => c.name)).toContain('bus.request tools.execute');
    expect(trace.inputTokens).toBe(chats.reduce((t, c) => t + c.attributes['gen_ai.usage.input_tokens'], 0));

    const spans = await api('GET', `/api/spans?runId=${invoke.runId}&operation=invoke_agent`);
    expect(spans.body.items.map((s: Json) => s.spanId)).toEqual([invoke.spanId]);
    expect((await api('GET', `/api/spans/${tool.spanId}`)).body.name).toBe('execute_tool javascript');
    const flow = await eventually(
      () => api('GET', `/a2a/traces?traceId=${summary.traceId}`),
      (r) => r.body.messages.some((m: Json) => m.method === 'tools.execute'),
    );
    expect(flow.body.messages.some((m: Json) => m.kind === 'a2a' && m.target === 'agent:calculator')).toBe(true);
    expect(flow.body.messages.some((m: Json) => m.kind === 'bus-request' && m.method === 'tools.execute')).toBe(true);
  });

  it('an external process instrumented with the OpenTelemetry SDK adds its spans to a platform trace over OTLP', async () => {
    const res = await api('GET', '/api/model-providers');
    const traceparent = res.headers.get('traceparent')!;
    const [, traceId, platformSpanId] = traceparent.split('-');
    // A separate Node process, as a Python agent behind A2A would be: its own tracer provider and the official OTLP exporter.
    const script = `
      const { context, propagation, trace } = require('@opentelemetry/api');
      const { W3CTraceContextPropagator } = require('@opentelemetry/core');
      const { BasicTracerProvider, BatchSpanProcessor } = require('@opentelemetry/sdk-trace-base');
      const { resourceFromAttributes } = require('@opentelemetry/resources');
      const { OTLPTraceExporter } = require('@opentelemetry/exporter-trace-otlp-proto');
      const exporter = new OTLPTraceExporter({ url: process.env.URL, headers: { authorization: 'Bearer ' + process.env.TOKEN } });
      const provider = new BasicTracerProvider({ resource: resourceFromAttributes({ 'service.name': 'python-ish-agent' }), spanProcessors: [new BatchSpanProcessor(exporter)] });
      const parent = new W3CTraceContextPropagator().extract(context.active(), { traceparent: process.env.TRACEPARENT }, { get: (c, k) => c[k], keys: (c) => Object.keys(c) });
      const tracer = provider.getTracer('external');
      const outer = tracer.startSpan('invoke_agent researcher', { attributes: { 'gen_ai.operation.name': 'invoke_agent', 'gen_ai.agent.name': 'researcher' } }, parent);
      const inner = tracer.startSpan('chat gpt-x', { attributes: { 'gen_ai.operation.name': 'chat', 'gen_ai.usage.input_tokens': 11 } }, trace.setSpan(parent, outer));
      inner.end(); outer.end();
      provider.forceFlush().then(() => provider.shutdown());
    `;
    const child = spawn(process.execPath, ['-e', script], {
      env: { ...process.env, URL: `${base}/v1/traces`, TOKEN: token, TRACEPARENT: traceparent },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    expect(await new Promise((resolve) => child.on('exit', resolve))).toBe(0);
    expect(stderr).toBe('');
    const trace = await eventually(
      () => api('GET', `/api/traces/${traceId}`),
      (r) => r.body?.spanCount >= 3,
    );
    expect(trace.body.services).toEqual(['agentic-ai-acceleration', 'python-ish-agent'].sort());
    const platformSpan = trace.body.roots.find((r: Json) => r.spanId === platformSpanId);
    expect(platformSpan.name).toBe('GET /api/model-providers');
    const external = platformSpan.children.find((c: Json) => c.name === 'invoke_agent researcher');
    expect(external.service).toBe('python-ish-agent');
    expect(external.children[0]).toMatchObject({ name: 'chat gpt-x', operation: 'chat' });
  });

  it('OTLP/JSON works too; bad ids are rejected as partial success; malformed, oversized, unsupported and anonymous requests store nothing', async () => {
    const traceId = hex(32);
    const span = (spanId: string, name: string) => ({
      traceId,
      spanId,
      name,
      kind: 2,
      startTimeUnixNano: String(BigInt(Date.now()) * 1_000_000n),
      endTimeUnixNano: String(BigInt(Date.now() + 5) * 1_000_000n),
      attributes: [{ key: 'http.route', value: { stringValue: '/x' } }],
      status: { code: 2, message: 'boom' },
    });
    const body = {
      resourceSpans: [
        {
          resource: { attributes: [{ key: 'service.name', value: { stringValue: 'json-sender' } }] },
          scopeSpans: [{ spans: [span(hex(16), 'good'), span('xyz', 'bad')] }],
        },
      ],
    };
    const ok = await api('POST', '/v1/traces', body);
    expect(ok.status).toBe(200);
    expect(ok.body.partialSuccess.rejectedSpans).toBe(1);
    const stored = await eventually(
      () => api('GET', `/api/traces/${traceId}`),
      (r) => r.status === 200,
    );
    expect(stored.body.roots).toHaveLength(1);
    expect(stored.body.roots[0]).toMatchObject({ name: 'good', status: 'error', statusMessage: 'boom', service: 'json-sender' });

    const gz = await fetch(`${base}/v1/traces`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'content-encoding': 'gzip' },
      body: gzipSync(JSON.stringify({ resourceSpans: [{ scopeSpans: [{ spans: [span(hex(16), 'zipped')] }] }] })),
    });
    expect(gz.status).toBe(200);

    const raw = (payload: string | Buffer, type: string, auth = true) =>
      fetch(`${base}/v1/traces`, {
        method: 'POST',
        headers: { ...(auth ? { authorization: `Bearer ${token}` } : {}), 'content-type': type },
        body: payload,
      });
    const malformed = await raw('{"resourceSpans": [', 'application/json');
    expect(malformed.status).toBe(400);
    expect(((await malformed.json()) as Json).code).toBe('BAD_REQUEST');
    expect((await raw('{"spans": []}', 'application/json')).status).toBe(400);
    // Nulls and wrong shapes inside a request are skipped, never a 500.
    const odd = await raw(
      JSON.stringify({
        resourceSpans: [null, { scopeSpans: [null, { spans: [null, 7, { ...span(hex(16), 'fine'), events: [null], attributes: 'x' }] }] }],
      }),
      'application/json',
    );
    expect(odd.status).toBe(200);
    expect((await raw(Buffer.from([0xff, 0xff, 0xff, 0xff]), 'application/x-protobuf')).status).toBe(400);
    expect((await raw('x'.repeat(70_000), 'application/json')).status).toBe(413);
    expect((await raw('<xml/>', 'text/xml')).status).toBe(415);
    expect((await raw(JSON.stringify(body), 'application/json', false)).status).toBe(401);
  });

  it('queries validate their input: reversed ranges, bad ids, limits, unknown fields; unbounded queries are paginated', async () => {
    expect((await api('GET', '/api/traces?from=2026-02-01&to=2026-01-01')).status).toBe(400);
    expect((await api('GET', '/api/traces?minDurationMs=10&maxDurationMs=1')).status).toBe(400);
    expect((await api('GET', '/api/traces?limit=1000')).status).toBe(400);
    expect((await api('GET', '/api/traces?from=yesterday')).status).toBe(400);
    expect((await api('GET', '/api/traces?attr=nokeyvalue')).status).toBe(400);
    expect((await api('GET', '/api/traces/not-a-trace')).status).toBe(400);
    expect((await api('GET', `/api/traces/${hex(32)}`)).body.code).toBe('TRACE_NOT_FOUND');
    expect((await api('GET', '/api/spans/123')).status).toBe(400);
    expect((await api('GET', '/a2a/traces?from=2026-02-01&to=2026-01-01')).status).toBe(400);
    const page = await api('GET', '/api/traces?limit=2');
    expect(page.body.items).toHaveLength(2);
    expect(page.body.hasMore).toBe(true);
    const next = await api('GET', '/api/traces?limit=2&offset=2');
    expect(next.body.items.map((t: Json) => t.traceId)).not.toContain(page.body.items[0].traceId);
    const errors = await api('GET', '/api/traces?status=error&attr=http.route=/x');
    expect(errors.body.items.length).toBeGreaterThanOrEqual(1);
    expect(errors.body.items.every((t: Json) => t.errorCount >= 1)).toBe(true);
    expect((await fetch(`${base}/api/traces`)).status).toBe(401);
  });
});

/** OTLP out: the platform exports its spans to a collector with the official exporter; a receiver here decodes them. */
describe('observability: OTLP export', () => {
  it('a platform started with OTEL_EXPORTER_OTLP_ENDPOINT sends its spans as OTLP protobuf', async () => {
    const { decodeOtlpProtobuf } = await import('src/modules/observability/traces/otlp');
    const received: Json[] = [];
    const collector: Server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c) => chunks.push(c));
      req.on('end', () => {
        if (req.url === '/v1/traces') received.push(...decodeOtlpProtobuf(Buffer.concat(chunks)).spans);
        res.writeHead(200, { 'content-type': 'application/x-protobuf' }).end();
      });
    });
    await new Promise<void>((r) => collector.listen(0, '127.0.0.1', r));
    const collectorUrl = `http://127.0.0.1:${(collector.address() as AddressInfo).port}`;
    const dataDir = tmpDataDir('otlp-out-');
    const { resolve } = await import('node:path');
    const main = resolve(__dirname, '..', '..', 'dist', 'src', 'main.js');
    const port = await freePort();
    const child = spawn(process.execPath, [main], {
      env: {
        ...process.env,
        PORT: String(port),
        DATA_DIR: dataDir,
        CHROMA_AUTOSTART: 'false',
        OTEL_EXPORTER_OTLP_ENDPOINT: collectorUrl,
        LOG_LEVEL: 'warn',
      },
      stdio: 'ignore',
      detached: true,
    });
    try {
      const traceId = hex(32);
      let up = false;
      for (let i = 0; i < 100 && !up; i++) {
        up = await fetch(`http://127.0.0.1:${port}/health`, { headers: { traceparent: `00-${traceId}-${hex(16)}-01` } }).then(
          (r) => r.ok,
          () => false,
        );
        if (!up) await new Promise((r) => setTimeout(r, 200));
      }
      expect(up).toBe(true);
      for (let i = 0; i < 50 && !received.some((s) => s.traceId === traceId); i++) await new Promise((r) => setTimeout(r, 200));
      const span = received.find((s) => s.traceId === traceId && s.name === 'GET /health');
      expect(span).toMatchObject({ kind: 2, resource: { 'service.name': 'agentic-ai-acceleration' } });
      expect(span!.attributes['http.status_code']).toBe(200);
    } finally {
      process.kill(-child.pid!, 'SIGKILL');
      collector.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

/** Metrics as JSON, performance analytics, health of everything, the dashboard call, and alerts on a real condition. */
describe('observability: metrics, performance, health and alerts', () => {
  let app: NestFastifyApplication;
  let base: string;
  let token: string;
  let webhook: Server;
  let webhookUrl: string;
  const deliveries: Array<{ body: Json; signature: string }> = [];
  const dataDir = tmpDataDir('observability-alerts-');

  const api = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${base}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, body: (text && res.headers.get('content-type')?.includes('json') ? JSON.parse(text) : text) as Json };
  };

  beforeAll(async () => {
    webhook = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c) => chunks.push(c));
      req.on('end', () => {
        deliveries.push({ body: JSON.parse(Buffer.concat(chunks).toString('utf8')), signature: String(req.headers['x-alert-signature']) });
        res.end();
      });
    });
    await new Promise<void>((r) => webhook.listen(0, '127.0.0.1', r));
    webhookUrl = `http://127.0.0.1:${(webhook.address() as AddressInfo).port}/hook`;
    ({ app } = await createApp(
      loadEnv({
        DATA_DIR: dataDir,
        CHROMA_AUTOSTART: 'false',
        RATE_LIMIT_PER_MINUTE: '100000',
        RATE_LIMIT_EXPENSIVE_PER_MINUTE: '100000',
        ALERT_EVAL_INTERVAL_MS: '200',
        ALERT_WEBHOOK_ALLOW_PRIVATE: 'true',
        ...TEST_ADMIN,
      }),
      { logger: false },
    ));
    await app.listen({ port: 0, host: '127.0.0.1' });
    base = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
    token = await loginOverHttp(base);
  });

  afterAll(async () => {
    await app?.close();
    webhook?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('an alert on a route’s error rate goes pending, fires, notifies a signed webhook, and resolves when the errors stop', async () => {
    const route = 'POST /api/agents/:id/execute';
    const rule = await api('POST', '/api/alerts', {
      name: 'execute-failing',
      metric: 'http.errors',
      aggregation: 'ratio',
      series: route,
      window: '5m',
      comparison: '>',
      threshold: 0.5,
      for: '600ms',
      labels: { severity: 'page' },
      annotations: { summary: 'Agent runs are failing' },
      webhookUrl,
      webhookSecret: 'alert-secret-123',
    });
    expect(rule.status).toBe(201);
    expect(rule.body).toMatchObject({ state: 'inactive', hasWebhookSecret: true, windowMs: 300_000, forMs: 600 });
    expect(rule.body.promql).toContain('http_requests_total');

    // A real failure: an LLM agent with no model provider answers 503 MODEL_NOT_CONFIGURED.
    const broken = (await api('POST', '/api/agents', { name: 'no-model', model: { provider: 'nowhere', modelId: 'x' } })).body;
    for (let i = 0; i < 3; i++)
      expect((await api('POST', `/api/agents/${broken.id}/execute`, { input: 'hi' })).status).toBeGreaterThanOrEqual(500);

    const states: string[] = [];
    await eventually(async () => {
      const state = (await api('GET', `/api/alerts/${rule.body.id}`)).body.state;
      if (states.at(-1) !== state) states.push(state);
      return state === 'firing';
    }, Boolean);
    expect(states).toEqual(expect.arrayContaining(['pending', 'firing']));
    await eventually(async () => deliveries.length >= 1, Boolean);
    const firing = deliveries[0];
    expect(firing.body).toMatchObject({
      status: 'firing',
      rule: { name: 'execute-failing', labels: { severity: 'page' } },
      threshold: 0.5,
    });
    expect(firing.body.value).toBe(1);
    const { createHmac } = await import('node:crypto');
    expect(firing.signature).toBe(`sha256=${createHmac('sha256', 'alert-secret-123').update(JSON.stringify(firing.body)).digest('hex')}`);
    expect((await api('GET', '/api/alerts?state=firing')).body.map((r: Json) => r.name)).toEqual(['execute-failing']);
    expect((await api('GET', '/api/dashboard/metrics')).body.firingAlerts.map((r: Json) => r.name)).toEqual(['execute-failing']);

    // The condition clears: the same route succeeds far more often than it failed.
    const echo = (await api('POST', '/api/agents', { name: 'echo-ok', brain: 'echo' })).body;
    for (let i = 0; i < 10; i++) expect((await api('POST', `/api/agents/${echo.id}/execute`, { input: 'ok' })).status).toBe(200);
    await eventually(async () => deliveries.length >= 2, Boolean);
    expect(deliveries[1].body).toMatchObject({ status: 'resolved' });
    expect(deliveries[1].body.value).toBeLessThan(0.5);
    const events = (await api('GET', `/api/alerts/${rule.body.id}/events`)).body as Json[];
    expect(events.map((e) => e.state).reverse()).toEqual(['pending', 'firing', 'resolved', 'inactive'].slice(0, events.length));
    expect(events.find((e) => e.state === 'firing')!.notification).toMatch(/^sent/);

    const silenced = await api('POST', `/api/alerts/${rule.body.id}/silence`, { duration: '1h' });
    expect(Date.parse(silenced.body.silencedUntil)).toBeGreaterThan(Date.now() + 3_500_000);
  });

  it('alert rules refuse unknown metrics, wrong aggregations, bad windows and unknown fields; export passes promtool', async () => {
    const base_ = { name: 'x', metric: 'http.requests', aggregation: 'rate', window: '5m', comparison: '>', threshold: 1 };
    expect((await api('POST', '/api/alerts', { ...base_, metric: 'http.nonsense' })).status).toBe(400);
    const wrongAgg = await api('POST', '/api/alerts', { ...base_, aggregation: 'p95' });
    expect(wrongAgg.status).toBe(400);
    expect(wrongAgg.body.detail ?? wrongAgg.body.message).toMatch(/count, rate/);
    expect((await api('POST', '/api/alerts', { ...base_, window: '5 minutes' })).status).toBe(400);
    expect((await api('POST', '/api/alerts', { ...base_, window: '1s' })).status).toBe(400);
    expect((await api('POST', '/api/alerts', { ...base_, surprise: true })).status).toBe(400);
    expect((await api('POST', '/api/alerts', { ...base_, comparison: '=>' })).status).toBe(400);
    expect(
      (await api('POST', '/api/alerts', { ...base_, name: 'slow-p95', metric: 'http.latency_ms', aggregation: 'p95', threshold: 2000 }))
        .status,
    ).toBe(201);
    expect((await api('POST', '/api/alerts', { ...base_, name: 'costly', metric: 'model.cost_usd', aggregation: 'sum' })).status).toBe(201);
    expect((await api('POST', '/api/alerts', { ...base_, name: 'costly', metric: 'model.cost_usd', aggregation: 'sum' })).status).toBe(409);

    const exported = await api('GET', '/api/alerts/prometheus-rules');
    expect(exported.status).toBe(200);
    expect(exported.body).toContain('alert: slow_p95');
    expect(exported.body).toContain('# not exported (Prometheus has no model.cost_usd series): costly');
    const { spawnSync } = await import('node:child_process');
    if (spawnSync('sh', ['-c', 'command -v promtool']).status === 0) {
      const { writeFileSync } = await import('node:fs');
      const file = `${dataDir}/exported.rules.yml`;
      writeFileSync(file, exported.body as unknown as string);
      const check = spawnSync('promtool', ['check', 'rules', file], { encoding: 'utf8' });
      expect(`${check.stdout}${check.stderr}`).toMatch(/SUCCESS/);
      expect(check.status).toBe(0);
    } else if (process.env.CI) throw new Error('promtool is required under CI (apt-get install prometheus)');
  });

  it('metrics, performance, health of every service and the dashboard answer from real traffic', async () => {
    for (let i = 0; i < 5; i++) await api('GET', '/api/agents');
    const metrics = await api('GET', '/api/metrics?kind=http&name=GET%20/api/agents');
    expect(metrics.status).toBe(200);
    const series = metrics.body.series[0];
    expect(series).toMatchObject({ kind: 'http', name: 'GET /api/agents' });
    expect(series.points.reduce((n: number, p: Json) => n + p.count, 0)).toBeGreaterThanOrEqual(5);
    expect(series.points[0].p95Ms).toBeGreaterThan(0);
    expect(metrics.body.queues.spans.received).toBeGreaterThan(0);
    await eventually(async () => (await api('GET', '/api/metrics')).body.processes.length > 0, Boolean);
    const processes = (await api('GET', '/api/metrics')).body.processes;
    expect(processes[0].points.at(-1).rssBytes).toBeGreaterThan(10_000_000);
    expect((await api('GET', '/api/metrics?resolution=2m')).status).toBe(400);
    expect((await api('GET', '/api/metrics?from=2026-02-01&to=2026-01-01')).status).toBe(400);

    const performance = await api('GET', '/api/performance?windowMs=600000');
    const agentsRoute = performance.body.groups.find((g: Json) => g.kind === 'http' && g.name === 'GET /api/agents');
    expect(agentsRoute.count).toBeGreaterThanOrEqual(5);
    expect(agentsRoute.p99Ms).toBeGreaterThanOrEqual(agentsRoute.p50Ms);
    const execute = performance.body.groups.find((g: Json) => g.name === 'POST /api/agents/:id/execute');
    expect(execute.errorRate).toBeGreaterThan(0);
    expect(performance.body.groups.some((g: Json) => g.kind === 'agent' && g.name === 'echo-ok')).toBe(true);
    expect(performance.body.slowestTraces.length).toBeGreaterThan(0);
    expect((await api('GET', '/api/performance?windowMs=5')).status).toBe(400);

    const services = await api('GET', '/api/health/services');
    expect(services.body.modules.map((m: Json) => m.name)).toHaveLength(8);
    expect(services.body.modules.every((m: Json) => m.status === 'up' && m.processes.length === 1)).toBe(true);
    expect(services.body.dependencies.map((d: Json) => d.name)).toContain('database');

    const dashboard = await api('GET', '/api/dashboard/metrics');
    expect(dashboard.body.health.modulesUp).toBe(8);
    expect(dashboard.body.lastHour.requests).toBeGreaterThan(10);
    expect(dashboard.body.topAgents.map((a: Json) => a.name)).toContain('echo-ok');
  });
});

/** What the span store keeps: head sampling with errors always kept, retention by age and by count. */
describe('observability: sampling and retention', () => {
  let app: NestFastifyApplication;
  let base: string;
  let token: string;
  const dataDir = tmpDataDir('observability-retention-');

  const api = async (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) => {
    const res = await fetch(`${base}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, body: (text ? JSON.parse(text) : undefined) as Json };
  };
  const otlpSpans = (traceId: string, count: number, startMs: number) => ({
    resourceSpans: [
      {
        scopeSpans: [
          {
            spans: Array.from({ length: count }, (_, i) => ({
              traceId,
              spanId: hex(16),
              name: `s${i}`,
              kind: 1,
              startTimeUnixNano: String(BigInt(Math.round(startMs + i)) * 1_000_000n),
              endTimeUnixNano: String(BigInt(Math.round(startMs + i + 1)) * 1_000_000n),
            })),
          },
        ],
      },
    ],
  });

  beforeAll(async () => {
    ({ app } = await createApp(
      loadEnv({
        DATA_DIR: dataDir,
        CHROMA_AUTOSTART: 'false',
        RATE_LIMIT_PER_MINUTE: '100000',
        TRACE_SAMPLE_RATIO: '0',
        TRACE_RETENTION_HOURS: '1',
        TRACE_MAX_SPANS: '1000',
        ...TEST_ADMIN,
      }),
      { logger: false },
    ));
    await app.listen({ port: 0, host: '127.0.0.1' });
    base = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
    token = await loginOverHttp(base);
  });

  afterAll(async () => {
    await app?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('with a sample ratio of 0 only failing traces are stored; metrics still count everything', async () => {
    const quiet = hex(32);
    expect((await api('GET', '/api/agents', undefined, { traceparent: `00-${quiet}-${hex(16)}-01` })).status).toBe(200);
    const broken = (await api('POST', '/api/agents', { name: 'no-model', model: { provider: 'nowhere', modelId: 'x' } })).body;
    const failing = hex(32);
    const run = await api('POST', `/api/agents/${broken.id}/execute`, { input: 'hi' }, { traceparent: `00-${failing}-${hex(16)}-01` });
    expect(run.status).toBeGreaterThanOrEqual(500);
    const stored = await eventually(
      () => api('GET', `/api/traces/${failing}`),
      (r) => r.status === 200,
    );
    expect(stored.status).toBe(200);
    expect((await api('GET', `/api/traces/${quiet}`)).status).toBe(404);
    const metrics = await api('GET', '/api/metrics?kind=http&name=GET%20/api/agents');
    expect(metrics.body.series[0].points.reduce((n: number, p: Json) => n + p.count, 0)).toBeGreaterThanOrEqual(1);
    expect(metrics.body.queues.spans.sampledOut).toBeGreaterThan(0);
  });

  it('retention deletes spans past their age and the oldest beyond TRACE_MAX_SPANS', async () => {
    const old = hex(32);
    expect((await api('POST', '/v1/traces', otlpSpans(old, 3, Date.now() - 2 * 3_600_000))).status).toBe(200);
    const recent = hex(32);
    for (let i = 0; i < 3; i++)
      expect((await api('POST', '/v1/traces', otlpSpans(recent, 500, Date.now() - 60_000 + i * 1_000))).status).toBe(200);
    await eventually(
      () => api('GET', `/api/traces/${recent}`),
      (r) => r.body?.spanCount === 1_500,
    );
    expect((await api('GET', `/api/traces/${old}`)).body.spanCount).toBe(3);
    const { SpanStore } = await import('src/modules/observability/traces/span-store.service');
    await app.get(SpanStore).applyRetention();
    expect((await api('GET', `/api/traces/${old}`)).status).toBe(404);
    const kept = (await api('GET', `/api/traces/${recent}`)).body;
    expect(kept.spanCount).toBeLessThanOrEqual(1_000);
    expect(kept.spanCount).toBeGreaterThan(900);
    // The newest stay: the last span sent is still there.
    expect((await api('GET', `/api/spans?traceId=${recent}&name=s499&limit=5`)).body.items.length).toBeGreaterThan(0);
  });
});
