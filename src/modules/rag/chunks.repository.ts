import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, type Repository } from 'typeorm';
import { DocumentChunkEntity, DocumentEntity } from 'src/modules/rag/entities/document.entity';

export type SearchableChunk = DocumentChunkEntity & {
  filename: string;
  title: string | null;
  format: string | null;
  metadata: Record<string, unknown>;
};

/** Reads of committed chunks: for search results, a document's chunk list, re-embedding and compaction. */
@Injectable()
export class ChunksRepository {
  constructor(
    @InjectRepository(DocumentChunkEntity) private readonly chunks: Repository<DocumentChunkEntity>,
    @InjectRepository(DocumentEntity) private readonly documents: Repository<DocumentEntity>,
  ) {}

  /**
   * Chunks by id that belong to indexed documents (a vector whose document is not committed is never returned).
   * Two primary-key lookups joined here: a SQL join let SQLite walk every chunk of every document instead.
   */
  async searchableChunks(ids: string[]): Promise<SearchableChunk[]> {
    if (!ids.length) return [];
    const chunks = await this.chunks.findBy({ id: In(ids) });
    const documents = new Map(
      (
        await this.documents.find({
          where: { id: In([...new Set(chunks.map((c) => c.documentId))]), status: 'indexed' },
          select: { id: true, filename: true, title: true, format: true, metadata: true },
        })
      ).map((d) => [d.id, d]),
    );
    return chunks.flatMap((chunk) => {
      const document = documents.get(chunk.documentId);
      if (!document) return [];
      const { filename, title, format } = document;
      return [Object.assign(chunk, { filename, title, format, metadata: document.metadata ?? {} })];
    });
  }

  documentChunks(documentId: string): Promise<DocumentChunkEntity[]> {
    return this.chunks.find({ where: { documentId }, order: { chunkIndex: 'ASC' } });
  }

  /** Chunks of a collection page by page (for re-embedding and compaction). */
  collectionChunkPage(collectionId: string, afterId: string, limit: number): Promise<DocumentChunkEntity[]> {
    return this.chunks
      .createQueryBuilder('c')
      .where('c.collection_id = :collectionId', { collectionId })
      .andWhere('c.id > :afterId', { afterId })
      .orderBy('c.id', 'ASC')
      .take(limit)
      .getMany();
  }

  async existingChunkIds(ids: string[]): Promise<Set<string>> {
    if (!ids.length) return new Set();
    const rows = await this.chunks.find({ where: { id: In(ids) }, select: { id: true } });
    return new Set(rows.map((r) => r.id));
  }
}
