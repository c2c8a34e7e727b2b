import { BeforeApplicationShutdown, Injectable, Logger } from '@nestjs/common';
import { BatchingWriter } from '@libs/batching';
import type { Principal } from 'src/core/auth/permissions';
import type { QueryHistoryEntity } from './query-history.entity';
import type { QueryPerformanceEntity } from './query-performance.entity';
import { normalizeSql, sqlFingerprint } from './sql-fingerprint.util';
import { SqlToolRepository } from './sqltool.repository';

const MAX_SAMPLES = 200;

type QueuedHistory = Omit<QueryHistoryEntity, 'id' | 'createdAt'> & { sqlText: string };

export interface QueryRecord {
  connectionId: string;
  sql: string;
  principal?: Principal;
  durationMs: number;
  rowCount: number;
  outcome: string;
  errorCode?: string;
}

/**
 * Query history and per-fingerprint latency figures. Rows are written behind the request (a write per query would
 * cost more than the query); every read flushes first, so it sees every query that has answered.
 */
@Injectable()
export class SqlHistoryService implements BeforeApplicationShutdown {
  private readonly logger = new Logger(SqlHistoryService.name);
  private readonly writer = new BatchingWriter<QueuedHistory>({
    name: 'sql-history',
    write: (batch) => this.write(batch),
    onError: (error, n) => this.logger.warn(`could not record ${n} SQL history row(s): ${String(error)}`),
  });

  constructor(private readonly repository: SqlToolRepository) {}

  record(entry: QueryRecord): Promise<void> {
    return this.writer.add({
      connectionId: entry.connectionId,
      principalId: entry.principal?.id ?? null,
      principalName: entry.principal?.name ?? null,
      sql: entry.sql.slice(0, 20_000),
      sqlText: entry.sql,
      fingerprint: sqlFingerprint(entry.connectionId, entry.sql),
      durationMs: entry.durationMs,
      rowCount: entry.rowCount,
      outcome: entry.outcome,
      errorCode: entry.errorCode ?? null,
    });
  }

  async list(filter: { connectionId?: string; outcome?: string; limit: number; offset: number }): Promise<[QueryHistoryEntity[], number]> {
    await this.writer.flush();
    return this.repository.listHistory(filter);
  }

  async performance(connectionId?: string): Promise<QueryPerformanceEntity[]> {
    await this.writer.flush();
    return this.repository.listPerformance(connectionId);
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.writer.close();
  }

  private async write(batch: QueuedHistory[]): Promise<void> {
    await this.repository.insertHistoryBatch(batch.map(({ sqlText: _sqlText, ...row }) => row));
    const byFingerprint = new Map<string, { connectionId: string; sql: string; durations: number[] }>();
    for (const row of batch.filter((r) => r.outcome === 'ok')) {
      const entry = byFingerprint.get(row.fingerprint) ?? { connectionId: row.connectionId, sql: row.sqlText, durations: [] };
      entry.durations.push(row.durationMs);
      byFingerprint.set(row.fingerprint, entry);
    }
    for (const [fingerprint, entry] of byFingerprint)
      await this.updatePerformance(entry.connectionId, entry.sql, fingerprint, entry.durations);
  }

  private async updatePerformance(connectionId: string, sql: string, fingerprint: string, durations: number[]): Promise<void> {
    const existing = await this.repository.findPerformance(fingerprint);
    const samples = [...(existing ? (JSON.parse(existing.samples) as number[]) : []), ...durations].slice(-MAX_SAMPLES);
    const sorted = [...samples].sort((a, b) => a - b);
    const pick = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
    await this.repository.savePerformance({
      fingerprint,
      connectionId,
      normalizedSql: normalizeSql(sql).slice(0, 20_000),
      count: (existing?.count ?? 0) + durations.length,
      p50Ms: pick(0.5),
      p95Ms: pick(0.95),
      samples: JSON.stringify(samples),
      lastSeenAt: String(Date.now()),
    });
  }
}
