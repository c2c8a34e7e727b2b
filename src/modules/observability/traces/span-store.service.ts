import { Inject, Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { Bus } from '@libs/bus';
import { BatchingWriter } from '@libs/batching';
import type { Env } from '@libs/config';
import { moduleForPath, type SpanRecord } from '@libs/contracts';
import { ENV } from 'src/core/env.token';
import { spanShipper } from 'src/core/telemetry';
import type { SpanEntity } from 'src/modules/observability/entities/span.entity';
import { MetricsRollup } from 'src/modules/observability/metrics/metrics-rollup';
import { SpansRepository } from 'src/modules/observability/traces/spans.repository';

const RETENTION_EVERY_MS = 60_000;
const SHIPPING_SPAN = 'bus.event observability.spans';
/** Bus method families whose module has another name. */
const BUS_FAMILY_MODULES: Record<string, string> = { workflows: 'workflow-engine', workflow: 'workflow-engine' };
const KEPT_TRACES_REMEMBERED = 10_000;

/**
 * Where every span ends up: this process's own (through the span shipper), other processes' (the
 * `observability.spans` event) and other systems' (OTLP). Sampling is decided per trace: a share of trace ids by
 * hash (TRACE_SAMPLE_RATIO), plus every trace that has an error or a slow span (a trace once kept stays kept).
 * Spans are written in batches off the request path; retention by age and by count runs every minute.
 */
@Injectable()
export class SpanStore implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger('SpanStore');
  private readonly writer: BatchingWriter<SpanEntity>;
  private readonly keptTraces = new Set<string>();
  private removeSink?: () => void;
  private unsubscribe?: () => void;
  private retention?: NodeJS.Timeout;
  readonly counters = { received: 0, sampledOut: 0, attributesDropped: 0 };

  constructor(
    @Inject(ENV) private readonly env: Env,
    private readonly repository: SpansRepository,
    private readonly bus: Bus,
    private readonly rollup: MetricsRollup,
  ) {
    this.writer = new BatchingWriter<SpanEntity>({
      name: 'spans',
      write: (rows) => this.repository.insert(rows),
      onError: (error, size) => this.logger.warn(`${size} spans not stored: ${(error as Error).message}`),
      intervalMs: 500,
      maxBatch: 2_000,
      maxBuffered: 50_000,
    });
  }

  onModuleInit(): void {
    this.removeSink = spanShipper.addSink((spans) => this.ingest(spans));
    this.unsubscribe = this.bus.subscribe('observability.spans', ({ spans }) => void this.ingest(spans));
    this.retention = setInterval(() => void this.applyRetention(), RETENTION_EVERY_MS).unref();
    void this.repository.optimize().catch(() => undefined);
  }

  async onModuleDestroy(): Promise<void> {
    this.removeSink?.();
    this.unsubscribe?.();
    clearInterval(this.retention);
    spanShipper.flushNow();
    await this.writer.close();
  }

  /** Takes spans in; `external` ones (OTLP) were sampled by their sender and are all kept. */
  ingest(incoming: SpanRecord[], external = false): number {
    // The shipping of spans is not itself worth a span per batch.
    const spans = external ? incoming : incoming.filter((span) => span.name !== SHIPPING_SPAN);
    this.counters.received += spans.length;
    // Metrics count every span, before sampling decides what is stored.
    for (const span of spans) this.rollup.observe(span);
    const keep = external ? undefined : this.sample(spans);
    let accepted = 0;
    for (const span of spans) {
      if (keep && !keep.has(span.traceId)) {
        this.counters.sampledOut++;
        continue;
      }
      void this.writer.add(this.toEntity(span));
      accepted++;
    }
    return accepted;
  }

  /** Waits until everything taken in so far is written (tests, shutdown). */
  async flush(): Promise<void> {
    spanShipper.flushNow();
    await this.writer.flush();
  }

  stats() {
    return { ...this.counters, ...this.writer.getStats(), shipperDropped: spanShipper.dropped };
  }

  async applyRetention(): Promise<void> {
    try {
      const old = await this.repository.deleteOlderThan(Date.now() - this.env.TRACE_RETENTION_HOURS * 3_600_000);
      const excess =
        (await this.repository.count()) > this.env.TRACE_MAX_SPANS ? await this.repository.trimTo(this.env.TRACE_MAX_SPANS) : 0;
      if (old + excess) this.logger.log(`retention: ${old} spans past their age, ${excess} beyond TRACE_MAX_SPANS deleted`);
      await this.repository.optimize();
    } catch (error) {
      this.logger.warn(`retention failed: ${(error as Error).message}`);
    }
  }

  private sample(spans: SpanRecord[]): Set<string> {
    const keep = new Set<string>();
    const probes = new Set(spans.filter(isProbe).map((span) => span.traceId));
    for (const span of spans) {
      const id = span.traceId;
      if (keep.has(id)) continue;
      // Probe traffic (health checks, scrapes) is counted in the metrics but its traces are kept only when they fail or crawl.
      if (this.keptTraces.has(id) || (!probes.has(id) && inSample(id, this.env.TRACE_SAMPLE_RATIO))) keep.add(id);
      else if (span.statusCode === 2 || span.durationMs >= this.env.TRACE_SLOW_MS) {
        keep.add(id);
        if (this.keptTraces.size >= KEPT_TRACES_REMEMBERED) this.keptTraces.clear();
        this.keptTraces.add(id);
      }
    }
    return keep;
  }

  private toEntity(span: SpanRecord): SpanEntity {
    const attributes = this.limitAttributes(span.attributes);
    const text = (key: string, max: number) => {
      const value = attributes[key];
      return value === undefined || value === null || value === '' ? null : String(value).slice(0, max);
    };
    return {
      traceId: span.traceId,
      spanId: span.spanId,
      parentSpanId: span.parentSpanId || null,
      name: span.name.slice(0, 300),
      kind: span.kind,
      startMs: span.startMs,
      durationMs: span.durationMs,
      statusCode: span.statusCode,
      statusMessage: span.statusMessage?.slice(0, 4_000) || null,
      service: String(span.resource['service.name'] ?? 'unknown').slice(0, 100),
      module: moduleOf(span, attributes),
      operation: text('gen_ai.operation.name', 100) ?? text('http.route', 100) ?? busMethodOf(span, attributes)?.slice(0, 100) ?? null,
      agentId: text('gen_ai.agent.id', 100),
      sessionId: text('gen_ai.conversation.id', 200) ?? text('session.id', 200),
      runId: text('workflow.run.id', 200) ?? text('a2a.task.id', 200),
      attributes,
      events: span.events.slice(0, 128),
      resource: span.resource,
    };
  }

  private limitAttributes(attributes: Record<string, unknown>): Record<string, unknown> {
    const keys = Object.keys(attributes);
    if (keys.length <= this.env.TRACE_MAX_ATTRIBUTES) return attributes;
    this.counters.attributesDropped += keys.length - this.env.TRACE_MAX_ATTRIBUTES;
    return Object.fromEntries(keys.slice(0, this.env.TRACE_MAX_ATTRIBUTES).map((key) => [key, attributes[key]]));
  }
}

