import { Inject, Injectable } from '@nestjs/common';
import type { Env } from '@libs/config';
import { ENV } from 'src/core/env.token';
import type { Principal } from 'src/core/auth/permissions';
import type { QueryResult } from './adapters/sql-driver';
import { ConnectionsService } from './connections.service';
import { SqlHistoryService } from './sql-history.service';
import { validateSql, type SqlDialect } from './sql-validator';
import { SqlToolError, SqlToolErrorCode } from './sqltool.errors';

export interface ExecuteInput {
  connectionId: string;
  sql: string;
  params?: Array<string | number | boolean | null>;
  maxRows?: number;
  timeoutMs?: number;
}

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
@Injectable()
export class SqlExecutionService {
  constructor(
    @Inject(ENV) private readonly env: Env,
    private readonly connections: ConnectionsService,
    private readonly history: SqlHistoryService,
  ) {}

  async execute(input: ExecuteInput, principal?: Principal): Promise<QueryResult & { rowCount: number; durationMs: number }> {
    const connection = await this.connections.get(input.connectionId);
    const validation = validateSql(input.sql, connection.dialect as SqlDialect, { allowWrite: connection.writable });
    const started = performance.now();
    const record = (outcome: string, rowCount: number, errorCode?: string) =>
      this.history.record({ ...input, principal, durationMs: performance.now() - started, rowCount, outcome, errorCode });
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
}

function isTimeout(error: unknown): boolean {
  const e = error as { code?: string; errno?: number; message?: string };
  return (
    TIMEOUT_CODES.has(e.code ?? '') ||
    TIMEOUT_ERRNOS.has(e.errno ?? 0) ||
    /statement timeout|max_statement_time|maximum statement execution time/i.test(e.message ?? '')
  );
}
