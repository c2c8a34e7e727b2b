import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Brackets, In, type Repository, type SelectQueryBuilder } from 'typeorm';
import { SpanEntity } from 'src/modules/observability/entities/span.entity';

export interface SpanFilter {
  module?: string;
  operation?: string;
  agentId?: string;
  sessionId?: string;
  runId?: string;
  traceId?: string;
  name?: string;
  status?: 'unset' | 'ok' | 'error';
  minDurationMs?: number;
  maxDurationMs?: number;
  fromMs?: number;
  toMs?: number;
  /** key=value pairs every matching span's attributes hold. */
  attributes?: Array<[string, string]>;
}

const STATUS = { unset: 0, ok: 1, error: 2 } as const;
const INSERT_ROWS = 200;
const INSERT_COLUMNS = [
  'trace_id',
  'span_id',
  'parent_span_id',
  'name',
  'kind',
  'start_ms',
  'duration_ms',
  'status_code',
  'status_message',
  'service',
  'module',
  'operation',
  'agent_id',
  'session_id',
  'run_id',
  'attributes',
  'events',
  'resource',
];

function rowValues(row: SpanEntity): unknown[] {
  return [
    row.traceId,
    row.spanId,
    row.parentSpanId,
    row.name,
    row.kind,
    row.startMs,
    row.durationMs,
    row.statusCode,
    row.statusMessage,
    row.service,
    row.module,
    row.operation,
    row.agentId,
    row.sessionId,
    row.runId,
    JSON.stringify(row.attributes),
    JSON.stringify(row.events),
    JSON.stringify(row.resource),
  ];
}
/** Spans read per step while collecting a page of newest traces. */
const SCAN_CHUNK = 1_000;

/** The only class that touches obs_spans. */
@Injectable()
export class SpansRepository {
  constructor(@InjectRepository(SpanEntity) private readonly spans: Repository<SpanEntity>) {}

  /**
   * Inserts a batch in one transaction, as plain multi-row INSERTs (TypeORM's insert builder costs about 3x the
   * statement itself, bench:observability); a span already stored (the same ids arriving twice) is left as it is.
   */
  async insert(rows: SpanEntity[]): Promise<void> {
    const postgres = this.spans.manager.connection.options.type === 'postgres';
    await this.spans.manager.transaction(async (manager) => {
      for (let i = 0; i < rows.length; i += INSERT_ROWS) {
        const chunk = rows.slice(i, i + INSERT_ROWS);
        const params: unknown[] = [];
        const tuples = chunk.map((row) => {
          const values = rowValues(row);
          const marks = values.map((value) => (params.push(value), postgres ? `$${params.length}` : '?'));
          return `(${marks.join(', ')})`;
        });
        await manager.query(
          `INSERT INTO obs_spans (${INSERT_COLUMNS.join(', ')}) VALUES ${tuples.join(', ')} ON CONFLICT DO NOTHING`,
          params,
        );
      }
    });
  }

  /** Keeps the planner's statistics current (SQLite has no autovacuum to do it; PostgreSQL does it itself). */
  async optimize(): Promise<void> {
    if (this.spans.manager.connection.options.type !== 'postgres') await this.spans.manager.query('PRAGMA optimize');
  }

  /**
   * Ids of traces with at least one span matching the filter, the latest matching span first. Walks matching spans
   * newest first (an index range on start_ms) and keeps each trace the first time it appears, which is the order of
   * MAX(start_ms) per trace without grouping the whole table.
   */
  async traceIds(filter: SpanFilter, limit: number, offset: number): Promise<{ ids: string[]; hasMore: boolean }> {
    const wanted = offset + limit + 1;
    const seen = new Set<string>();
    for (let skip = 0; seen.size < wanted; skip += SCAN_CHUNK) {
      const rows = await this.filtered(filter)
        .select('s.trace_id', 'traceId')
        .orderBy('s.start_ms', 'DESC')
        .limit(SCAN_CHUNK)
        .offset(skip)
        .getRawMany<{ traceId: string }>();
      for (const row of rows) seen.add(row.traceId);
      if (rows.length < SCAN_CHUNK) break;
    }
    const ids = [...seen].slice(offset, offset + limit + 1);
    return { ids: ids.slice(0, limit), hasMore: ids.length > limit };
  }

