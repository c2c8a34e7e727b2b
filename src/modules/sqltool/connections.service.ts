import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { mkdirSync, realpathSync } from 'node:fs';
import { isAbsolute, join, relative, resolve } from 'node:path';
import type { Env } from '@libs/config';
import { isUuid } from '@libs/contracts';
import { loadSecretBox, type SecretBox } from '@libs/crypto';
import { ENV } from 'src/core/env.token';
import type { Principal } from 'src/core/auth/permissions';
import { PostgresDriver } from './adapters/postgres.driver';
import type { SqlDriver } from './adapters/sql-driver';
import { SqliteDriver } from './adapters/sqlite.driver';
import type { DatabaseConnectionEntity } from './database-connection.entity';
import type { ConnectionInput } from './dto/connection.dto';
import { SqlToolError, SqlToolErrorCode } from './sqltool.errors';
import { SqlToolRepository } from './sqltool.repository';

const IDLE_POOL_MS = 5 * 60_000;

/** Registered databases: their settings (password sealed at rest) and one lazily opened, idle-closed pool each. */
@Injectable()
export class ConnectionsService implements OnApplicationShutdown {
  private readonly secrets: SecretBox;
  private readonly drivers = new Map<string, { driver: SqlDriver; lastUsed: number }>();
  private readonly opening = new Map<string, Promise<SqlDriver>>();
  /** Settings of connections in use; dropped on update and delete (this process is their only writer). */
  private readonly entities = new Map<string, DatabaseConnectionEntity>();
  private readonly sweeper: NodeJS.Timeout;

  constructor(
    @Inject(ENV) private readonly env: Env,
    private readonly repository: SqlToolRepository,
  ) {
    this.secrets = loadSecretBox(env);
    mkdirSync(this.sqliteRoot, { recursive: true });
    this.sweeper = setInterval(() => void this.closeIdle(), 60_000);
    this.sweeper.unref();
  }

  get sqliteRoot(): string {
    return resolve(this.env.SQL_SQLITE_DIR ?? join(this.env.DATA_DIR, 'sqlite'));
  }

  list(): Promise<DatabaseConnectionEntity[]> {
    return this.repository.listConnections();
  }

  async get(id: string): Promise<DatabaseConnectionEntity> {
    const cached = this.entities.get(id);
    if (cached) return cached;
    // Bus callers pass ids unchecked; a malformed one must be a 404, not a PostgreSQL uuid syntax error.
    if (!isUuid(id)) {
      throw new SqlToolError(SqlToolErrorCode.CONNECTION_NOT_FOUND, 'No database connection with this id');
    }
    const connection = await this.repository.findConnection(id);
    if (connection) this.entities.set(id, connection);
    if (!connection) throw new SqlToolError(SqlToolErrorCode.CONNECTION_NOT_FOUND, 'No database connection with this id');
    return connection;
  }

  async create(input: ConnectionInput, actor: Principal): Promise<DatabaseConnectionEntity> {
    if (await this.repository.findConnectionByName(input.name))
      throw new SqlToolError(SqlToolErrorCode.CONNECTION_EXISTS, 'A connection with this name exists');
    return this.repository.saveConnection(this.toEntity(input, actor));
  }

  async update(id: string, input: ConnectionInput, actor: Principal): Promise<DatabaseConnectionEntity> {
    const existing = await this.get(id);
    const other = await this.repository.findConnectionByName(input.name);
    if (other && other.id !== id) throw new SqlToolError(SqlToolErrorCode.CONNECTION_EXISTS, 'A connection with this name exists');
    const entity = this.toEntity(input, actor);
    if (input.password === undefined) entity.passwordSealed = existing.passwordSealed;
    await this.dropDriver(id);
    await this.repository.invalidateSchema(id);
    return this.repository.saveConnection({ ...entity, id, createdAt: existing.createdAt });
  }

  async remove(id: string): Promise<void> {
    await this.dropDriver(id);
    if (!(await this.repository.deleteConnection(id)))
      throw new SqlToolError(SqlToolErrorCode.CONNECTION_NOT_FOUND, 'No database connection with this id');
  }

  async test(id: string): Promise<{ ok: true; latencyMs: number }> {
    const driver = await this.driver(id); // an unknown id is a 404 here, not a failed connection
    const started = performance.now();
    try {
      await driver.ping();
    } catch (error) {
      await this.dropDriver(id);
      throw new SqlToolError(SqlToolErrorCode.CONNECTION_FAILED, `Could not reach the database: ${(error as Error).message}`);
    }
    return { ok: true, latencyMs: Math.round((performance.now() - started) * 100) / 100 };
  }

