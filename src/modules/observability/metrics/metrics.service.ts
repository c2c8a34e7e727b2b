import { Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { Bus } from '@libs/bus';
import { MODULE_NAMES } from '@libs/config';
import type { EventOf } from '@libs/contracts';
import { ServiceRegistry } from 'src/core/discovery/service-registry';
import { HealthService } from 'src/core/health/health.service';
import { ObservabilityError, ObservabilityErrorCode } from 'src/modules/observability/observability.errors';
import { METRICS, valueOf } from 'src/modules/observability/metrics/metric-catalogue';
import {
  MetricsRollup,
  RESOLUTIONS,
  seriesOf,
  SERIES_KINDS,
  type Resolution,
  type SeriesKind,
} from 'src/modules/observability/metrics/metrics-rollup';
import { SpanStore } from 'src/modules/observability/traces/span-store.service';
import { SpansRepository } from 'src/modules/observability/traces/spans.repository';
import { toDto } from 'src/modules/observability/traces/traces.service';

type ProcessSample = EventOf<'observability.process.sample'>;

const SAMPLE_HISTORY = 360;
const HEALTH_EVERY_MS = 30_000;
/** Spans read for one performance window; beyond it the figures are over the newest spans only (and say so). */
const PERFORMANCE_SPAN_LIMIT = 50_000;

export interface Failure {
  at: string;
  message: string;
}

/**
 * Metrics as JSON (series rolled up from every span, plus each process's resource samples), performance analytics
 * from the span store, and the health of every module and dependency across processes with their last failures.
 */
@Injectable()
export class MetricsService implements OnModuleInit, OnModuleDestroy {
  private readonly samples = new Map<string, ProcessSample[]>();
  private readonly lastFailure = new Map<string, Failure>();
  private unsubscribe?: () => void;
  private healthTimer?: NodeJS.Timeout;

  constructor(
    readonly rollup: MetricsRollup,
    private readonly bus: Bus,
    private readonly store: SpanStore,
    private readonly spans: SpansRepository,
    private readonly registry: ServiceRegistry,
    private readonly health: HealthService,
  ) {}

  onModuleInit(): void {
    this.unsubscribe = this.bus.subscribe('observability.process.sample', (sample) => {
      const history = this.samples.get(sample.processId) ?? [];
      history.push(sample);
      if (history.length > SAMPLE_HISTORY) history.shift();
      this.samples.set(sample.processId, history);
    });
    // Health is also checked in the background, so the last failure is known before anyone asks.
    this.healthTimer = setInterval(() => void this.services().catch(() => undefined), HEALTH_EVERY_MS).unref();
  }

  onModuleDestroy(): void {
    this.unsubscribe?.();
    clearInterval(this.healthTimer);
  }

  /** Latest sample of each live process (seen in the last minute). */
  processes(): ProcessSample[] {
    const now = Date.now();
    return [...this.samples.values()].map((h) => h.at(-1)!).filter((s) => now - s.at < 60_000);
  }

  async metrics(query: { resolution: Resolution; from?: number; to?: number; kind?: SeriesKind; name?: string }) {
    const to = query.to ?? Date.now();
    const from = query.from ?? to - RESOLUTIONS[query.resolution] * 60;
    if (from > to) throw new ObservabilityError(ObservabilityErrorCode.VALIDATION_FAILED, 'from must not be after to');
    await this.store.flush();
    return {
      resolution: query.resolution,
      from,
      to,
      series: this.rollup.series(query.resolution, from, to, query.kind, query.name),
      processes: [...this.samples.entries()].map(([processId, history]) => ({
        processId,
        modules: history.at(-1)!.modules,
        points: history.filter((s) => s.at >= from && s.at < to),
      })),
      queues: { spans: this.store.stats() },
    };
  }

  /** The value of a catalogue metric over the last windowMs (alert rules evaluate through this). */
  current(metric: string, aggregation: string, series: string | null, windowMs: number, now = Date.now()): number | undefined {
    const spec = METRICS[metric];
    if (!spec) return undefined;
    if (spec.kind === 'process') {
      const values = [...this.samples.values()]
        .flat()
        .filter((s) => now - s.at <= windowMs)
        .map((s) => processField(s, spec.measure));
      if (!values.length) return undefined;
      return aggregation === 'max' ? Math.max(...values) : values.reduce((a, b) => a + b, 0) / values.length;
    }
    return valueOf(spec, aggregation, this.rollup.aggregate(now - windowMs, now, spec.kind, series ?? undefined), windowMs);
  }

  /**
   * p50/p95/p99, error rate and count per route, module, agent, model, tool and bus method over a window, against
   * the window before it; and the slowest traces. Computed from stored spans, so it survives restarts.
   */
  async performance(windowMs: number, now = Date.now()) {
    await this.store.flush();
    const [current, previous] = await Promise.all([
      this.spans.window(now - windowMs, now, PERFORMANCE_SPAN_LIMIT),
      this.spans.window(now - 2 * windowMs, now - windowMs, PERFORMANCE_SPAN_LIMIT),
    ]);
    const before = summarise(previous.map(toDto));
    const groups = summarise(current.map(toDto)).map((group) => {
      const prior = before.find((b) => b.kind === group.kind && b.name === group.name);
      return {
        ...group,
        previous: prior ? { count: prior.count, errorRate: prior.errorRate, p95Ms: prior.p95Ms } : null,
        change: prior
          ? {
              countRatio: ratio(group.count, prior.count),
              p95Ratio: ratio(group.p95Ms, prior.p95Ms),
              errorRateDelta: group.errorRate - prior.errorRate,
            }
          : null,
      };
    });
    const roots = current.filter((s) => !s.parentSpanId).sort((a, b) => b.durationMs - a.durationMs);
    return {
      windowMs,
      from: now - windowMs,
      to: now,
      truncated: current.length >= PERFORMANCE_SPAN_LIMIT,
      groups: groups.sort((a, b) => a.kind.localeCompare(b.kind) || b.count - a.count),
      slowestTraces: roots
        .slice(0, 10)
        .map((s) => ({ traceId: s.traceId, name: s.name, startMs: s.startMs, durationMs: s.durationMs, status: toDto(s).status })),
    };
  }

  /** Every module and dependency, across all processes: status, uptime, last failure. */
  async services() {
    const [{ result }, processes] = await Promise.all([this.health.check('detailed'), this.registry.list()]);
    const details = { ...(result.info ?? {}), ...(result.error ?? {}), ...(result.details ?? {}) } as Record<
      string,
      { status: string; message?: string } & Record<string, unknown>
    >;
    const now = new Date().toISOString();
    const samples = new Map(this.processes().map((s) => [s.processId, s]));
    const entry = (key: string) => {
      const detail = details[key];
      const status = detail?.status ?? 'unknown';
      if (detail && status !== 'up') this.lastFailure.set(key, { at: now, message: String(detail.message ?? status) });
      return { status, details: detail ?? null, lastFailure: this.lastFailure.get(key) ?? null };
    };
    return {
      status: result.status,
      checkedAt: now,
      modules: MODULE_NAMES.map((name) => {
        const health = entry(`module:${name}`);
        // Registered processes; a process that never registered (an embedded app) is known by its health answer.
        const registered = processes.filter((p) => p.modules.includes(name));
        const answering = health.details?.processId ? String(health.details.processId) : undefined;
        const hosts = registered.length
          ? registered
          : answering
            ? [{ processId: answering, url: null, startedAt: null, lastSeen: now }]
            : [];
        return {
          name,
          ...health,
          processes: hosts.map((p) => {
            const sample = samples.get(p.processId);
            const startedAt = p.startedAt ?? (sample ? new Date(sample.startedAt).toISOString() : null);
            return {
              processId: p.processId,
              url: p.url,
              startedAt,
              uptimeSeconds: startedAt ? Math.round((Date.now() - Date.parse(startedAt)) / 1000) : null,
              lastSeen: p.lastSeen,
              rssBytes: sample?.rssBytes ?? null,
              cpuPercent: sample?.cpuPercent ?? null,
            };
          }),
        };
      }),
      dependencies: Object.keys(details)
        .filter((key) => !key.startsWith('module:'))
        .map((name) => ({ name, ...entry(name) })),
    };
  }

  kinds(): readonly SeriesKind[] {
    return SERIES_KINDS;
  }
}

function processField(sample: ProcessSample, measure: string): number {
  return measure === 'rss_bytes' ? sample.rssBytes : measure === 'cpu_percent' ? sample.cpuPercent : sample.eventLoopLagMs;
}

function ratio(now: number, before: number): number | null {
  return before > 0 ? now / before : null;
}

function summarise(spans: Array<ReturnType<typeof toDto>>) {
  const groups = new Map<string, { kind: SeriesKind; name: string; durations: number[]; errors: number }>();
  for (const span of spans) {
    for (const [kind, name] of seriesOf({
      ...span,
      statusCode: span.status === 'error' ? 2 : span.status === 'ok' ? 1 : 0,
      parentSpanId: span.parentSpanId ?? undefined,
      statusMessage: undefined,
    })) {
      const key = `${kind}|${name}`;
      const group = groups.get(key) ?? { kind, name, durations: [], errors: 0 };
      group.durations.push(span.durationMs);
      if (span.status === 'error' || Number(span.attributes['http.status_code']) >= 500) group.errors++;
      groups.set(key, group);
    }
  }
  return [...groups.values()].map(({ kind, name, durations, errors }) => {
    durations.sort((a, b) => a - b);
    const at = (q: number) => durations[Math.min(durations.length - 1, Math.floor(q * durations.length))] ?? 0;
    return { kind, name, count: durations.length, errorRate: errors / durations.length, p50Ms: at(0.5), p95Ms: at(0.95), p99Ms: at(0.99) };
  });
}
