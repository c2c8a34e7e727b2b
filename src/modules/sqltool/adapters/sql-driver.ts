import type { SqlDialect } from 'src/modules/sqltool/sql-validator';

export interface ColumnInfo {
  name: string;
  type: string;
}

export interface QueryResult {
  columns: ColumnInfo[];
  /** Rows as arrays aligned with columns (two columns may share a name). */
  rows: unknown[][];
  truncated: boolean;
  /** Rows changed by a write on a writable connection. */
  affectedRows?: number;
}

export interface QueryOptions {
  maxRows: number;
  timeoutMs: number;
  readOnly: boolean;
  /** SELECTs are read through a cursor or a capped wrapper; other statements (writable connections only) run as they are. */
  isSelect: boolean;
}

export interface SchemaTable {
  schema: string;
  name: string;
  rowEstimate: number | null;
  columns: Array<{ name: string; type: string; nullable: boolean; primaryKey: boolean }>;
  foreignKeys: Array<{ columns: string[]; referencedTable: string; referencedColumns: string[] }>;
  indexes: Array<{ name: string; columns: string[]; unique: boolean }>;
}

/** One external database the SQL tool talks to. Adapters own their driver package and their pool. */
export interface SqlDriver {
  readonly dialect: SqlDialect;
  query(sql: string, params: unknown[], options: QueryOptions): Promise<QueryResult>;
  /** The dialect's plan for sql (never executed: no ANALYZE). */
  explain(sql: string, params: unknown[], timeoutMs: number): Promise<unknown>;
  introspect(): Promise<SchemaTable[]>;
  ping(): Promise<void>;
  close(): Promise<void>;
}

export interface ConnectionConfig {
  dialect: SqlDialect;
  host?: string;
  port?: number;
  database?: string;
  username?: string;
  password?: string;
  filePath?: string;
  poolMax: number;
}
