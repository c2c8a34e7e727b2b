import { Pool, type PoolClient, types } from 'pg';
import type { ConnectionConfig, QueryOptions, QueryResult, SchemaTable, SqlDriver } from './sql-driver';

const TYPE_NAMES = new Map(Object.entries(types.builtins).map(([name, oid]) => [oid as number, name.toLowerCase()]));

/**
 * PostgreSQL: every query runs in its own transaction, READ ONLY unless the connection is writable, with
 * statement_timeout and lock_timeout set locally, so the server itself refuses writes and stops long work.
 */
export class PostgresDriver implements SqlDriver {
  readonly dialect = 'postgres' as const;
  private readonly pool: Pool;

  constructor(config: ConnectionConfig) {
    this.pool = new Pool({
      host: config.host,
      port: config.port,
      database: config.database,
      user: config.username,
      password: config.password,
      max: config.poolMax,
      idleTimeoutMillis: 60_000,
      connectionTimeoutMillis: 5_000,
    });
    this.pool.on('error', () => undefined); // an idle client's socket error must not crash the platform
  }

  async query(sql: string, params: unknown[], options: QueryOptions): Promise<QueryResult> {
    return this.inTransaction(options.readOnly, options.timeoutMs, async (client) => {
      if (!options.isSelect) {
        const res = await client.query({ text: sql, values: params, rowMode: 'array' });
        return { columns: this.columns(res.fields), rows: res.rows ?? [], truncated: false, affectedRows: res.rowCount ?? 0 };
      }
      await client.query({ text: `DECLARE platform_cursor NO SCROLL CURSOR FOR ${sql}`, values: params });
      const res = await client.query({ text: `FETCH ${options.maxRows + 1} FROM platform_cursor`, rowMode: 'array' });
      const truncated = res.rows.length > options.maxRows;
      return { columns: this.columns(res.fields), rows: truncated ? res.rows.slice(0, options.maxRows) : res.rows, truncated };
    });
  }

  async explain(sql: string, params: unknown[], timeoutMs: number): Promise<unknown> {
    return this.inTransaction(true, timeoutMs, async (client) => {
      const res = await client.query({ text: `EXPLAIN (FORMAT JSON) ${sql}`, values: params });
      return res.rows[0]['QUERY PLAN'];
    });
  }

  async introspect(): Promise<SchemaTable[]> {
    const client = await this.pool.connect();
    try {
      const columns = await client.query(`
        SELECT c.table_schema, c.table_name, c.column_name, c.data_type, c.is_nullable = 'YES' AS nullable
        FROM information_schema.columns c JOIN information_schema.tables t USING (table_schema, table_name)
        WHERE c.table_schema NOT IN ('pg_catalog', 'information_schema') AND t.table_type = 'BASE TABLE'
        ORDER BY c.table_schema, c.table_name, c.ordinal_position`);
      const keys = await client.query(`
        SELECT con.contype, ns.nspname::text AS schema, cl.relname::text AS table, con.conname,
               ARRAY(SELECT a.attname FROM unnest(con.conkey) WITH ORDINALITY k(n, i) JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.n ORDER BY k.i)::text[] AS columns,
               rcl.relname::text AS ref_table,
               ARRAY(SELECT a.attname FROM unnest(con.confkey) WITH ORDINALITY k(n, i) JOIN pg_attribute a ON a.attrelid = con.confrelid AND a.attnum = k.n ORDER BY k.i)::text[] AS ref_columns
        FROM pg_constraint con JOIN pg_class cl ON cl.oid = con.conrelid JOIN pg_namespace ns ON ns.oid = cl.relnamespace
        LEFT JOIN pg_class rcl ON rcl.oid = con.confrelid
        WHERE con.contype IN ('p', 'f') AND ns.nspname NOT IN ('pg_catalog', 'information_schema')`);
      const indexes = await client.query(`
        SELECT ns.nspname AS schema, t.relname AS table, i.relname AS name, ix.indisunique AS unique,
               ARRAY(SELECT a.attname FROM unnest(ix.indkey) WITH ORDINALITY k(n, o) JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.n ORDER BY k.o)::text[] AS columns
        FROM pg_index ix JOIN pg_class t ON t.oid = ix.indrelid JOIN pg_class i ON i.oid = ix.indexrelid JOIN pg_namespace ns ON ns.oid = t.relnamespace
        WHERE ns.nspname NOT IN ('pg_catalog', 'information_schema', 'pg_toast')`);
      const estimates = await client.query(`
        SELECT ns.nspname AS schema, c.relname AS table, GREATEST(c.reltuples, 0)::bigint AS rows
        FROM pg_class c JOIN pg_namespace ns ON ns.oid = c.relnamespace WHERE c.relkind = 'r'`);
      return assembleSchema(columns.rows, keys.rows, indexes.rows, estimates.rows);
    } finally {
      client.release();
    }
  }

  async ping(): Promise<void> {
    await this.pool.query('SELECT 1');
  }

  async close(): Promise<void> {
    await this.pool.end();
  }

  private async inTransaction<T>(readOnly: boolean, timeoutMs: number, fn: (client: PoolClient) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    let broken = false;
    try {
      // One round trip: a simple-protocol query may carry several statements.
      await client.query(
        `${readOnly ? 'BEGIN READ ONLY' : 'BEGIN'}; SET LOCAL statement_timeout = ${Math.floor(timeoutMs)}; SET LOCAL lock_timeout = ${Math.min(Math.floor(timeoutMs), 5_000)}`,
      );
      const result = await fn(client);
      await client.query(readOnly ? 'ROLLBACK' : 'COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => (broken = true));
      throw error;
    } finally {
      client.release(broken);
    }
  }

  private columns(fields: Array<{ name: string; dataTypeID: number }>) {
    return fields.map((f) => ({ name: f.name, type: TYPE_NAMES.get(f.dataTypeID) ?? String(f.dataTypeID) }));
  }
}

function assembleSchema(columns: any[], keys: any[], indexes: any[], estimates: any[]): SchemaTable[] {
  const tables = new Map<string, SchemaTable>();
  const id = (schema: string, table: string) => `${schema}.${table}`;
  for (const c of columns) {
    const key = id(c.table_schema, c.table_name);
    if (!tables.has(key))
      tables.set(key, { schema: c.table_schema, name: c.table_name, rowEstimate: null, columns: [], foreignKeys: [], indexes: [] });
    tables.get(key)!.columns.push({ name: c.column_name, type: c.data_type, nullable: c.nullable, primaryKey: false });
  }
  for (const k of keys) {
    const table = tables.get(id(k.schema, k.table));
    if (!table) continue;
    if (k.contype === 'p') for (const col of table.columns) col.primaryKey ||= k.columns.includes(col.name);
    else table.foreignKeys.push({ columns: k.columns, referencedTable: k.ref_table, referencedColumns: k.ref_columns });
  }
  for (const i of indexes) tables.get(id(i.schema, i.table))?.indexes.push({ name: i.name, columns: i.columns, unique: i.unique });
  for (const e of estimates) {
    const table = tables.get(id(e.schema, e.table));
    if (table) table.rowEstimate = Number(e.rows);
  }
  return [...tables.values()];
}
