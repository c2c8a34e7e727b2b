import { BeforeApplicationShutdown, Inject, Injectable, Logger } from '@nestjs/common';
import type { Env } from '@libs/config';
import { ENV } from 'src/core/env.token';
import type { Principal } from 'src/core/auth/permissions';
import type { QueryResult } from './adapters/sql-driver';
import { ConnectionsService } from './connections.service';
import { normalizeSql, sqlFingerprint } from './sql-fingerprint.util';
import { validateSql, type SqlDialect } from './sql-validator';
import { SqlToolError, SqlToolErrorCode } from './sqltool.errors';
import type { QueryHistoryEntity } from './query-history.entity';
import { SqlToolRepository } from './sqltool.repository';

export interface ExecuteInput {
  connectionId: string;
  sql: string;
  params?: Array<string | number | boolean | null>;
  maxRows?: number;
  timeoutMs?: number;
}

const MAX_SAMPLES = 200;
// Server-side cancellation errors: PostgreSQL query_canceled, MariaDB max_statement_time, MySQL max_execution_time.
const TIMEOUT_CODES = new Set([
  '57014',
  'ER_STATEMENT_TIMEOUT',
  'ER_QUERY_TIMEOUT',
  'PROTOCOL_SEQUENCE_TIMEOUT',
  'STATEMENT_TIMEOUT',
  'ETIMEOUT',
]);
const TIMEOUT_ERRNOS = new Set([1969, 3024]);

/** Validate, run with the database's own read-only and timeout enforcement, record history and performance. */
type QueuedHistory = Omit<QueryHistoryEntity, 'id' | 'createdAt'> & { sqlText: string };

@Injectable()
export class SqlExecutionService implements BeforeApplicationShutdown {
  private readonly logger = new Logger(SqlExecutionService.name);
  /** History rows wait here and are written in batches: a write per query would cost more than the query. */
  private queue: QueuedHistory[] = [];
  private timer?: NodeJS.Timeout;
  private flushing: Promise<void> = Promise.resolve();

  constructor(
    @Inject(ENV) private readonly env: Env,
    private readonly connections: ConnectionsService,
    private readonly repository: SqlToolRepository,
  ) {}

  async execute(input: ExecuteInput, principal?: Principal): Promise<QueryResult & { rowCount: number; durationMs: number }> {
    const connection = await this.connections.get(input.connectionId);
    const validation = validateSql(input.sql, connection.dialect as SqlDialect, { allowWrite: connection.writable });
    const started = performance.now();
    const record = (outcome: string, rowCount: number, errorCode?: string) =>
      this.record(input.connectionId, input.sql, principal, performance.now() - started, rowCount, outcome, errorCode);
    if (!validation.valid) {
      await record('rejected', 0, SqlToolErrorCode.SQL_REJECTED);
      throw new SqlToolError(SqlToolErrorCode.SQL_REJECTED, validation.findings.map((f) => f.message).join('; '), {
        findings: validation.findings,
      });
    }
    const driver = await this.connections.driver(input.connectionId);
    try {
      const result = await driver.query(input.sql, input.params ?? [], {
        maxRows: Math.min(input.maxRows ?? this.env.SQL_MAX_ROWS, this.env.SQL_MAX_ROWS),
        timeoutMs: Math.min(input.timeoutMs ?? this.env.SQL_STATEMENT_TIMEOUT_MS, this.env.SQL_STATEMENT_TIMEOUT_MS),
        readOnly: !connection.writable,
        isSelect: validation.statementType === 'select',
      });
      const durationMs = Math.round((performance.now() - started) * 100) / 100;
      await record('ok', result.rows.length);
      return { ...result, rowCount: result.rows.length, durationMs };
    } catch (error) {
      const timedOut = isTimeout(error);
      await record(timedOut ? 'timeout' : 'error', 0, timedOut ? SqlToolErrorCode.STATEMENT_TIMEOUT : SqlToolErrorCode.SQL_FAILED);
      if (timedOut)
        throw new SqlToolError(SqlToolErrorCode.STATEMENT_TIMEOUT, 'The statement ran past its timeout and was cancelled by the database');
      throw new SqlToolError(SqlToolErrorCode.SQL_FAILED, `The database refused the statement: ${(error as Error).message}`);
    }
  }

  /** Writes queued history and performance figures; the read endpoints call it first, so they see every query. */
  flush(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    const batch = this.queue;
    this.queue = [];
    if (batch.length) {
      this.flushing = this.flushing
        .then(() => this.write(batch))
        .catch((error) => this.logger.warn(`could not record SQL history: ${String(error)}`));
    }
    return this.flushing;
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.flush();
  }

  private async record(
    connectionId: string,
    sql: string,
    principal: Principal | undefined,
    durationMs: number,
    rowCount: number,
    outcome: string,
    errorCode?: string,
  ): Promise<void> {
    this.queue.push({
      connectionId,
      principalId: principal?.id ?? null,
      principalName: principal?.name ?? null,
      sql: sql.slice(0, 20_000),
      sqlText: sql,
      fingerprint: sqlFingerprint(connectionId, sql),
      durationMs,
      rowCount,
      outcome,
      errorCode: errorCode ?? null,
    });
    if (this.queue.length >= 500) void this.flush();
    else this.timer ??= setTimeout(() => void this.flush(), 200);
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

function isTimeout(error: unknown): boolean {
  const e = error as { code?: string; errno?: number; message?: string };
  return (
    TIMEOUT_CODES.has(e.code ?? '') ||
    TIMEOUT_ERRNOS.has(e.errno ?? 0) ||
    /statement timeout|max_statement_time|maximum statement execution time/i.test(e.message ?? '')
  );
}
