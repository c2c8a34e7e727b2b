import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Between, In, type Repository } from 'typeorm';
import { A2aMessageEntity } from '@libs/bus';
import type {
  A2aFlowDto,
  A2aTraceQueryDto,
  SpanDto,
  SpanNodeDto,
  SpanQueryDto,
  TraceDto,
  TraceSummaryDto,
} from 'src/modules/observability/dto/traces.dto';
import { ObservabilityError, ObservabilityErrorCode as Code } from 'src/modules/observability/observability.errors';
import type { SpanEntity } from 'src/modules/observability/entities/span.entity';
import { SpanStore } from 'src/modules/observability/traces/span-store.service';
import { SpansRepository, type SpanFilter } from 'src/modules/observability/traces/spans.repository';

const STATUS_NAMES = ['unset', 'ok', 'error'];
const ATTRIBUTE_LOOKBACK_MS = 86_400_000;

/** Reading the span store: trace search, one trace as a tree, span search, and the A2A message flow. */
@Injectable()
export class TracesService {
  constructor(
    private readonly spans: SpansRepository,
    private readonly store: SpanStore,
    @InjectRepository(A2aMessageEntity) private readonly messages: Repository<A2aMessageEntity>,
  ) {}

  async list(query: SpanQueryDto): Promise<{ items: TraceSummaryDto[]; limit: number; offset: number; hasMore: boolean }> {
    const { ids, hasMore } = await this.spans.traceIds(filterOf(query), query.limit, query.offset);
    const byTrace = groupByTrace(await this.spans.ofTraces(ids));
    return { items: ids.map((id) => summarise(id, byTrace.get(id) ?? [])), limit: query.limit, offset: query.offset, hasMore };
  }

  async get(traceId: string): Promise<TraceDto> {
    const spans = await this.spans.ofTraces([traceId]);
    if (!spans.length) throw new ObservabilityError(Code.TRACE_NOT_FOUND, `No spans stored for trace ${traceId}`);
    return { ...summarise(traceId, spans), roots: tree(spans) };
  }

  async search(query: SpanQueryDto): Promise<{ items: SpanDto[]; limit: number; offset: number }> {
    const rows = await this.spans.search(filterOf(query), query.limit, query.offset);
    return { items: rows.map(toDto), limit: query.limit, offset: query.offset };
  }

  async span(spanId: string): Promise<SpanDto> {
    const span = await this.spans.bySpanId(spanId);
    if (!span) throw new ObservabilityError(Code.SPAN_NOT_FOUND, `No span ${spanId}`);
    return toDto(span);
  }

  /**
   * The A2A message flow: bus messages between modules (the bus's message log) and agent invocations (invoke_agent
   * spans: who called which agent), for one trace, one session / A2A context, or a time window.
   */
  async a2aFlow(query: A2aTraceQueryDto): Promise<A2aFlowDto> {
    const toMs = query.to ?? Date.now();
    const fromMs = query.from ?? toMs - 3_600_000;
    if (fromMs > toMs) throw new ObservabilityError(Code.VALIDATION_FAILED, 'from must not be after to');
    await this.store.flush();
    let traceIds: string[] | undefined;
    if (query.traceId) traceIds = [query.traceId];
    else if (query.sessionId)
      traceIds = [...new Set((await this.spans.search({ sessionId: query.sessionId }, 1_000, 0)).map((s) => s.traceId))];
    const spanFilter: SpanFilter = traceIds ? {} : { fromMs, toMs };
    const agentSpans = traceIds
      ? (await this.spans.ofTraces(traceIds)).filter((s) => s.operation === 'invoke_agent')
      : await this.spans.search({ ...spanFilter, operation: 'invoke_agent' }, query.limit, 0);
    const bus = traceIds
      ? traceIds.length
        ? await this.messages.find({ where: { traceId: In(traceIds) }, order: { createdAt: 'ASC' }, take: query.limit })
        : []
      : await this.messages.find({
          where: { createdAt: Between(new Date(fromMs), new Date(toMs)) },
          order: { createdAt: 'DESC' },
          take: query.limit,
        });
    const flow = [
      ...bus.map((m) => ({
        at: m.createdAt.toISOString(),
        kind: m.kind === 'event' ? 'bus-event' : 'bus-request',
        method: m.method,
        source: m.source,
        target: m.target,
        status: m.status,
        durationMs: m.durationMs,
        traceId: m.traceId,
        spanId: null,
      })),
      ...agentSpans.map((s) => ({
        at: new Date(s.startMs).toISOString(),
        kind: 'a2a',
        method: String(s.attributes['a2a.method'] ?? 'SendMessage'),
        source: String(s.attributes['a2a.caller'] ?? s.attributes['enduser.id'] ?? 'client'),
        target: `agent:${String(s.attributes['gen_ai.agent.name'] ?? s.agentId)}`,
        status: s.statusCode === 2 ? 'error' : 'ok',
        durationMs: s.durationMs,
        traceId: s.traceId,
        spanId: s.spanId,
      })),
    ].sort((a, b) => a.at.localeCompare(b.at));
    const edges = new Map<string, { source: string; target: string; count: number; errors: number }>();
    for (const m of flow) {
      const key = `${m.source}->${m.target}`;
      const edge = edges.get(key) ?? { source: m.source, target: m.target, count: 0, errors: 0 };
      edge.count++;
      if (m.status !== 'ok') edge.errors++;
      edges.set(key, edge);
    }
    return {
      messages: flow.slice(-query.limit),
      edges: [...edges.values()],
      traceIds: [...new Set(flow.map((m) => m.traceId).filter((id): id is string => !!id))],
    };
  }
}

