import { Injectable } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { DataSource, type EntityManager, In, type Repository } from 'typeorm';
import { inTransaction } from '@libs/database';
import { DocumentChunkEntity, DocumentEntity, DocumentSourceEntity, type DocumentStatus } from 'src/modules/rag/entities/document.entity';
import type { Chunk } from 'src/modules/rag/rag.types';
import { KeywordIndexRepository } from 'src/modules/rag/search/keyword-index.repository';

export interface DocumentListFilter {
  collectionId?: string;
  status?: DocumentStatus;
  q?: string;
  limit: number;
  offset: number;
}

export function chunkId(documentId: string, index: number): string {
  return `${documentId}:${index}`;
}

/** Documents with their stored bytes, and the writes that make their chunks searchable or remove them. */
@Injectable()
export class DocumentsRepository {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @InjectRepository(DocumentEntity) private readonly documents: Repository<DocumentEntity>,
    @InjectRepository(DocumentSourceEntity) private readonly sources: Repository<DocumentSourceEntity>,
    private readonly keywordIndex: KeywordIndexRepository,
  ) {}

  async listDocuments(filter: DocumentListFilter): Promise<[DocumentEntity[], number]> {
    const query = this.documents.createQueryBuilder('d').orderBy('d.created_at', 'DESC').addOrderBy('d.id', 'ASC');
    if (filter.collectionId) query.andWhere('d.collection_id = :collectionId', { collectionId: filter.collectionId });
    if (filter.status) query.andWhere('d.status = :status', { status: filter.status });
    if (filter.q) query.andWhere('LOWER(d.filename) LIKE :q', { q: `%${filter.q.toLowerCase().replace(/[%_]/g, '')}%` });
    return query.take(filter.limit).skip(filter.offset).getManyAndCount();
  }

  findDocument(id: string): Promise<DocumentEntity | null> {
    return this.documents.findOneBy({ id });
  }

  findDocumentsByIds(ids: string[]): Promise<DocumentEntity[]> {
    return ids.length ? this.documents.findBy({ id: In(ids) }) : Promise.resolve([]);
  }

  findDocumentByHash(collectionId: string, contentHash: string): Promise<DocumentEntity | null> {
    return this.documents.findOneBy({ collectionId, contentHash });
  }

  /** Documents an ingestion was working on when the process stopped. */
  listUnfinishedDocuments(): Promise<DocumentEntity[]> {
    return this.documents.find({ where: { status: In(['queued', 'parsing', 'embedding']) }, order: { createdAt: 'ASC' } });
  }

  /** Indexed documents and their chunks, per collection id. */
  async collectionCounts(): Promise<Map<string, { documents: number; chunks: number }>> {
    const rows: Array<{ collectionId: string; documents: string; chunks: string }> = await this.documents
      .createQueryBuilder('d')
      .select('d.collection_id', 'collectionId')
      .addSelect('COUNT(*)', 'documents')
      .addSelect('COALESCE(SUM(d.chunk_count), 0)', 'chunks')
      .where('d.status = :status', { status: 'indexed' })
      .groupBy('d.collection_id')
      .getRawMany();
    return new Map(rows.map((r) => [r.collectionId, { documents: Number(r.documents), chunks: Number(r.chunks) }]));
  }

  /** The document row and its bytes in one transaction: a crash leaves either both or neither. */
  async createDocument(document: Partial<DocumentEntity>, content: Buffer): Promise<DocumentEntity> {
    return inTransaction(this.dataSource, async (manager) => {
      const saved = await manager.save(manager.create(DocumentEntity, document));
      await manager.insert(DocumentSourceEntity, { documentId: saved.id, contentBase64: content.toString('base64') });
      return saved;
    });
  }

  async documentSource(id: string): Promise<Buffer | null> {
    const row = await this.sources.findOneBy({ documentId: id });
    return row ? Buffer.from(row.contentBase64, 'base64') : null;
  }

  async updateDocument(id: string, patch: Partial<DocumentEntity>): Promise<void> {
    await this.documents.update({ id }, patch);
  }

  /**
   * Makes a document searchable in one transaction: its old chunks and keyword entries go, the new ones
   * arrive, and the status turns `indexed`. Before this commits, searches see the previous state.
   */
  async commitChunks(document: DocumentEntity, chunks: Chunk[], patch: Partial<DocumentEntity>): Promise<void> {
    await inTransaction(this.dataSource, async (manager) => {
      // Only a re-index has old keyword entries; skipping the delete spares FTS5 a scan on first ingestion.
      if (await manager.exists(DocumentChunkEntity, { where: { documentId: document.id } })) {
        await this.keywordIndex.deleteForDocument(manager, document.id);
        await manager.delete(DocumentChunkEntity, { documentId: document.id });
      }
      for (let i = 0; i < chunks.length; i += 200) await this.insertChunks(manager, document, chunks.slice(i, i + 200));
      await manager.update(DocumentEntity, { id: document.id }, patch);
    });
  }

  /** Removes a document with its chunks, keyword entries and bytes. */
  async deleteDocument(id: string): Promise<void> {
    await inTransaction(this.dataSource, async (manager) => {
      await this.keywordIndex.deleteForDocument(manager, id);
      await manager.delete(DocumentChunkEntity, { documentId: id });
      await manager.delete(DocumentSourceEntity, { documentId: id });
      await manager.delete(DocumentEntity, { id });
    });
  }

  private async insertChunks(manager: EntityManager, document: DocumentEntity, chunks: Chunk[]): Promise<void> {
    await manager.insert(
      DocumentChunkEntity,
      chunks.map((chunk) => ({
        id: chunkId(document.id, chunk.index),
        documentId: document.id,
        collectionId: document.collectionId,
        chunkIndex: chunk.index,
        text: chunk.text,
        tokenCount: chunk.tokenCount,
        page: chunk.page ?? null,
        pageEnd: chunk.pageEnd ?? null,
        heading: chunk.heading?.slice(0, 1000) ?? null,
        contentHash: chunk.contentHash,
      })),
    );
    await this.keywordIndex.insert(
      manager,
      chunks.map((chunk) => ({
        id: chunkId(document.id, chunk.index),
        collectionId: document.collectionId,
        text: chunk.text,
        heading: chunk.heading,
      })),
    );
  }
}
