import { context, propagation, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { CompositePropagator, W3CBaggagePropagator, W3CTraceContextPropagator } from '@opentelemetry/core';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BasicTracerProvider, type ReadableSpan, type SpanProcessor } from '@opentelemetry/sdk-trace-base';

let provider: BasicTracerProvider | undefined;

/**
 * Sets up OpenTelemetry once per process: async-local context, W3C trace context propagation, and a
 * tracer provider. Spans go to an in-memory ring (read by observability); exporters plug in here.
 */
export function setupTelemetry(serviceName: string, extraProcessors: SpanProcessor[] = []): BasicTracerProvider {
  if (provider) return provider;
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  propagation.setGlobalPropagator(new CompositePropagator({ propagators: [new W3CTraceContextPropagator(), new W3CBaggagePropagator()] }));
  provider = new BasicTracerProvider({
    resource: resourceFromAttributes({ 'service.name': serviceName }),
    spanProcessors: [recentSpans, ...extraProcessors],
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