export function filterOf(query: SpanQueryDto): SpanFilter {
  if (query.from !== undefined && query.to !== undefined && query.from > query.to)
    throw new ObservabilityError(Code.VALIDATION_FAILED, 'from must not be after to');
  if (query.minDurationMs !== undefined && query.maxDurationMs !== undefined && query.minDurationMs > query.maxDurationMs)
    throw new ObservabilityError(Code.VALIDATION_FAILED, 'minDurationMs must not exceed maxDurationMs');
  return {
    module: query.module,
    operation: query.operation,
    agentId: query.agentId,
    sessionId: query.sessionId,
    runId: query.runId,
    traceId: query.traceId,
    name: query.name,
    status: query.status,
    minDurationMs: query.minDurationMs,
    maxDurationMs: query.maxDurationMs,
    // Attribute filters read the JSON of every span in range (no index serves them): without a start, the last day.
    fromMs: query.from ?? (query.attr?.length ? (query.to ?? Date.now()) - ATTRIBUTE_LOOKBACK_MS : undefined),
    toMs: query.to,
    attributes: query.attr?.map((pair) => {
      const at = pair.indexOf('=');
      return [pair.slice(0, at), pair.slice(at + 1)] as [string, string];
    }),
  };
}

function groupByTrace(spans: SpanEntity[]): Map<string, SpanEntity[]> {
  const groups = new Map<string, SpanEntity[]>();
  for (const span of spans) groups.set(span.traceId, [...(groups.get(span.traceId) ?? []), span]);
  return groups;
}

export function summarise(traceId: string, spans: SpanEntity[]): TraceSummaryDto {
  const ids = new Set(spans.map((s) => s.spanId));
  const root = spans.find((s) => !s.parentSpanId || !ids.has(s.parentSpanId)) ?? spans[0];
  const start = Math.min(...spans.map((s) => s.startMs));
  const end = Math.max(...spans.map((s) => s.startMs + s.durationMs));
  const sum = (key: string) => spans.reduce((total, s) => total + (Number(s.attributes[key]) || 0), 0);
  const distinct = (values: Array<string | null>) => [...new Set(values.filter((v): v is string => !!v))].sort();
  return {
    traceId,
    rootName: root?.name ?? '',
    startMs: start,
    durationMs: end - start,
    spanCount: spans.length,
    errorCount: spans.filter((s) => s.statusCode === 2).length,
    services: distinct(spans.map((s) => s.service)),
    modules: distinct(spans.map((s) => s.module)),
    agentIds: distinct(spans.map((s) => s.agentId)),
    // Model spans carry the usage; agent spans repeat the run's totals, so count only chat spans.
    inputTokens: spans
      .filter((s) => s.operation === 'chat')
      .reduce((t, s) => t + (Number(s.attributes['gen_ai.usage.input_tokens']) || 0), 0),
    outputTokens: spans
      .filter((s) => s.operation === 'chat')
      .reduce((t, s) => t + (Number(s.attributes['gen_ai.usage.output_tokens']) || 0), 0),
    costUsd: spans.some((s) => s.operation === 'chat')
      ? spans.filter((s) => s.operation === 'chat').reduce((t, s) => t + (Number(s.attributes['gen_ai.usage.cost']) || 0), 0)
      : sum('gen_ai.usage.cost'),
  };
}

function tree(spans: SpanEntity[]): SpanNodeDto[] {
  const nodes = new Map(spans.map((s) => [s.spanId, { ...toDto(s), children: [] as SpanNodeDto[] }]));
  const roots: SpanNodeDto[] = [];
  for (const node of nodes.values()) {
    const parent = node.parentSpanId ? nodes.get(node.parentSpanId) : undefined;
    if (parent) parent.children.push(node);
    else roots.push(node);
  }
  const byStart = (a: SpanNodeDto, b: SpanNodeDto) => a.startMs - b.startMs;
  const sort = (list: SpanNodeDto[]) => {
    list.sort(byStart);
    for (const node of list) sort(node.children);
  };
  sort(roots);
  return roots;
}

export function toDto(span: SpanEntity): SpanDto {
  return {
    traceId: span.traceId,
    spanId: span.spanId,
    parentSpanId: span.parentSpanId,
    name: span.name,
    kind: span.kind,
    startMs: span.startMs,
    durationMs: span.durationMs,
    status: STATUS_NAMES[span.statusCode] ?? 'unset',
    statusMessage: span.statusMessage,
    service: span.service,
    module: span.module,
    operation: span.operation,
    agentId: span.agentId,
    sessionId: span.sessionId,
    runId: span.runId,
    attributes: span.attributes,
    events: span.events,
    resource: span.resource,
  };
}
