import { Injectable } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { DataSource, type EntityManager, In, Not, type Repository } from 'typeorm';
import type { Chunk } from './rag.types';
import { DocumentChunkEntity, DocumentEntity, DocumentSourceEntity, type DocumentStatus } from './entities/document.entity';
import { EmbeddingModelEntity } from './entities/embedding-model.entity';
import { EmbeddingCacheEntity, SearchSessionEntity } from './entities/search-session.entity';
import { VectorCollectionEntity } from './entities/vector-collection.entity';
import { keywordTerms } from './search/keyword-query';
import { exclusiveOnSqlite, inTransaction } from '@libs/database';

export interface DocumentListFilter {
  collectionId?: string;
  status?: DocumentStatus;
  q?: string;
  limit: number;
  offset: number;
}

export interface ChunkFilter {
  documentIds?: string[];
  pageFrom?: number;
  pageTo?: number;
}

/**
 * The only class that touches the rag tables. Keyword search lives here too: an FTS5 table on SQLite and a
 * tsvector table with a GIN index on PostgreSQL (`chunk_fts`, created by the migrations, not an entity).
 */
@Injectable()
export class RagRepository {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @InjectRepository(VectorCollectionEntity) private readonly collections: Repository<VectorCollectionEntity>,
    @InjectRepository(EmbeddingModelEntity) private readonly models: Repository<EmbeddingModelEntity>,
    @InjectRepository(DocumentEntity) private readonly documents: Repository<DocumentEntity>,
    @InjectRepository(DocumentChunkEntity) private readonly chunks: Repository<DocumentChunkEntity>,
    @InjectRepository(SearchSessionEntity) private readonly sessions: Repository<SearchSessionEntity>,
    @InjectRepository(EmbeddingCacheEntity) private readonly cache: Repository<EmbeddingCacheEntity>,
  ) {}

  private transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return inTransaction(this.dataSource, work);
  }

  get dialect(): 'sqlite' | 'postgres' {
    return this.dataSource.options.type === 'postgres' ? 'postgres' : 'sqlite';
  }

  // collections
  listCollections(): Promise<VectorCollectionEntity[]> {
    return this.collections.find({ order: { name: 'ASC' } });
  }
  findCollection(id: string): Promise<VectorCollectionEntity | null> {
    return this.collections.findOneBy({ id });
  }
  findCollectionByName(name: string): Promise<VectorCollectionEntity | null> {
    return this.collections.findOneBy({ name });
  }
  saveCollection(collection: Partial<VectorCollectionEntity>): Promise<VectorCollectionEntity> {
    return this.collections.save(this.collections.create(collection));
  }
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
  /** Removes the collection and everything in it from the primary database (its Chroma collection is the caller's). */
  async deleteCollection(id: string): Promise<void> {
    await this.transaction(async (manager) => {
      await manager.query(`DELETE FROM chunk_fts WHERE collection_id = ${this.param(1)}`, [id]);
      await manager.delete(DocumentChunkEntity, { collectionId: id });
      const ids = (await manager.find(DocumentEntity, { where: { collectionId: id }, select: { id: true } })).map((d) => d.id);
      for (let i = 0; i < ids.length; i += 500) await manager.delete(DocumentSourceEntity, { documentId: In(ids.slice(i, i + 500)) });
      await manager.delete(DocumentEntity, { collectionId: id });
      await manager.delete(VectorCollectionEntity, { id });
    });
  }

  // embedding models
  listModels(): Promise<EmbeddingModelEntity[]> {
    return this.models.find({ order: { name: 'ASC' } });
  }
  findModel(id: string): Promise<EmbeddingModelEntity | null> {
    return this.models.findOneBy({ id });
  }
  findModelByName(name: string): Promise<EmbeddingModelEntity | null> {
    return this.models.findOneBy({ name });
  }
  saveModel(model: Partial<EmbeddingModelEntity>): Promise<EmbeddingModelEntity> {
    return this.models.save(this.models.create(model));
  }
  async deleteModel(id: string): Promise<void> {
    await this.models.delete({ id });
    await this.cache.delete({ modelId: id });
  }
  countCollectionsUsingModel(id: string): Promise<number> {
    return this.collections.count({ where: [{ embeddingModelId: id }, { pendingModelId: id }] });
  }

  // documents
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
  listIndexedDocumentIds(collectionId: string): Promise<string[]> {
    return this.documents.find({ where: { collectionId, status: 'indexed' }, select: { id: true } }).then((rows) => rows.map((r) => r.id));
  }
  countDocumentsNotIn(collectionId: string, statuses: DocumentStatus[]): Promise<number> {
    return this.documents.count({ where: { collectionId, status: Not(In(statuses)) } });
  }

  /** The document row and its bytes in one transaction: a crash leaves either both or neither. */
  async createDocument(document: Partial<DocumentEntity>, content: Buffer): Promise<DocumentEntity> {
    return this.transaction(async (manager) => {
      const saved = await manager.save(manager.create(DocumentEntity, document));
      await manager.insert(DocumentSourceEntity, { documentId: saved.id, contentBase64: content.toString('base64') });
      return saved;
    });
  }
  async documentSource(id: string): Promise<Buffer | null> {
    const row = await this.dataSource.getRepository(DocumentSourceEntity).findOneBy({ documentId: id });
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
    await this.transaction(async (manager) => {
      // Only a re-index has old keyword entries; skipping the delete spares FTS5 a scan on first ingestion.
      if (await manager.exists(DocumentChunkEntity, { where: { documentId: document.id } })) {
        await manager.query(
          `DELETE FROM chunk_fts WHERE chunk_id IN (SELECT id FROM document_chunks WHERE document_id = ${this.param(1)})`,
          [document.id],
        );
        await manager.delete(DocumentChunkEntity, { documentId: document.id });
      }
      for (let i = 0; i < chunks.length; i += 200) {
        const slice = chunks.slice(i, i + 200);
        await manager.insert(
          DocumentChunkEntity,
          slice.map((chunk) => ({
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
        await this.insertKeywordRows(
          manager,
          slice.map((chunk) => ({
            id: chunkId(document.id, chunk.index),
            collectionId: document.collectionId,
            text: chunk.text,
            heading: chunk.heading,
          })),
        );
      }
      await manager.update(DocumentEntity, { id: document.id }, patch);
    });
  }

  /** Removes a document with its chunks, keyword entries and bytes. */
  async deleteDocument(id: string): Promise<void> {
    await this.transaction(async (manager) => {
      await manager.query(`DELETE FROM chunk_fts WHERE chunk_id IN (SELECT id FROM document_chunks WHERE document_id = ${this.param(1)})`, [
        id,
      ]);
      await manager.delete(DocumentChunkEntity, { documentId: id });
      await manager.delete(DocumentSourceEntity, { documentId: id });
      await manager.delete(DocumentEntity, { id });
    });
  }

  // chunks
  /**
   * Chunks by id that belong to indexed documents (a vector whose document is not committed is never returned).
   * Two primary-key lookups joined here: a SQL join let SQLite walk every chunk of every document instead.
   */
  async searchableChunks(ids: string[]): Promise<SearchableChunk[]> {
    if (!ids.length) return [];
    const chunks = await this.chunks.findBy({ id: In(ids) });
    const documentIds = [...new Set(chunks.map((c) => c.documentId))];
    const documents = new Map(
      (
        await this.documents.find({
          where: { id: In(documentIds), status: 'indexed' },
          select: { id: true, filename: true, title: true, format: true, metadata: true },
        })
      ).map((d) => [d.id, d]),
    );
    return chunks.flatMap((chunk) => {
      const document = documents.get(chunk.documentId);
      return document
        ? [
            Object.assign(chunk, {
              filename: document.filename,
              title: document.title,
              format: document.format,
              metadata: document.metadata ?? {},
            }),
          ]
        : [];
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

  // keyword index
  private async insertKeywordRows(
    manager: { query: (sql: string, params: unknown[]) => Promise<unknown> },
    rows: Array<{ id: string; collectionId: string; text: string; heading?: string }>,
  ): Promise<void> {
    if (!rows.length) return;
    const params: unknown[] = [];
    const tuples = rows.map((row) => {
      const text = row.heading ? `${row.heading}\n${row.text}` : row.text;
      // PostgreSQL's parser reads XR-7741 as "xr" and the number -7741; split such joins so identifiers match as phrases.
      params.push(
        row.id,
        row.collectionId,
        this.dialect === 'postgres' ? text.replace(/(?<=[\p{L}\p{N}])[-_./:](?=[\p{L}\p{N}])/gu, ' ') : text,
      );
      const n = params.length;
      return this.dialect === 'postgres' ? `($${n - 2}, $${n - 1}, to_tsvector('english', $${n}))` : '(?, ?, ?)';
    });
    const columns = this.dialect === 'postgres' ? 'chunk_id, collection_id, tsv' : 'chunk_id, collection_id, text';
    await manager.query(`INSERT INTO chunk_fts (${columns}) VALUES ${tuples.join(', ')}`, params);
  }

  /**
   * Best chunk ids for a keyword query (BM25 on SQLite FTS5, ts_rank_cd on PostgreSQL), terms OR-ed so
   * a partial match still ranks; a term made of several tokens (XR-7741) must match as a phrase.
   */
  async keywordSearch(
    collectionId: string,
    query: string,
    limit: number,
    filter: ChunkFilter = {},
  ): Promise<Array<{ id: string; score: number }>> {
    let terms = keywordTerms(query);
    if (!terms.length) return [];
    if (this.dialect === 'sqlite' && terms.length > 2) terms = await this.withoutCommonTerms(terms);
    const params: unknown[] = [];
    const p = (value: unknown) => {
      params.push(value);
      return this.param(params.length);
    };
    const conditions: string[] = [];
    let sql: string;
    // FTS5 wants the table's own name in MATCH and bm25(), so SQLite uses no alias.
    const t = this.dialect === 'postgres' ? 'f' : 'chunk_fts';
    if (this.dialect === 'postgres') {
      const tsquery = terms.map((term) => term.join(' <-> ')).join(' | ');
      sql = `SELECT f.chunk_id AS id, ts_rank_cd(f.tsv, q) AS score FROM chunk_fts f CROSS JOIN to_tsquery('english', ${p(tsquery)}) q`;
      conditions.push('f.tsv @@ q', `f.collection_id = ${p(collectionId)}`);
    } else {
      const match = terms.map((term) => `"${term.join(' ')}"`).join(' OR ');
      sql = 'SELECT chunk_fts.chunk_id AS id, -bm25(chunk_fts) AS score FROM chunk_fts';
      conditions.push(`chunk_fts MATCH ${p(match)}`, `chunk_fts.collection_id = ${p(collectionId)}`);
    }
    if (filter.documentIds?.length || filter.pageFrom !== undefined || filter.pageTo !== undefined) {
      sql += ` JOIN document_chunks c ON c.id = ${t}.chunk_id`;
      if (filter.documentIds?.length) conditions.push(`c.document_id IN (${filter.documentIds.map((id) => p(id)).join(', ')})`);
      if (filter.pageFrom !== undefined) conditions.push(`COALESCE(c.page_end, c.page) >= ${p(filter.pageFrom)}`);
      if (filter.pageTo !== undefined) conditions.push(`c.page <= ${p(filter.pageTo)}`);
    }
    sql += ` WHERE ${conditions.join(' AND ')} ORDER BY score DESC LIMIT ${p(limit)}`;
    const rows: Array<{ id: string; score: number | string }> = await this.dataSource.query(sql, params);
    return rows.map((r) => ({ id: r.id, score: Number(r.score) }));
  }

  private chunkTotal?: { count: number; at: number };

  /**
   * On a large index, drops query words found in more than 5% of all chunks (keeping at least the two rarest):
   * their BM25 weight is small, but OR-ing them makes FTS5 score a large part of the index. Words are stemmed by FTS5's
   * own tokenizer (a scratch table in the connection's temp schema) so they match its vocabulary table.
   */
  private async withoutCommonTerms(terms: string[][]): Promise<string[][]> {
    const run = exclusiveOnSqlite(this.dataSource, async () => {
      const q = (sql: string, params: unknown[] = []) => this.dataSource.query(sql, params);
      if (!this.chunkTotal || Date.now() - this.chunkTotal.at > 60_000) {
        await q("CREATE VIRTUAL TABLE IF NOT EXISTS temp.query_words USING fts5(t, tokenize = 'porter unicode61')");
        await q("CREATE VIRTUAL TABLE IF NOT EXISTS temp.query_words_vocab USING fts5vocab(temp, query_words, 'instance')");
        const [{ n }] = (await q('SELECT COUNT(*) AS n FROM chunk_fts')) as Array<{ n: number }>;
        this.chunkTotal = { count: Number(n), at: Date.now() };
      }
      await q('DELETE FROM temp.query_words');
      const single = terms.map((term, i) => ({ term, i })).filter(({ term }) => term.length === 1);
      if (!single.length) return terms;
      await q(
        `INSERT INTO temp.query_words(rowid, t) VALUES ${single.map(() => '(?, ?)').join(', ')}`,
        single.flatMap(({ term, i }) => [i, term[0]]),
      );
      const stems = (await q('SELECT doc, term FROM temp.query_words_vocab')) as Array<{ doc: number; term: string }>;
      const frequency = new Map(
        (
          (await q(
            `SELECT term, doc FROM chunk_fts_vocab WHERE term IN (${stems.map(() => '?').join(', ')})`,
            stems.map((s) => s.term),
          )) as Array<{ term: string; doc: number }>
        ).map((r) => [r.term, Number(r.doc)]),
      );
      const dfOf = new Map(stems.map((s) => [Number(s.doc), frequency.get(s.term) ?? 0]));
      const ranked = terms.map((term, i) => ({ term, df: dfOf.get(i) ?? 0 })).sort((a, b) => a.df - b.df);
      // Small indexes are fast anyway, and there a frequent word may still separate documents: leave them whole.
      if (this.chunkTotal.count < PRUNE_MIN_CHUNKS) return terms;
      const limit = this.chunkTotal.count * PRUNE_DOCUMENT_SHARE;
      return ranked.filter((t, rank) => rank < 2 || t.df <= limit).map((t) => t.term);
    });
    return run.catch(() => terms);
  }

  /** Keyword index maintenance: FTS5 merges its b-trees; PostgreSQL vacuums and re-analyzes the table. */
  async optimizeKeywordIndex(): Promise<string> {
    if (this.dialect === 'postgres') {
      await this.dataSource.query('VACUUM ANALYZE chunk_fts');
      return 'VACUUM ANALYZE chunk_fts';
    }
    await this.dataSource.query("INSERT INTO chunk_fts(chunk_fts) VALUES ('optimize')");
    return 'FTS5 optimize';
  }
  /** Keyword entries whose chunk is gone (left by an interrupted delete). */
  async deleteOrphanKeywordRows(): Promise<number> {
    const rows: Array<{ n: number | string }> = await this.dataSource.query(
      'SELECT COUNT(*) AS n FROM chunk_fts WHERE chunk_id NOT IN (SELECT id FROM document_chunks)',
    );
    await this.dataSource.query('DELETE FROM chunk_fts WHERE chunk_id NOT IN (SELECT id FROM document_chunks)');
    return Number(rows[0]?.n ?? 0);
  }

  // search history
  async insertSession(session: Partial<SearchSessionEntity>): Promise<void> {
    await this.sessions.insert(session);
  }
  listSessions(collectionId: string | undefined, limit: number): Promise<SearchSessionEntity[]> {
    return this.sessions.find({ where: collectionId ? { collectionId } : {}, order: { createdAt: 'DESC' }, take: limit });
  }

  // embedding cache
  async cachedVectors(modelId: string, hashes: string[]): Promise<Map<string, Float32Array>> {
    const found = new Map<string, Float32Array>();
    for (let i = 0; i < hashes.length; i += 500) {
      const rows = await this.cache.find({ where: { modelId, contentHash: In(hashes.slice(i, i + 500)) } });
      for (const row of rows) {
        const bytes = Buffer.from(row.vector, 'base64');
        found.set(row.contentHash, new Float32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4));
      }
    }
    return found;
  }
  async cacheVectors(modelId: string, entries: Array<{ hash: string; vector: number[] }>): Promise<void> {
    for (let i = 0; i < entries.length; i += 200) {
      await this.cache
        .createQueryBuilder()
        .insert()
        .values(
          entries.slice(i, i + 200).map((e) => ({
            modelId,
            contentHash: e.hash,
            vector: Buffer.from(new Float32Array(e.vector).buffer).toString('base64'),
          })),
        )
        .orIgnore()
        .execute();
    }
  }

  private param(n: number): string {
    return this.dialect === 'postgres' ? `$${n}` : '?';
  }
}

/** Keyword queries on an index of at least this many chunks lose their most common words (see withoutCommonTerms). */
const PRUNE_MIN_CHUNKS = 20_000;
const PRUNE_DOCUMENT_SHARE = 0.05;

export type SearchableChunk = DocumentChunkEntity & {
  filename: string;
  title: string | null;
  format: string | null;
  metadata: Record<string, unknown>;
};

export function chunkId(documentId: string, index: number): string {
  return `${documentId}:${index}`;
}