  ofTraces(traceIds: string[]): Promise<SpanEntity[]> {
    if (!traceIds.length) return Promise.resolve([]);
    return this.spans.find({ where: { traceId: In(traceIds) }, order: { startMs: 'ASC' } });
  }

  search(filter: SpanFilter, limit: number, offset: number): Promise<SpanEntity[]> {
    return this.filtered(filter).orderBy('s.start_ms', 'DESC').limit(limit).offset(offset).getMany();
  }

  bySpanId(spanId: string): Promise<SpanEntity | null> {
    return this.spans.findOne({ where: { spanId } });
  }

  /** Spans of a kind of work in a window, for percentiles (route, module, agent, tool, SQL connection, workflow). */
  window(fromMs: number, toMs: number, limit: number): Promise<SpanEntity[]> {
    return this.spans
      .createQueryBuilder('s')
      .where('s.start_ms >= :fromMs AND s.start_ms < :toMs', { fromMs, toMs })
      .orderBy('s.start_ms', 'DESC')
      .limit(limit)
      .getMany();
  }

  async deleteOlderThan(ms: number): Promise<number> {
    const result = await this.spans.createQueryBuilder().delete().where('start_ms < :ms', { ms }).execute();
    return result.affected ?? 0;
  }

  /** Deletes the oldest spans beyond max. */
  async trimTo(max: number): Promise<number> {
    const cutoff = await this.spans
      .createQueryBuilder('s')
      .select('s.start_ms', 'startMs')
      .orderBy('s.start_ms', 'DESC')
      .offset(max)
      .limit(1)
      .getRawOne<{ startMs: number }>();
    if (!cutoff) return 0;
    return this.deleteOlderThan(Number(cutoff.startMs) + 1e-3);
  }

  count(): Promise<number> {
    return this.spans.count();
  }

  private filtered(filter: SpanFilter): SelectQueryBuilder<SpanEntity> {
    const q = this.spans.createQueryBuilder('s');
    const eq = {
      module: 'module',
      operation: 'operation',
      agentId: 'agent_id',
      sessionId: 'session_id',
      runId: 'run_id',
      traceId: 'trace_id',
    };
    for (const [key, column] of Object.entries(eq)) {
      const value = filter[key as keyof typeof eq];
      if (value !== undefined) q.andWhere(`s.${column} = :${key}`, { [key]: value });
    }
    if (filter.name) q.andWhere('LOWER(s.name) LIKE :name', { name: `%${filter.name.toLowerCase().replace(/[%_]/g, '')}%` });
    // A literal (from a fixed table), so the planner can use the partial index on errors.
    if (filter.status) q.andWhere(`s.status_code = ${STATUS[filter.status]}`);
    if (filter.minDurationMs !== undefined) q.andWhere('s.duration_ms >= :minD', { minD: filter.minDurationMs });
    if (filter.maxDurationMs !== undefined) q.andWhere('s.duration_ms <= :maxD', { maxD: filter.maxDurationMs });
    if (filter.fromMs !== undefined) q.andWhere('s.start_ms >= :fromMs', { fromMs: filter.fromMs });
    if (filter.toMs !== undefined) q.andWhere('s.start_ms < :toMs', { toMs: filter.toMs });
    (filter.attributes ?? []).forEach(([key, value], i) =>
      // Attributes are stored as JSON text: match the serialised pair, as a string or as a bare number/boolean.
      q.andWhere(
        new Brackets((w) =>
          w
            .where(`s.attributes LIKE :a${i}s`, { [`a${i}s`]: `%${JSON.stringify(key)}:${JSON.stringify(value)}%` })
            .orWhere(`s.attributes LIKE :a${i}n`, { [`a${i}n`]: `%${JSON.stringify(key)}:${value}%` }),
        ),
      ),
    );
    return q;
  }
}
