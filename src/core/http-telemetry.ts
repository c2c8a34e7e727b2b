import { context, propagation, SpanKind, SpanStatusCode, trace, type Span } from '@opentelemetry/api';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { randomUUID } from 'node:crypto';
import type { PlatformMetrics } from './metrics/platform-metrics';

const tracer = trace.getTracer('agentic-http');

declare module 'fastify' {
  interface FastifyRequest {
    otelSpan?: Span;
    startedAt?: number;
  }
}

const headerGetter = {
  get: (carrier: FastifyRequest['headers'], key: string) => {
    const value = carrier[key];
    return Array.isArray(value) ? value[0] : value;
  },
  keys: (carrier: FastifyRequest['headers']) => Object.keys(carrier),
};

/**
 * One SERVER span per HTTP request (continuing an incoming traceparent), made the active context while the
 * handler runs so bus messages and log lines carry its trace id; plus request metrics and the response
 * headers traceparent, x-request-id and x-served-by.
 */
export function installHttpTelemetry(fastify: FastifyInstance, metrics: PlatformMetrics, processId: string): void {
  fastify.addHook('onRequest', (request, reply, done) => {
    request.startedAt = performance.now();
    const parent = propagation.extract(context.active(), request.headers, headerGetter);
    const span = tracer.startSpan(
      `${request.method}`,
      { kind: SpanKind.SERVER, attributes: { 'http.method': request.method, 'url.path': request.url.split('?')[0] } },
      parent,
    );
    request.otelSpan = span;
    const { traceId, spanId, traceFlags } = span.spanContext();
    const requestId = request.headers['x-request-id'];
    void reply.headers({
      traceparent: `00-${traceId}-${spanId}-0${traceFlags.toString(16)}`,
      'x-request-id': typeof requestId === 'string' && requestId.length <= 200 ? requestId : randomUUID(),
      'x-served-by': processId,
    });
    done();
  });
  // Callback-style so the handler runs synchronously inside context.with (async hooks would lose it).
  fastify.addHook('preHandler', (request, _reply, done) => {
    if (!request.otelSpan) return done();
    // Body parsing ran outside any async context: re-enter the span's context for the handler.
    context.with(trace.setSpan(context.active(), request.otelSpan), done);
  });
  fastify.addHook('onResponse', (request, reply, done) => {
    const span = request.otelSpan;
    const route = request.routeOptions.url ?? 'unmatched';
    const status = reply.statusCode;
    if (span) {
      span.updateName(`${request.method} ${route}`);
      span.setAttributes({ 'http.method': request.method, 'http.route': route, 'http.status_code': status });
      if (status >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
      span.end();
    }
    metrics.observeHttp(request.method, route, status, (performance.now() - (request.startedAt ?? performance.now())) / 1000);
    done();
  });
}