/** The same decision for a trace id in every process: its last 8 hex digits as a fraction. */
export function inSample(traceId: string, ratio: number): boolean {
  if (ratio >= 1) return true;
  if (ratio <= 0) return false;
  return parseInt(traceId.slice(-8), 16) / 0x1_0000_0000 < ratio;
}

function moduleOf(span: SpanRecord, attributes: Record<string, unknown>): string | null {
  const declared = attributes['platform.module'];
  if (typeof declared === 'string') return declared.slice(0, 50);
  const path = attributes['http.route'] ?? attributes['url.path'];
  if (typeof path === 'string') return moduleForPath(path) ?? null;
  const method = busMethodOf(span, attributes);
  if (method) return BUS_FAMILY_MODULES[method.split('.')[0]] ?? method.split('.')[0].slice(0, 50);
  if (typeof attributes['gen_ai.operation.name'] === 'string') return 'agents';
  return null;
}

/** A bus span's method (`bus.request rag.search` → `rag.search`). */
function busMethodOf(span: SpanRecord, attributes: Record<string, unknown>): string | undefined {
  if (attributes['rpc.system'] !== 'a2a-bus') return undefined;
  return span.name.split(' ')[1];
}

/** A load balancer's or Prometheus's request: the root HTTP span of GET /health… or GET /metrics. */
function isProbe(span: SpanRecord): boolean {
  const route = span.attributes['http.route'];
  return span.kind === 2 && !span.parentSpanId && typeof route === 'string' && (route.startsWith('/health') || route === '/metrics');
}
