import sql from 'mssql';
import type { ConnectionConfig, QueryOptions, QueryResult, SchemaTable, SqlDriver } from './sql-driver';

/** The statements the SQL Server adapter sends around a user query; exported so unit tests can check them. */
export const MSSQL_STATEMENTS = {
  readOnlyPrefix: 'SET TRANSACTION ISOLATION LEVEL READ COMMITTED; SET XACT_ABORT ON;',
  showPlanOn: 'SET SHOWPLAN_XML ON',
  showPlanOff: 'SET SHOWPLAN_XML OFF',
  capped: (query: string, maxRows: number) => `SELECT TOP (${maxRows + 1}) * FROM (${query}) AS platform_capped`,
  columns: `SELECT TABLE_SCHEMA AS s, TABLE_NAME AS t, COLUMN_NAME AS name, DATA_TYPE AS type, IS_NULLABLE AS nullable
            FROM INFORMATION_SCHEMA.COLUMNS ORDER BY TABLE_SCHEMA, TABLE_NAME, ORDINAL_POSITION`,
};

/**
 * SQL Server through the `mssql` package. Untested against a live server (none runs here): validation,
 * statement forms and EXPLAIN form are unit-tested. Read-only is enforced by the transaction being rolled
 * back and, as for every dialect, by a login the user should grant only read access.
 */
export class MssqlDriver implements SqlDriver {
  readonly dialect = 'mssql' as const;
  private readonly pool: sql.ConnectionPool;
  private readonly connecting: Promise<sql.ConnectionPool>;

  constructor(config: ConnectionConfig) {
    this.pool = new sql.ConnectionPool({
      server: config.host ?? 'localhost',
      port: config.port,
      database: config.database,
      user: config.username,
      password: config.password,
      pool: { max: config.poolMax, idleTimeoutMillis: 60_000 },
      options: { encrypt: true, trustServerCertificate: true },
    });
    this.connecting = this.pool.connect();
    this.connecting.catch(() => undefined);
  }

  async query(text: string, params: unknown[], options: QueryOptions): Promise<QueryResult> {
    await this.connecting;
    const transaction = new sql.Transaction(this.pool);
    await transaction.begin();
    try {
      const request = new sql.Request(transaction);
      (request as unknown as { timeout: number }).timeout = options.timeoutMs;
      params.forEach((value, i) => request.input(`p${i + 1}`, value));
      const result = await request.query(options.isSelect ? MSSQL_STATEMENTS.capped(text, options.maxRows) : text);
      const rows = (result.recordset ?? []).map((row: Record<string, unknown>) => Object.values(row));
      const columns = Object.entries(result.recordset?.columns ?? {}).map(([name, c]) => ({
        name,
        type: String((c as { type?: { name?: string } }).type?.name ?? 'unknown'),
      }));
      await (options.readOnly ? transaction.rollback() : transaction.commit());
      const truncated = rows.length > options.maxRows;
      return { columns, rows: truncated ? rows.slice(0, options.maxRows) : rows, truncated, affectedRows: result.rowsAffected?.[0] };
    } catch (error) {
      await transaction.rollback().catch(() => undefined);
      throw error;
    }
  }

  async explain(text: string): Promise<unknown> {
    await this.connecting;
    const request = this.pool.request();
    await request.batch(MSSQL_STATEMENTS.showPlanOn);
    try {
      return (await request.batch(text)).recordset;
    } finally {
      await request.batch(MSSQL_STATEMENTS.showPlanOff);
    }
  }

  async introspect(): Promise<SchemaTable[]> {
    await this.connecting;
    const result = await this.pool.request().query(MSSQL_STATEMENTS.columns);
    const tables = new Map<string, SchemaTable>();
    for (const c of result.recordset as Array<{ s: string; t: string; name: string; type: string; nullable: string }>) {
      const key = `${c.s}.${c.t}`;
      if (!tables.has(key)) tables.set(key, { schema: c.s, name: c.t, rowEstimate: null, columns: [], foreignKeys: [], indexes: [] });
      tables.get(key)!.columns.push({ name: c.name, type: c.type, nullable: c.nullable === 'YES', primaryKey: false });
    }
    return [...tables.values()];
  }

  async ping(): Promise<void> {
    await this.connecting;
    await this.pool.request().query('SELECT 1');
  }

  async close(): Promise<void> {
    await this.pool.close();
  }
}
