import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import { insertLogRows } from '@libs/database';
import { DatabaseConnectionEntity } from './database-connection.entity';
import { QueryHistoryEntity } from './query-history.entity';
import { QueryPerformanceEntity } from './query-performance.entity';
import { SchemaCacheEntity } from './schema-cache.entity';

/** The only class that touches the SQL tool's tables. */
@Injectable()
export class SqlToolRepository {
  constructor(
    @InjectRepository(DatabaseConnectionEntity) private readonly connections: Repository<DatabaseConnectionEntity>,
    @InjectRepository(QueryHistoryEntity) private readonly history: Repository<QueryHistoryEntity>,
    @InjectRepository(SchemaCacheEntity) private readonly schemas: Repository<SchemaCacheEntity>,
    @InjectRepository(QueryPerformanceEntity) private readonly performance: Repository<QueryPerformanceEntity>,
  ) {}

  listConnections(): Promise<DatabaseConnectionEntity[]> {
    return this.connections.find({ order: { name: 'ASC' } });
  }

  findConnection(id: string): Promise<DatabaseConnectionEntity | null> {
    return this.connections.findOneBy({ id });
  }

  findConnectionByName(name: string): Promise<DatabaseConnectionEntity | null> {
    return this.connections.findOneBy({ name });
  }

  saveConnection(connection: Partial<DatabaseConnectionEntity>): Promise<DatabaseConnectionEntity> {
    return this.connections.save(this.connections.create(connection));
  }

  async deleteConnection(id: string): Promise<boolean> {
    await this.schemas.delete({ connectionId: id });
    return ((await this.connections.delete({ id })).affected ?? 0) > 0;
  }

  async insertHistoryBatch(entries: Array<Omit<QueryHistoryEntity, 'id' | 'createdAt'>>): Promise<void> {
    for (let i = 0; i < entries.length; i += 100) await insertLogRows(this.history, entries.slice(i, i + 100));
  }

  listHistory(filter: { connectionId?: string; outcome?: string; limit: number; offset: number }): Promise<[QueryHistoryEntity[], number]> {
    const where: { connectionId?: string; outcome?: string } = {};
    if (filter.connectionId) where.connectionId = filter.connectionId;
    if (filter.outcome) where.outcome = filter.outcome;
    return this.history.findAndCount({ where, order: { createdAt: 'DESC' }, take: filter.limit, skip: filter.offset });
  }

  findSchema(connectionId: string): Promise<SchemaCacheEntity | null> {
    return this.schemas.findOneBy({ connectionId });
  }

  async saveSchema(connectionId: string, schema: string): Promise<void> {
    await this.schemas.save({ connectionId, schema, refreshedAt: String(Date.now()) });
  }

  async invalidateSchema(connectionId: string): Promise<void> {
    await this.schemas.delete({ connectionId });
  }

  findPerformance(fingerprint: string): Promise<QueryPerformanceEntity | null> {
    return this.performance.findOneBy({ fingerprint });
  }

  async savePerformance(entry: QueryPerformanceEntity): Promise<void> {
    await this.performance.save(entry);
  }

  listPerformance(connectionId?: string): Promise<QueryPerformanceEntity[]> {
    return this.performance.find({ where: connectionId ? { connectionId } : {}, order: { count: 'DESC' }, take: 100 });
  }
}
