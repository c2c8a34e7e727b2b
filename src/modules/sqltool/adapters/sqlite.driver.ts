import { spawn, type ChildProcess } from 'node:child_process';
import type { ConnectionConfig, QueryOptions, QueryResult, SchemaTable, SqlDriver } from './sql-driver';

// Runs in a child process: better-sqlite3 is synchronous native code, so a long query there cannot stall
// the platform's event loop, and a query past its timeout is stopped with SIGKILL (a worker thread cannot
// be terminated while it is inside SQLite's C code).
const WORKER_SOURCE = `
const workerData = JSON.parse(process.env.SQLITE_WORKER_DATA);
const parentPort = { postMessage: (m) => process.send(m), on: (e, f) => process.on(e, f) };
process.on('disconnect', () => process.exit(0));
const Database = require(workerData.driverPath);
const db = new Database(workerData.file, { readonly: workerData.readOnly, fileMustExist: true });
if (workerData.readOnly) db.pragma('query_only = ON');
db.pragma('trusted_schema = OFF');
parentPort.on('message', ({ id, op, sql, params, maxRows }) => {
  try {
    if (op === 'all') {
      parentPort.postMessage({ id, rows: db.prepare(sql).all(...(params || [])) });
      return;
    }
    const stmt = db.prepare(sql);
    if (!stmt.reader) {
      const info = stmt.run(...(params || []));
      parentPort.postMessage({ id, result: { columns: [], rows: [], truncated: false, affectedRows: info.changes } });
      return;
    }
    stmt.raw(true);
    const rows = [];
    for (const row of stmt.iterate(...(params || []))) {
      if (rows.length === maxRows) { parentPort.postMessage({ id, result: { columns: stmt.columns().map(c => ({ name: c.name, type: (c.type || 'any').toLowerCase() })), rows, truncated: true } }); return; }
      rows.push(row);
    }
    parentPort.postMessage({ id, result: { columns: stmt.columns().map(c => ({ name: c.name, type: (c.type || 'any').toLowerCase() })), rows, truncated: false } });
  } catch (error) {
    parentPort.postMessage({ id, error: { message: error.message, code: error.code } });
  }
});
`;

interface Pending {
  worker: ChildProcess;
  resolve: (value: any) => void;
  reject: (error: Error) => void;
  timer: NodeJS.Timeout;
}

/** SQLite files under the allowed folder, opened read-only (plus PRAGMA query_only) unless the connection is writable. */
export class SqliteDriver implements SqlDriver {
  readonly dialect = 'sqlite' as const;
  private worker?: ChildProcess;
  private readonly pending = new Map<number, Pending>();
  private nextId = 0;

  constructor(
    private readonly config: ConnectionConfig,
    private readonly writable: boolean,
  ) {}

  async query(sql: string, params: unknown[], options: QueryOptions): Promise<QueryResult> {
    return this.send({ op: 'query', sql, params, maxRows: options.maxRows }, options.timeoutMs);
  }

  async explain(sql: string, params: unknown[], timeoutMs: number): Promise<unknown> {
    return this.send({ op: 'all', sql: `EXPLAIN QUERY PLAN ${sql}`, params }, timeoutMs);
  }

