import { context, propagation, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { CompositePropagator, W3CBaggagePropagator, W3CTraceContextPropagator } from '@opentelemetry/core';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor, type SpanProcessor } from '@opentelemetry/sdk-trace-base';

let provider: BasicTracerProvider | undefined;

/** Recent finished spans, kept in memory for the observability module and for tests. */
export const recentSpans = new InMemorySpanExporter();

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
    spanProcessors: [new BoundedSpanProcessor(recentSpans, 2_000), ...extraProcessors],
  });
  trace.setGlobalTracerProvider(provider);
  return provider;
}

export async function shutdownTelemetry(): Promise<void> {
  await provider?.shutdown();
}

/** Keeps the in-memory exporter from growing without bound. */
class BoundedSpanProcessor extends SimpleSpanProcessor {
  constructor(
    private readonly memory: InMemorySpanExporter,
    private readonly max: number,
  ) {
    super(memory);
  }

  override onEnd(span: Parameters<SimpleSpanProcessor['onEnd']>[0]): void {
    super.onEnd(span);
    const spans = this.memory.getFinishedSpans();
    if (spans.length > this.max) spans.splice(0, spans.length - this.max);
  }
}
