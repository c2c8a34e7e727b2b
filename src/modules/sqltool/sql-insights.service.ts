import { Inject, Injectable } from '@nestjs/common';
import type { Env } from '@libs/config';
import { ENV } from 'src/core/env.token';
import type { SchemaTable } from './adapters/sql-driver';
import { ConnectionsService } from './connections.service';
import { adviseOnQuery, type Suggestion } from './sql-advice';
import { validateSql, type SqlDialect } from './sql-validator';
import { SqlToolError, SqlToolErrorCode } from './sqltool.errors';
import { SqlToolRepository } from './sqltool.repository';

/** Schema introspection (cached in schema_cache) and EXPLAIN-based advice. */
@Injectable()
export class SqlInsightsService {
  constructor(
    @Inject(ENV) private readonly env: Env,
    private readonly connections: ConnectionsService,
    private readonly repository: SqlToolRepository,
  ) {}

  async schema(connectionId: string, refresh = false): Promise<{ tables: SchemaTable[]; refreshedAt: string; cached: boolean }> {
    await this.connections.get(connectionId);
    const cached = refresh ? null : await this.repository.findSchema(connectionId);
    if (cached)
      return {
        tables: JSON.parse(cached.schema) as SchemaTable[],
        refreshedAt: new Date(Number(cached.refreshedAt)).toISOString(),
        cached: true,
      };
    const driver = await this.connections.driver(connectionId);
    let tables: SchemaTable[];
    try {
      tables = await driver.introspect();
    } catch (error) {
      throw new SqlToolError(SqlToolErrorCode.CONNECTION_FAILED, `Could not read the schema: ${(error as Error).message}`);
    }
    await this.repository.saveSchema(connectionId, JSON.stringify(tables));
    return { tables, refreshedAt: new Date().toISOString(), cached: false };
  }

  /** EXPLAIN without ANALYZE (the statement is planned, never run), in a read-only transaction. */
  async optimize(connectionId: string, sql: string): Promise<{ suggestions: Suggestion[]; plan: unknown }> {
    const connection = await this.connections.get(connectionId);
    const dialect = connection.dialect as SqlDialect;
    const validation = validateSql(sql, dialect, { allowWrite: false });
    if (!validation.valid) {
      throw new SqlToolError(SqlToolErrorCode.SQL_REJECTED, validation.findings.map((f) => f.message).join('; '), {
        findings: validation.findings,
      });
    }
    const driver = await this.connections.driver(connectionId);
    let plan: unknown;
    try {
      plan = await driver.explain(sql, [], this.env.SQL_STATEMENT_TIMEOUT_MS);
    } catch (error) {
      throw new SqlToolError(SqlToolErrorCode.SQL_FAILED, `EXPLAIN failed: ${(error as Error).message}`);
    }
    const { tables } = await this.schema(connectionId);
    return { suggestions: adviseOnQuery(sql, dialect, plan, tables), plan };
  }
}