  /** The open driver of a connection, opening its pool on first use. */
  async driver(id: string): Promise<SqlDriver> {
    const cached = this.drivers.get(id);
    if (cached) {
      cached.lastUsed = Date.now();
      return cached.driver;
    }
    // Opening is async (a driver's package loads on first use): concurrent first calls share one pool.
    let opening = this.opening.get(id);
    if (!opening) {
      opening = this.get(id).then((connection) => this.open(connection));
      this.opening.set(id, opening);
    }
    try {
      const driver = await opening;
      if (!this.drivers.has(id)) this.drivers.set(id, { driver, lastUsed: Date.now() });
      return driver;
    } finally {
      this.opening.delete(id);
    }
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.sweeper);
    await Promise.allSettled([...this.drivers.keys()].map((id) => this.dropDriver(id)));
  }

  private async open(connection: DatabaseConnectionEntity): Promise<SqlDriver> {
    const config = {
      dialect: connection.dialect as DatabaseConnectionEntity['dialect'] & SqlDriver['dialect'],
      host: connection.host ?? undefined,
      port: connection.port ?? undefined,
      database: connection.databaseName ?? undefined,
      username: connection.username ?? undefined,
      password: connection.passwordSealed ? this.secrets.open(connection.passwordSealed) : undefined,
      filePath: connection.filePath ?? undefined,
      poolMax: connection.poolMax,
    };
    switch (config.dialect) {
      case 'postgres':
        return new PostgresDriver(config);
      case 'mysql':
      case 'mariadb':
        return new (await import('./adapters/mysql.driver')).MysqlDriver(config.dialect, config);
      case 'sqlite':
        return new SqliteDriver({ ...config, filePath: this.allowedSqlitePath(config.filePath ?? '') }, connection.writable);
      case 'mssql':
        return new (await import('./adapters/mssql.driver')).MssqlDriver(config);
    }
  }

  private toEntity(input: ConnectionInput, actor: Principal): Partial<DatabaseConnectionEntity> {
    if (input.writable && actor.role !== 'admin')
      throw new SqlToolError(SqlToolErrorCode.WRITABLE_NEEDS_ADMIN, 'Only an admin may mark a connection writable');
    if (input.dialect === 'sqlite') {
      if (!input.filePath) throw new SqlToolError(SqlToolErrorCode.CONNECTION_INVALID, 'A SQLite connection needs filePath');
      this.allowedSqlitePath(input.filePath);
    } else if (!input.host || !input.database) {
      throw new SqlToolError(SqlToolErrorCode.CONNECTION_INVALID, `A ${input.dialect} connection needs host and database`);
    }
    return {
      name: input.name,
      dialect: input.dialect,
      host: input.host ?? null,
      port: input.port ?? null,
      databaseName: input.database ?? null,
      username: input.username ?? null,
      passwordSealed: input.password ? this.secrets.seal(input.password) : null,
      filePath: input.filePath ?? null,
      writable: input.writable ?? false,
      poolMax: input.poolMax ?? 5,
    };
  }

  /** Resolves a SQLite path (following links) and refuses anything outside the allowed folder. */
  private allowedSqlitePath(filePath: string): string {
    const root = this.sqliteRoot;
    let real: string;
    try {
      real = realpathSync(isAbsolute(filePath) ? filePath : join(root, filePath));
    } catch {
      throw new SqlToolError(SqlToolErrorCode.CONNECTION_INVALID, `No SQLite file at ${filePath} under the allowed folder`);
    }
    const rel = relative(realpathSync(root), real);
    if (rel.startsWith('..') || isAbsolute(rel))
      throw new SqlToolError(SqlToolErrorCode.CONNECTION_INVALID, 'SQLite files must live under SQL_SQLITE_DIR');
    return real;
  }

  private async closeIdle(): Promise<void> {
    const now = Date.now();
    for (const [id, entry] of this.drivers) if (now - entry.lastUsed > IDLE_POOL_MS) await this.dropDriver(id);
  }

  private async dropDriver(id: string): Promise<void> {
    this.entities.delete(id);
    const entry = this.drivers.get(id);
    this.drivers.delete(id);
    await entry?.driver.close().catch(() => undefined);
  }
}
