import { moduleForPath, type SpanRecord } from '@libs/contracts';

/** Kinds of work the platform measures, each named by what it is about (a route, a module, an agent, ...). */
export const SERIES_KINDS = ['http', 'module', 'agent', 'model', 'tool', 'bus'] as const;
export type SeriesKind = (typeof SERIES_KINDS)[number];

export const RESOLUTIONS = { '10s': 10_000, '1m': 60_000, '1h': 3_600_000 } as const;
export type Resolution = keyof typeof RESOLUTIONS;
/** How many buckets each resolution keeps: an hour of 10 s, a day of minutes, a week of hours. */
const KEEP: Record<Resolution, number> = { '10s': 360, '1m': 1_440, '1h': 168 };

/** Latency histogram bounds (ms), log-spaced from 0.1 ms to ~2 min: percentiles within one bucket's width. */
const BOUNDS = Array.from({ length: 48 }, (_, i) => 0.1 * Math.pow(1.35, i));

export interface Cell {
  count: number;
  errors: number;
  sumMs: number;
  histogram: number[];
  inputTokens: number;
  outputTokens: number;
  costUsd: number;
}

export interface Point {
  t: number;
  count: number;
  errors: number;
  errorRate: number;
  meanMs: number;
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
  inputTokens: number;
  outputTokens: number;
  costUsd: number;
}

const emptyCell = (): Cell => ({
  count: 0,
  errors: 0,
  sumMs: 0,
  histogram: new Array(BOUNDS.length + 1).fill(0),
  inputTokens: 0,
  outputTokens: 0,
  costUsd: 0,
});

/**
 * Request, error, latency, token and cost series, rolled up at 10 s, 1 min and 1 h, fed by every span the span
 * store takes in (so every process's work, before sampling). Kept in memory: a restart starts the series afresh,
 * while the spans themselves (and GET /api/performance, computed from them) persist.
 */
export class MetricsRollup {
  /** resolution → bucket start → series key (`kind|name`) → cell */
  private readonly buckets: Record<Resolution, Map<number, Map<string, Cell>>> = { '10s': new Map(), '1m': new Map(), '1h': new Map() };

  observe(span: SpanRecord): void {
    for (const [kind, name] of seriesOf(span)) this.add(kind, name, span);
  }

  private add(kind: SeriesKind, name: string, span: SpanRecord): void {
    const key = `${kind}|${name}`;
    for (const resolution of Object.keys(RESOLUTIONS) as Resolution[]) {
      const width = RESOLUTIONS[resolution];
      const start = Math.floor(span.startMs / width) * width;
      const buckets = this.buckets[resolution];
      let bucket = buckets.get(start);
      if (!bucket) {
        bucket = new Map();
        buckets.set(start, bucket);
        this.trim(resolution);
      }
      let cell = bucket.get(key);
      if (!cell) bucket.set(key, (cell = emptyCell()));
      cell.count++;
      if (span.statusCode === 2 || Number(span.attributes['http.status_code']) >= 500) cell.errors++;
      cell.sumMs += span.durationMs;
      cell.histogram[bucketOf(span.durationMs)]++;
      cell.inputTokens += Number(span.attributes['gen_ai.usage.input_tokens']) || 0;
      cell.outputTokens += Number(span.attributes['gen_ai.usage.output_tokens']) || 0;
      cell.costUsd += Number(span.attributes['gen_ai.usage.cost']) || 0;
    }
  }

  private trim(resolution: Resolution): void {
    const buckets = this.buckets[resolution];
    if (buckets.size <= KEEP[resolution]) return;
    const oldest = [...buckets.keys()].sort((a, b) => a - b).slice(0, buckets.size - KEEP[resolution]);
    for (const start of oldest) buckets.delete(start);
  }

  /** Every series with points in [fromMs, toMs), optionally of one kind and name. */
  series(
    resolution: Resolution,
    fromMs: number,
    toMs: number,
    kind?: SeriesKind,
    name?: string,
  ): Array<{ kind: SeriesKind; name: string; points: Point[] }> {
    const out = new Map<string, { kind: SeriesKind; name: string; points: Point[] }>();
    const starts = [...this.buckets[resolution].keys()]
      .filter((t) => t >= fromMs - RESOLUTIONS[resolution] && t < toMs)
      .sort((a, b) => a - b);
    for (const t of starts) {
      for (const [key, cell] of this.buckets[resolution].get(t)!) {
        const [k, n] = splitKey(key);
        if ((kind && k !== kind) || (name && n !== name)) continue;
        const entry = out.get(key) ?? { kind: k, name: n, points: [] };
        entry.points.push(toPoint(t, cell));
        out.set(key, entry);
      }
    }
    return [...out.values()].sort((a, b) => a.kind.localeCompare(b.kind) || a.name.localeCompare(b.name));
  }

