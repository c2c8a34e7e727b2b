import { hrTimeToMilliseconds } from '@opentelemetry/core';
import type { ReadableSpan, SpanProcessor } from '@opentelemetry/sdk-trace-base';
import type { SpanRecord } from '@libs/contracts';

export type SpanSink = (spans: SpanRecord[]) => void;

const FLUSH_MS = 1_000;
const MAX_BUFFERED = 20_000;

/**
 * Hands finished spans to whoever stores them (the observability module, in this process or over the bus), in
 * batches: onEnd only keeps a reference, the conversion happens on a timer off the request path. With no sink
 * registered nothing is kept; beyond MAX_BUFFERED spans are shed and counted, never queued without bound.
 */
export class SpanShipper implements SpanProcessor {
  private readonly sinks = new Set<SpanSink>();
  private buffer: ReadableSpan[] = [];
  private timer?: NodeJS.Timeout;
  dropped = 0;

  /** Registers a sink; returns its removal. */
  addSink(sink: SpanSink): () => void {
    this.sinks.add(sink);
    return () => this.sinks.delete(sink);
  }

  onStart(): void {}

  onEnd(span: ReadableSpan): void {
    if (!this.sinks.size) return;
    if (this.buffer.length >= MAX_BUFFERED) {
      this.dropped++;
      return;
    }
    this.buffer.push(span);
    this.timer ??= setTimeout(() => this.flushNow(), FLUSH_MS).unref();
  }

  /** Ships what is buffered now (also used by tests and at shutdown). */
  flushNow(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (!this.buffer.length) return;
    const records = this.buffer.map(toSpanRecord);
    this.buffer = [];
    for (const sink of this.sinks) sink(records);
  }

  async forceFlush(): Promise<void> {
    this.flushNow();
  }

  async shutdown(): Promise<void> {
    this.flushNow();
  }
}

export function toSpanRecord(span: ReadableSpan): SpanRecord {
  const { traceId, spanId } = span.spanContext();
  const startMs = hrTimeToMilliseconds(span.startTime);
  return {
    traceId,
    spanId,
    parentSpanId: span.parentSpanContext?.spanId,
    name: span.name,
    kind: span.kind + 1, // the API counts from INTERNAL = 0, OTLP from UNSPECIFIED = 0
    startMs,
    durationMs: hrTimeToMilliseconds(span.duration),
    statusCode: span.status.code,
    statusMessage: span.status.message,
    attributes: { ...span.attributes },
    events: span.events.map((event) => ({
      name: event.name,
      timeMs: hrTimeToMilliseconds(event.time),
      attributes: event.attributes ? { ...event.attributes } : undefined,
    })),
    resource: { ...span.resource.attributes },
  };
}
