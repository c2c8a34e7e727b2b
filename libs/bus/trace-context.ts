import { context, propagation, SpanKind, SpanStatusCode, trace, type Context } from '@opentelemetry/api';
import type { MessageMeta } from './envelope';

const tracer = trace.getTracer('agentic-bus');

/** Writes the active W3C trace context into a message's meta. */
export function injectTrace(meta: MessageMeta): void {
  propagation.inject(context.active(), meta, {
    set: (carrier, key, value) => {
      if (key === 'traceparent' || key === 'tracestate') carrier[key] = value;
    },
  });
}

function extract(meta: MessageMeta): Context {
  return propagation.extract(context.active(), meta, {
    get: (carrier, key) => (key === 'traceparent' ? carrier.traceparent : key === 'tracestate' ? carrier.tracestate : undefined),
    keys: () => ['traceparent', 'tracestate'],
  });
}

/** Runs fn inside a span named after the message, parented by the trace the message carries. */
export async function withMessageSpan<T>(
  name: string,
  kind: 'producer' | 'consumer' | 'client' | 'server',
  meta: MessageMeta | undefined,
  fn: () => Promise<T>,
): Promise<T> {
  const parent = meta && kind !== 'client' && kind !== 'producer' ? extract(meta) : context.active();
  const spanKind = { producer: SpanKind.PRODUCER, consumer: SpanKind.CONSUMER, client: SpanKind.CLIENT, server: SpanKind.SERVER }[kind];
  const span = tracer.startSpan(name, { kind: spanKind, attributes: { 'rpc.system': 'a2a-bus' } }, parent);
  try {
    return await context.with(trace.setSpan(parent, span), fn);
  } catch (error) {
    span.setStatus({ code: SpanStatusCode.ERROR, message: error instanceof Error ? error.message : String(error) });
    throw error;
  } finally {
    span.end();
  }
}

/** The trace id of a W3C traceparent (`00-<32 hex>-<16 hex>-<2 hex>`), without splitting the string. */
export function traceIdOf(meta: MessageMeta): string | undefined {
  const traceparent = meta.traceparent;
  return traceparent && traceparent.length >= 35 ? traceparent.slice(3, 35) : undefined;
}