  /** One cell summing every bucket of a series (or of a whole kind) in [fromMs, toMs), at 10 s resolution. */
  aggregate(fromMs: number, toMs: number, kind: SeriesKind, name?: string): Point {
    const total = emptyCell();
    for (const [t, bucket] of this.buckets['10s']) {
      if (t < fromMs - RESOLUTIONS['10s'] || t >= toMs) continue;
      for (const [key, cell] of bucket) {
        const [k, n] = splitKey(key);
        if (k !== kind || (name !== undefined && n !== name)) continue;
        merge(total, cell);
      }
    }
    return toPoint(fromMs, total);
  }

  /** Names seen for a kind (for validating rules and filling dashboards). */
  names(kind: SeriesKind): string[] {
    const names = new Set<string>();
    for (const bucket of this.buckets['1h'].values())
      for (const key of bucket.keys()) if (key.startsWith(`${kind}|`)) names.add(splitKey(key)[1]);
    return [...names].sort();
  }
}

/** Which series a span counts in: HTTP routes and their module, agent runs, model calls, tool calls, bus requests. */
export function seriesOf(span: SpanRecord): Array<[SeriesKind, string]> {
  const a = span.attributes;
  const out: Array<[SeriesKind, string]> = [];
  if (span.kind === 2 && typeof a['http.route'] === 'string') {
    out.push(['http', `${String(a['http.method'] ?? '')} ${a['http.route']}`.trim()]);
    const module = moduleForPath(a['http.route']);
    if (module) out.push(['module', module]);
  }
  const operation = a['gen_ai.operation.name'];
  if (operation === 'invoke_agent') out.push(['agent', String(a['gen_ai.agent.name'] ?? a['gen_ai.agent.id'] ?? 'unknown')]);
  if (operation === 'chat') out.push(['model', `${String(a['gen_ai.provider.name'] ?? '')}/${String(a['gen_ai.request.model'] ?? '')}`]);
  if (operation === 'execute_tool') out.push(['tool', String(a['gen_ai.tool.name'] ?? 'unknown')]);
  if (a['rpc.system'] === 'a2a-bus' && span.name.startsWith('bus.request ')) out.push(['bus', span.name.slice('bus.request '.length)]);
  return out;
}

function splitKey(key: string): [SeriesKind, string] {
  const at = key.indexOf('|');
  return [key.slice(0, at) as SeriesKind, key.slice(at + 1)];
}

function bucketOf(ms: number): number {
  let i = 0;
  while (i < BOUNDS.length && ms > BOUNDS[i]) i++;
  return i;
}

function merge(into: Cell, from: Cell): void {
  into.count += from.count;
  into.errors += from.errors;
  into.sumMs += from.sumMs;
  into.inputTokens += from.inputTokens;
  into.outputTokens += from.outputTokens;
  into.costUsd += from.costUsd;
  from.histogram.forEach((n, i) => (into.histogram[i] += n));
}

function percentile(cell: Cell, q: number): number {
  if (!cell.count) return 0;
  const rank = q * cell.count;
  let seen = 0;
  for (let i = 0; i < cell.histogram.length; i++) {
    seen += cell.histogram[i];
    if (seen >= rank) return Math.round((BOUNDS[Math.min(i, BOUNDS.length - 1)] ?? BOUNDS.at(-1)!) * 100) / 100;
  }
  return BOUNDS.at(-1)!;
}

function toPoint(t: number, cell: Cell): Point {
  return {
    t,
    count: cell.count,
    errors: cell.errors,
    errorRate: cell.count ? cell.errors / cell.count : 0,
    meanMs: cell.count ? cell.sumMs / cell.count : 0,
    p50Ms: percentile(cell, 0.5),
    p95Ms: percentile(cell, 0.95),
    p99Ms: percentile(cell, 0.99),
    inputTokens: cell.inputTokens,
    outputTokens: cell.outputTokens,
    costUsd: cell.costUsd,
  };
}