  async introspect(): Promise<SchemaTable[]> {
    const timeout = 10_000;
    const tables = (await this.send(
      { op: 'all', sql: "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name" },
      timeout,
    )) as Array<{ name: string }>;
    const result: SchemaTable[] = [];
    for (const { name } of tables) {
      const quoted = `"${name.replace(/"/g, '""')}"`;
      const info = (await this.send({ op: 'all', sql: `PRAGMA table_info(${quoted})` }, timeout)) as Array<{
        name: string;
        type: string;
        notnull: number;
        pk: number;
      }>;
      const fks = (await this.send({ op: 'all', sql: `PRAGMA foreign_key_list(${quoted})` }, timeout)) as Array<{
        id: number;
        table: string;
        from: string;
        to: string;
      }>;
      const indexList = (await this.send({ op: 'all', sql: `PRAGMA index_list(${quoted})` }, timeout)) as Array<{
        name: string;
        unique: number;
      }>;
      const indexes = [];
      for (const index of indexList) {
        const cols = (await this.send({ op: 'all', sql: `PRAGMA index_info("${index.name.replace(/"/g, '""')}")` }, timeout)) as Array<{
          name: string;
        }>;
        indexes.push({ name: index.name, columns: cols.map((c) => c.name), unique: index.unique === 1 });
      }
      const [{ n }] = (await this.send({ op: 'all', sql: `SELECT COUNT(*) AS n FROM ${quoted}` }, timeout)) as Array<{ n: number }>;
      const byId = new Map<number, { columns: string[]; referencedTable: string; referencedColumns: string[] }>();
      for (const fk of fks) {
        const entry = byId.get(fk.id) ?? { columns: [], referencedTable: fk.table, referencedColumns: [] };
        entry.columns.push(fk.from);
        entry.referencedColumns.push(fk.to);
        byId.set(fk.id, entry);
      }
      result.push({
        schema: 'main',
        name,
        rowEstimate: n,
        columns: info.map((c) => ({
          name: c.name,
          type: c.type.toLowerCase(),
          nullable: c.notnull === 0 && c.pk === 0,
          primaryKey: c.pk > 0,
        })),
        foreignKeys: [...byId.values()],
        indexes,
      });
    }
    return result;
  }

  async ping(): Promise<void> {
    await this.send({ op: 'all', sql: 'SELECT 1' }, 5_000);
  }

  async close(): Promise<void> {
    const worker = this.worker;
    this.worker = undefined;
    if (worker && worker.exitCode === null && worker.signalCode === null) {
      const exited = new Promise((done) => worker.once('exit', done));
      worker.kill('SIGKILL');
      await exited;
    }
  }

  private send(message: Record<string, unknown>, timeoutMs: number): Promise<any> {
    const worker = this.ensureWorker();
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(
          Object.assign(new Error(`SQLite statement exceeded its ${timeoutMs} ms timeout and was stopped`), { code: 'STATEMENT_TIMEOUT' }),
        );
        // The only way to stop a synchronous SQLite call is to end its thread; the next query starts a fresh one.
        void this.close();
      }, timeoutMs);
      this.pending.set(id, { worker, resolve, reject, timer });
      worker.send({ id, ...message });
    });
  }

  private ensureWorker(): ChildProcess {
    if (this.worker) return this.worker;
    const workerData = { driverPath: require.resolve('better-sqlite3'), file: this.config.filePath, readOnly: !this.writable };
    // The heap cap goes in NODE_OPTIONS, not argv: the single executable (npm run build:binary) runs `-e` code for
    // process.execPath but, being past V8's start, cannot apply heap flags given as arguments.
    const worker = spawn(process.execPath, ['-e', WORKER_SOURCE], {
      stdio: ['ignore', 'ignore', 'ignore', 'ipc'],
      env: { SQLITE_WORKER_DATA: JSON.stringify(workerData), NODE_OPTIONS: '--max-old-space-size=256' },
    });
    worker.on(
      'message',
      ({ id, result, rows, error }: { id: number; result?: unknown; rows?: unknown; error?: { message: string; code?: string } }) => {
        const pending = this.pending.get(id);
        if (!pending) return;
        this.pending.delete(id);
        clearTimeout(pending.timer);
        if (error) pending.reject(Object.assign(new Error(error.message), { code: error.code }));
        else pending.resolve(result ?? rows);
      },
    );
    worker.on('error', (error) => this.failAll(worker, error));
    worker.on('exit', () => {
      if (this.worker === worker) this.worker = undefined;
      this.failAll(worker, new Error('SQLite worker stopped'));
    });
    this.worker = worker;
    return worker;
  }

  /** Rejects what was sent to one worker; requests already queued on its replacement are not its concern. */
  private failAll(worker: ChildProcess, error: Error): void {
    for (const [id, pending] of this.pending) {
      if (pending.worker !== worker) continue;
      clearTimeout(pending.timer);
      pending.reject(error);
      this.pending.delete(id);
    }
  }
}
