import { createPool, type Pool, type PoolConnection, Types } from 'mysql2/promise';
import type { SqlDialect } from 'src/modules/sqltool/sql-validator';
import type { ConnectionConfig, QueryOptions, QueryResult, SchemaTable, SqlDriver } from './sql-driver';

const TYPE_NAMES = new Map(Object.entries(Types).map(([name, id]) => [id as number, name.toLowerCase()]));

/**
 * MySQL and MariaDB: each query runs in a READ ONLY transaction (unless writable) with the server's own
 * statement time limit (MariaDB max_statement_time, MySQL max_execution_time) and a client-side timeout.
 */
export class MysqlDriver implements SqlDriver {
  private readonly pool: Pool;

  constructor(
    readonly dialect: Extract<SqlDialect, 'mysql' | 'mariadb'>,
    config: ConnectionConfig,
  ) {
    this.pool = createPool({
      host: config.host,
      port: config.port,
      database: config.database,
      user: config.username,
      password: config.password,
      connectionLimit: config.poolMax,
      maxIdle: 1,
      idleTimeout: 60_000,
      connectTimeout: 5_000,
      multipleStatements: false,
      dateStrings: true,
      supportBigNumbers: true,
      bigNumberStrings: true,
    });
  }

  async query(sql: string, params: unknown[], options: QueryOptions): Promise<QueryResult> {
    return this.inTransaction(options.readOnly, options.timeoutMs, async (connection) => {
      if (!options.isSelect) {
        const [result] = await connection.query({ sql, values: params, timeout: options.timeoutMs });
        return { columns: [], rows: [], truncated: false, affectedRows: (result as { affectedRows?: number }).affectedRows ?? 0 };
      }
      // A derived table caps the rows on the server; a select with duplicate column names cannot be wrapped.
      const capped = `SELECT * FROM (${sql}) AS platform_capped LIMIT ${options.maxRows + 1}`;
      const run = (text: string) => connection.query({ sql: text, values: params, rowsAsArray: true, timeout: options.timeoutMs });
      const [rows, fields] = await run(capped).catch((error: { errno?: number }) =>
        error.errno === 1060 ? run(sql) : Promise.reject(error),
      );
      const list = rows as unknown[][];
      const truncated = list.length > options.maxRows;
      return {
        columns: (fields ?? []).map((f) => ({ name: f.name, type: TYPE_NAMES.get(f.type ?? -1) ?? String(f.type) })),
        rows: truncated ? list.slice(0, options.maxRows) : list,
        truncated,
      };
    });
  }

  async explain(sql: string, params: unknown[], timeoutMs: number): Promise<unknown> {
    return this.inTransaction(true, timeoutMs, async (connection) => {
      const [rows] = await connection.query({ sql: `EXPLAIN FORMAT=JSON ${sql}`, values: params, timeout: timeoutMs });
      return JSON.parse((rows as Array<{ EXPLAIN: string }>)[0].EXPLAIN);
    });
  }

  async introspect(): Promise<SchemaTable[]> {
    const [columns] = await this.pool.query(`
      SELECT c.TABLE_SCHEMA AS s, c.TABLE_NAME AS t, c.COLUMN_NAME AS name, c.DATA_TYPE AS type, c.IS_NULLABLE = 'YES' AS nullable, c.COLUMN_KEY = 'PRI' AS pk
      FROM information_schema.COLUMNS c JOIN information_schema.TABLES tb ON tb.TABLE_SCHEMA = c.TABLE_SCHEMA AND tb.TABLE_NAME = c.TABLE_NAME
      WHERE c.TABLE_SCHEMA = DATABASE() AND tb.TABLE_TYPE = 'BASE TABLE' ORDER BY c.TABLE_NAME, c.ORDINAL_POSITION`);
    const [fks] = await this.pool.query(`
      SELECT TABLE_NAME AS t, CONSTRAINT_NAME AS name, COLUMN_NAME AS col, REFERENCED_TABLE_NAME AS rt, REFERENCED_COLUMN_NAME AS rc
      FROM information_schema.KEY_COLUMN_USAGE WHERE TABLE_SCHEMA = DATABASE() AND REFERENCED_TABLE_NAME IS NOT NULL ORDER BY ORDINAL_POSITION`);
    const [indexes] = await this.pool.query(`
      SELECT TABLE_NAME AS t, INDEX_NAME AS name, COLUMN_NAME AS col, NON_UNIQUE = 0 AS uniq
      FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = DATABASE() ORDER BY TABLE_NAME, INDEX_NAME, SEQ_IN_INDEX`);
    const [estimates] = await this.pool.query(
      `SELECT TABLE_NAME AS t, TABLE_ROWS AS n FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE()`,
    );
    const tables = new Map<string, SchemaTable>();
    for (const c of columns as any[]) {
      if (!tables.has(c.t)) tables.set(c.t, { schema: c.s, name: c.t, rowEstimate: null, columns: [], foreignKeys: [], indexes: [] });
      tables.get(c.t)!.columns.push({ name: c.name, type: c.type, nullable: Boolean(c.nullable), primaryKey: Boolean(c.pk) });
    }
    const group = <T>(
      rows: any[],
      key: (r: any) => string,
      make: (r: any) => T,
      add: (item: T, r: any) => void,
      target: (t: SchemaTable) => T[],
    ) => {
      const seen = new Map<string, T>();
      for (const r of rows) {
        const table = tables.get(r.t);
        if (!table) continue;
        let item = seen.get(`${r.t}/${key(r)}`);
        if (!item) {
          item = make(r);
          seen.set(`${r.t}/${key(r)}`, item);
          target(table).push(item);
        }
        add(item, r);
      }
    };
    group(
      fks as any[],
      (r) => r.name,
      (r) => ({ columns: [] as string[], referencedTable: r.rt, referencedColumns: [] as string[] }),
      (i, r) => (i.columns.push(r.col), i.referencedColumns.push(r.rc)),
      (t) => t.foreignKeys,
    );
    group(
      indexes as any[],
      (r) => r.name,
      (r) => ({ name: r.name, columns: [] as string[], unique: Boolean(r.uniq) }),
      (i, r) => void i.columns.push(r.col),
      (t) => t.indexes,
    );
    for (const e of estimates as any[]) if (tables.has(e.t)) tables.get(e.t)!.rowEstimate = e.n === null ? null : Number(e.n);
    return [...tables.values()];
  }

  async ping(): Promise<void> {
    await this.pool.query('SELECT 1');
  }

  async close(): Promise<void> {
    await this.pool.end();
  }

  private async inTransaction<T>(readOnly: boolean, timeoutMs: number, fn: (connection: PoolConnection) => Promise<T>): Promise<T> {
    const connection = await this.pool.getConnection();
    let broken = false;
    try {
      const limit =
        this.dialect === 'mariadb'
          ? `SET SESSION max_statement_time = ${timeoutMs / 1000}`
          : `SET SESSION max_execution_time = ${Math.floor(timeoutMs)}`;
      await connection.query(limit);
      await connection.query(readOnly ? 'START TRANSACTION READ ONLY' : 'START TRANSACTION');
      const result = await fn(connection);
      await connection.query(readOnly ? 'ROLLBACK' : 'COMMIT');
      return result;
    } catch (error) {
      await connection.query('ROLLBACK').catch(() => (broken = true));
      throw error;
    } finally {
      if (broken) connection.destroy();
      else connection.release();
    }
  }
}
