import type { Point, SeriesKind } from './metrics-rollup';

/** What an alert rule (and the dashboard) can ask about: a kind of work and one measure of it. */
export interface MetricSpec {
  kind: SeriesKind | 'process';
  measure: 'events' | 'errors' | 'latency' | 'input_tokens' | 'output_tokens' | 'cost' | 'rss_bytes' | 'cpu_percent' | 'event_loop_lag_ms';
  aggregations: string[];
  /** The same rule as PromQL over /metrics, when the platform exports the series to Prometheus. */
  promql?: (aggregation: string, windowS: number, series: string | null) => string | undefined;
  description: string;
}

const COUNTS = ['count', 'rate'];
const LATENCY = ['avg', 'p50', 'p95', 'p99'];
const routeMatcher = (series: string | null) => {
  if (!series) return '';
  const [method, ...route] = series.split(' ');
  return route.length ? `method="${method}",route="${route.join(' ')}"` : `route="${series}"`;
};
const httpPromql = (measure: 'events' | 'errors' | 'latency') => (aggregation: string, windowS: number, series: string | null) => {
  const m = routeMatcher(series);
  const sel = (extra: string) => `{${[m, extra].filter(Boolean).join(',')}}`;
  if (measure === 'events')
    return aggregation === 'rate'
      ? `sum(rate(http_requests_total${sel('')}[${windowS}s]))`
      : `sum(increase(http_requests_total${sel('')}[${windowS}s]))`;
  if (measure === 'errors') {
    const errors = `sum(increase(http_requests_total${sel('status=~"5.."')}[${windowS}s]))`;
    if (aggregation === 'ratio') return `${errors} / sum(increase(http_requests_total${sel('')}[${windowS}s]))`;
    return aggregation === 'rate' ? `sum(rate(http_requests_total${sel('status=~"5.."')}[${windowS}s]))` : errors;
  }
  const q = { p50: 0.5, p95: 0.95, p99: 0.99 }[aggregation];
  if (q) return `histogram_quantile(${q}, sum by (le) (rate(http_request_duration_seconds_bucket${sel('')}[${windowS}s]))) * 1000`;
  return `sum(rate(http_request_duration_seconds_sum${sel('')}[${windowS}s])) / sum(rate(http_request_duration_seconds_count${sel('')}[${windowS}s])) * 1000`;
};

export const METRICS: Record<string, MetricSpec> = {
  'http.requests': {
    kind: 'http',
    measure: 'events',
    aggregations: COUNTS,
    promql: httpPromql('events'),
    description: 'HTTP requests (per route)',
  },
  'http.errors': {
    kind: 'http',
    measure: 'errors',
    aggregations: [...COUNTS, 'ratio'],
    promql: httpPromql('errors'),
    description: 'HTTP 5xx answers; ratio = share of requests',
  },
  'http.latency_ms': {
    kind: 'http',
    measure: 'latency',
    aggregations: LATENCY,
    promql: httpPromql('latency'),
    description: 'HTTP latency',
  },
  'module.requests': { kind: 'module', measure: 'events', aggregations: COUNTS, description: 'HTTP requests per owning module' },
  'module.errors': { kind: 'module', measure: 'errors', aggregations: [...COUNTS, 'ratio'], description: 'HTTP 5xx per module' },
  'module.latency_ms': { kind: 'module', measure: 'latency', aggregations: LATENCY, description: 'HTTP latency per module' },
  'agent.runs': { kind: 'agent', measure: 'events', aggregations: COUNTS, description: 'Agent runs (invoke_agent spans)' },
  'agent.errors': { kind: 'agent', measure: 'errors', aggregations: [...COUNTS, 'ratio'], description: 'Failed agent runs' },
  'agent.latency_ms': { kind: 'agent', measure: 'latency', aggregations: LATENCY, description: 'Agent run duration' },
  'agent.cost_usd': { kind: 'agent', measure: 'cost', aggregations: ['sum'], description: 'Model cost of agent runs' },
  'model.calls': { kind: 'model', measure: 'events', aggregations: COUNTS, description: 'Model calls (chat spans)' },
  'model.errors': { kind: 'model', measure: 'errors', aggregations: [...COUNTS, 'ratio'], description: 'Failed model calls' },
  'model.latency_ms': { kind: 'model', measure: 'latency', aggregations: LATENCY, description: 'Model call duration' },
  'model.input_tokens': { kind: 'model', measure: 'input_tokens', aggregations: ['sum', 'rate'], description: 'Prompt tokens' },
  'model.output_tokens': { kind: 'model', measure: 'output_tokens', aggregations: ['sum', 'rate'], description: 'Completion tokens' },
  'model.cost_usd': { kind: 'model', measure: 'cost', aggregations: ['sum'], description: 'Model cost (USD)' },
  'tool.calls': { kind: 'tool', measure: 'events', aggregations: COUNTS, description: 'Tool calls made by agents' },
  'tool.errors': { kind: 'tool', measure: 'errors', aggregations: [...COUNTS, 'ratio'], description: 'Failed tool calls' },
  'tool.latency_ms': { kind: 'tool', measure: 'latency', aggregations: LATENCY, description: 'Tool call duration' },
  'bus.requests': { kind: 'bus', measure: 'events', aggregations: COUNTS, description: 'Bus requests between modules' },
  'bus.errors': { kind: 'bus', measure: 'errors', aggregations: [...COUNTS, 'ratio'], description: 'Failed bus requests' },
  'bus.latency_ms': { kind: 'bus', measure: 'latency', aggregations: LATENCY, description: 'Bus round trip' },
  'process.rss_bytes': {
    kind: 'process',
    measure: 'rss_bytes',
    aggregations: ['max', 'avg'],
    promql: (aggregation, windowS) =>
      `${aggregation === 'max' ? 'max' : 'avg'}(${aggregation === 'max' ? 'max' : 'avg'}_over_time(process_resident_memory_bytes[${windowS}s]))`,
    description: 'Resident memory of the platform processes',
  },
  'process.cpu_percent': {
    kind: 'process',
    measure: 'cpu_percent',
    aggregations: ['max', 'avg'],
    description: 'CPU use of the platform processes',
  },
  'process.event_loop_lag_ms': {
    kind: 'process',
    measure: 'event_loop_lag_ms',
    aggregations: ['max', 'avg'],
    description: 'Event loop lag',
  },
};

/** The value an aggregation takes over a window's summed point. */
export function valueOf(spec: MetricSpec, aggregation: string, point: Point, windowMs: number): number {
  const perSecond = (n: number) => n / (windowMs / 1000);
  switch (spec.measure) {
    case 'events':
      return aggregation === 'rate' ? perSecond(point.count) : point.count;
    case 'errors':
      return aggregation === 'ratio' ? point.errorRate : aggregation === 'rate' ? perSecond(point.errors) : point.errors;
    case 'latency':
      return aggregation === 'p50' ? point.p50Ms : aggregation === 'p95' ? point.p95Ms : aggregation === 'p99' ? point.p99Ms : point.meanMs;
    case 'input_tokens':
      return aggregation === 'rate' ? perSecond(point.inputTokens) : point.inputTokens;
    case 'output_tokens':
      return aggregation === 'rate' ? perSecond(point.outputTokens) : point.outputTokens;
    case 'cost':
      return point.costUsd;
    case 'rss_bytes':
    case 'cpu_percent':
    case 'event_loop_lag_ms':
      return 0; // process metrics are read from samples, not span rollups
  }
}
