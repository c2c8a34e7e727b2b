import { collectDefaultMetrics, Counter, Histogram, Registry } from 'prom-client';
import type { MessageLogEntry } from '@libs/bus';

const LATENCY_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/** The Prometheus metrics of one app instance, in their own registry so several apps in one process don't collide. */
export class PlatformMetrics {
  readonly registry = new Registry();
  private readonly httpRequests = new Counter({
    name: 'http_requests_total',
    help: 'HTTP requests by method, route pattern and status',
    labelNames: ['method', 'route', 'status'] as const,
    registers: [this.registry],
  });
  private readonly httpDuration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'HTTP request latency by method and route pattern',
    labelNames: ['method', 'route'] as const,
    buckets: LATENCY_BUCKETS,
    registers: [this.registry],
  });
  private readonly busMessages = new Counter({
    name: 'bus_messages_total',
    help: 'A2A bus messages sent by this process, by kind, method and outcome',
    labelNames: ['kind', 'method', 'status'] as const,
    registers: [this.registry],
  });
  private readonly busDuration = new Histogram({
    name: 'bus_request_duration_seconds',
    help: 'A2A bus request round trip by method',
    labelNames: ['method'] as const,
    buckets: LATENCY_BUCKETS,
    registers: [this.registry],
  });

  constructor(labels: Record<string, string> = {}) {
    this.registry.setDefaultLabels(labels);
    collectDefaultMetrics({ register: this.registry });
    // Gauges named *_total break the exposition rules (promtool check metrics); their per-type siblings stay.
    for (const name of ['nodejs_active_handles_total', 'nodejs_active_requests_total', 'nodejs_active_resources_total'])
      this.registry.removeSingleMetric(name);
  }

  // prom-client hashes label values on every call; the set of (method, route, status) is small, so keep the children.
  private readonly httpChildren = new Map<string, { count: { inc(): void }; latency: { observe(v: number): void } }>();

  observeHttp(method: string, route: string, status: number, seconds: number): void {
    const key = `${method} ${status} ${route}`;
    let child = this.httpChildren.get(key);
    if (!child) {
      child = { count: this.httpRequests.labels(method, route, String(status)), latency: this.httpDuration.labels(method, route) };
      this.httpChildren.set(key, child);
    }
    child.count.inc();
    child.latency.observe(seconds);
  }

  observeBus(entry: MessageLogEntry): void {
    this.busMessages.labels(entry.kind, entry.method, entry.status).inc();
    if (entry.kind === 'request') this.busDuration.labels(entry.method).observe(entry.durationMs / 1000);
  }

  text(): Promise<string> {
    return this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }
}
