import { Logger } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { execFileSync, spawnSync } from 'node:child_process';
import { loadEnv } from '@libs/config';
import { createApp } from 'src/app.factory';
import { PinoLogger } from 'src/core/logger';
import { recentSpans, setupTelemetry } from 'src/core/telemetry';
import { tmpDataDir } from 'test/utils/services';

const TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';
const TRACEPARENT = `00-${TRACE_ID}-00f067aa0ba902b7-01`;

describe('telemetry', () => {
  let app: NestFastifyApplication;
  const lines: string[] = [];

  beforeAll(async () => {
    setupTelemetry('telemetry-test');
    const logger = new PinoLogger('debug', {}, { write: (line: string) => void lines.push(line) });
    ({ app } = await createApp(loadEnv({ DATA_DIR: tmpDataDir('telemetry-'), CHROMA_AUTOSTART: 'false' }), { logger }));
    await app.init();
    await app.getHttpAdapter().getInstance().ready();
  });

  afterAll(() => app.close());

  it('continues an incoming trace across the HTTP span and the bus messages it causes', async () => {
    recentSpans.reset();
    const res = await app.inject({ method: 'GET', url: '/health', headers: { traceparent: TRACEPARENT } });
    expect(res.statusCode).toBe(200);
    expect(res.headers.traceparent).toContain(TRACE_ID);
    const spans = recentSpans.getFinishedSpans().filter((s) => s.spanContext().traceId === TRACE_ID);
    const names = spans.map((s) => s.name);
    expect(names).toContain('GET /health');
    expect(names).toContain('bus.request rag.health');
    const http = spans.find((s) => s.name === 'GET /health')!;
    expect(http.attributes).toMatchObject({ 'http.route': '/health', 'http.status_code': 200 });
  });

  it('echoes a request id, or makes one', async () => {
    const given = await app.inject({ method: 'GET', url: '/health', headers: { 'x-request-id': 'req-123' } });
    expect(given.headers['x-request-id']).toBe('req-123');
    const made = await app.inject({ method: 'GET', url: '/health' });
    expect(made.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('writes JSON log lines that carry the active trace id', async () => {
    lines.length = 0;
    const { context, trace } = await import('@opentelemetry/api');
    const span = trace.getTracer('t').startSpan('work');
    context.with(trace.setSpan(context.active(), span), () => new Logger('TelemetryTest').log('inside a span'));
    span.end();
    const line = lines.map((l) => JSON.parse(l)).find((l) => l.msg === 'inside a span');
    expect(line).toMatchObject({ context: 'TelemetryTest', trace_id: span.spanContext().traceId, level: 30 });
  });

  it('serves Prometheus metrics for routes, bus messages and the process', async () => {
    await app.inject({ method: 'GET', url: '/health' });
    const res = await app.inject({ method: 'GET', url: '/metrics' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/plain');
    const text = res.body;
    expect(text).toMatch(/http_requests_total\{method="GET",route="\/health",status="200"\} \d+/);
    expect(text).toMatch(/http_request_duration_seconds_bucket\{le="0.005",method="GET",route="\/health"\}/);
    expect(text).toMatch(/bus_messages_total\{kind="request",method="gateway.health",status="ok"\} \d+/);
    expect(text).toContain('process_cpu_user_seconds_total');
    const promtool = spawnSync('which', ['promtool']).status === 0;
    if (promtool) {
      // promtool exits non-zero on malformed exposition text; lint warnings alone are fine.
      execFileSync('promtool', ['check', 'metrics'], { input: text, stdio: ['pipe', 'ignore', 'ignore'] });
    } else if (!process.env.CI) {
      console.warn('promtool not installed (apt-get install prometheus): exposition format not checked by promtool');
    }
  });
});
