import { context, propagation, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { CompositePropagator, W3CBaggagePropagator, W3CTraceContextPropagator } from '@opentelemetry/core';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { BasicTracerProvider, BatchSpanProcessor, type ReadableSpan, type SpanProcessor } from '@opentelemetry/sdk-trace-base';
import { SpanShipper } from './span-shipper';

let provider: BasicTracerProvider | undefined;

/** Finished spans on their way to the span store (the observability module registers where they go). */
export const spanShipper = new SpanShipper();

/**
 * Sets up OpenTelemetry once per process: async-local context, W3C trace context propagation, and a
 * tracer provider. Spans go to an in-memory ring (tests), to the span shipper (the observability module's store) and,
 * with an OTLP endpoint, to a collector.
 */
export function setupTelemetry(
  serviceName: string,
  options: { otlpEndpoint?: string; extraProcessors?: SpanProcessor[] } = {},
): BasicTracerProvider {
  if (provider) return provider;
  const processors: SpanProcessor[] = [recentSpans, spanShipper, ...(options.extraProcessors ?? [])];
  // OTLP out, with the official exporter (it reads OTEL_EXPORTER_OTLP_* headers, timeout and compression itself).
  if (options.otlpEndpoint)
    processors.push(new BatchSpanProcessor(new OTLPTraceExporter({ url: `${options.otlpEndpoint.replace(/\/$/, '')}/v1/traces` })));
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  propagation.setGlobalPropagator(new CompositePropagator({ propagators: [new W3CTraceContextPropagator(), new W3CBaggagePropagator()] }));
  provider = new BasicTracerProvider({
    resource: resourceFromAttributes({ 'service.name': serviceName }),
    spanProcessors: processors,
  });
  trace.setGlobalTracerProvider(provider);
  return provider;
}

export async function shutdownTelemetry(): Promise<void> {
  await provider?.shutdown();
}

/**
 * A fixed-size ring of recently finished spans. It records in onEnd directly: SimpleSpanProcessor's
 * export bookkeeping cost ~15x the bus's own per-message work (bench:bus).
 */
export class RecentSpans implements SpanProcessor {
  private ring: ReadableSpan[] = [];
  private next = 0;

  constructor(private readonly capacity: number) {}

  onStart(): void {}

  onEnd(span: ReadableSpan): void {
    if (this.ring.length < this.capacity) this.ring.push(span);
    else this.ring[this.next] = span;
    this.next = (this.next + 1) % this.capacity;
  }

  /** Finished spans, oldest first. */
  getFinishedSpans(): ReadableSpan[] {
    return this.ring.length < this.capacity ? [...this.ring] : [...this.ring.slice(this.next), ...this.ring.slice(0, this.next)];
  }

  reset(): void {
    this.ring = [];
    this.next = 0;
  }

  async forceFlush(): Promise<void> {}
  async shutdown(): Promise<void> {}
}

/** Recent finished spans, kept in memory for the observability module and for tests. */
export const recentSpans = new RecentSpans(2_000);
