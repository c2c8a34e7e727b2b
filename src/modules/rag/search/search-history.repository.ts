import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import { SearchSessionEntity } from 'src/modules/rag/entities/search-session.entity';

/** Searches and questions as they were asked, for GET /api/search/history. */
@Injectable()
export class SearchHistoryRepository {
  constructor(@InjectRepository(SearchSessionEntity) private readonly sessions: Repository<SearchSessionEntity>) {}

  async insert(session: Partial<SearchSessionEntity>): Promise<void> {
    await this.sessions.insert(session);
  }

  list(collectionId: string | undefined, limit: number): Promise<SearchSessionEntity[]> {
    return this.sessions.find({ where: collectionId ? { collectionId } : {}, order: { createdAt: 'DESC' }, take: limit });
  }
}
