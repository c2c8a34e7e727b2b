import { BadRequestException, Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { detect as detectLanguage } from 'tinyld';
import { Bus } from '@libs/bus';
import type { Env } from '@libs/config';
import { sha256Hex } from '@libs/crypto';
import { ENV } from 'src/core/env.token';
import { ChromaStore } from './adapters/chroma.store';
import { fetchDocument, tooLarge } from './adapters/url-fetcher';
import { CollectionsService } from './collections.service';
import { EmbeddingService } from './embeddings/embedding.service';
import type { DocumentEntity, DocumentStatus } from './entities/document.entity';
import { BullIngestionQueue, type IngestionQueue, MemoryIngestionQueue } from './ingestion/ingestion.queue';
import { chunkDocument } from './parsing/chunker';
import { safeFilename } from './parsing/detect-format';
import { parseDocument } from './parsing/document-parser';
import { RagError, RagErrorCode } from './rag.errors';
import { chunkId, type DocumentListFilter, RagRepository } from './rag.repository';

/** What a chunk's vector is made from: its heading path gives a short passage the context it was written in. */
export function embeddingText(chunk: { text: string; heading?: string | null }): string {
  return chunk.heading ? `${chunk.heading}\n\n${chunk.text}` : chunk.text;
}

/** What Chroma stores beside a chunk's vector: what semantic-search filters match on (see chromaWhere). */
export function vectorMetadata(
  document: { id: string; format: string | null; metadata: Record<string, string | number | boolean> | null },
  chunk: { chunkIndex: number; page?: number | null; pageEnd?: number | null; heading?: string | null },
): Record<string, string | number | boolean> {
  return {
    documentId: document.id,
    chunkIndex: chunk.chunkIndex,
    ...(document.format ? { format: document.format } : {}),
    ...(chunk.page !== undefined && chunk.page !== null ? { page: chunk.page, pageEnd: chunk.pageEnd ?? chunk.page } : {}),
    ...(chunk.heading ? { heading: chunk.heading.slice(0, 500) } : {}),
    ...Object.fromEntries(Object.entries(document.metadata ?? {}).map(([k, v]) => [`m_${k}`, v])),
  };
}

/** Upload metadata becomes Chroma metadata and filters: flat, few, short keys, scalar values. */
function assertFlatMetadata(metadata: Record<string, unknown> | undefined): void {
  if (!metadata) return;
  const entries = Object.entries(metadata);
  const bad = entries.find(
    ([key, value]) =>
      !/^[A-Za-z0-9_.-]{1,64}$/.test(key) ||
      !['string', 'number', 'boolean'].includes(typeof value) ||
      (typeof value === 'string' && value.length > 1_000),
  );
  if (entries.length > 32 || bad)
    throw new BadRequestException(
      `metadata must be at most 32 keys ([A-Za-z0-9_.-], up to 64 characters) with string (up to 1000 characters), number or boolean values${bad ? `; ${bad[0].slice(0, 64)} is not` : ''}`,
    );
}

/** Ingestion attempts before a document that keeps failing transiently (or keeps being interrupted) is marked failed. */
const MAX_ATTEMPTS = 3;
const TRANSIENT = new Set<string>([RagErrorCode.VECTOR_STORE_UNAVAILABLE, RagErrorCode.EMBEDDING_FAILED]);
const TERMINAL: DocumentStatus[] = ['indexed', 'failed'];

export interface NewDocument {
  collection: string;
  bytes: Buffer;
  filename?: string;
  declaredType?: string;
  sourceUrl?: string;
  metadata?: Record<string, string | number | boolean>;
}

/**
 * Documents from upload to searchable: stored with their bytes, queued, then parsed, chunked, embedded,
 * written to Chroma and committed to the keyword index in one transaction that also marks them indexed.
 * A crash at any step leaves the document unfinished, and the next start picks it up again.
 */
@Injectable()
export class DocumentsService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(DocumentsService.name);
  private readonly queue: IngestionQueue;
  private readonly waiters = new Map<string, Set<(document: DocumentEntity) => void>>();

  constructor(
    @Inject(ENV) private readonly env: Env,
    private readonly repository: RagRepository,
    private readonly collections: CollectionsService,
    private readonly embeddings: EmbeddingService,
    private readonly vectors: ChromaStore,
    private readonly bus: Bus,
  ) {
    this.queue = env.REDIS_URL
      ? new BullIngestionQueue(env, env.RAG_INGEST_CONCURRENCY)
      : new MemoryIngestionQueue(env.RAG_INGEST_CONCURRENCY);
  }

  async onApplicationBootstrap(): Promise<void> {
    this.queue.start((id) => this.ingest(id));
    for (const document of await this.repository.listUnfinishedDocuments()) {
      this.logger.warn(`resuming ingestion of document ${document.id} (${document.filename}), left ${document.status}`);
      await this.queue.enqueue(document.id, document.attempts);
    }
  }

  async onApplicationShutdown(): Promise<void> {
    await this.queue.close();
  }

  async fromUrl(input: Omit<NewDocument, 'bytes'> & { url: string }): Promise<{ document: DocumentEntity; duplicate: boolean }> {
    await this.collections.get(input.collection);
    const fetched = await fetchDocument(input.url, {
      allowPrivate: this.env.RAG_URL_ALLOW_PRIVATE,
      maxBytes: this.env.RAG_MAX_UPLOAD_BYTES,
      timeoutMs: this.env.A2A_OUTBOUND_TIMEOUT_MS,
    });
    return this.create({
      ...input,
      bytes: fetched.bytes,
      filename: input.filename ?? fetched.filename,
      declaredType: fetched.contentType,
      sourceUrl: fetched.url,
    });
  }

  /** Stores the document and queues it. The same bytes in the same collection return the existing document. */
  async create(input: NewDocument): Promise<{ document: DocumentEntity; duplicate: boolean }> {
    const collection = await this.collections.get(input.collection);
    if (input.bytes.length > this.env.RAG_MAX_UPLOAD_BYTES) throw tooLarge(this.env.RAG_MAX_UPLOAD_BYTES);
    const filename = safeFilename(input.filename || 'document');
    const contentHash = sha256Hex(input.bytes);
    assertFlatMetadata(input.metadata);
    const existing = await this.repository.findDocumentByHash(collection.id, contentHash);
    // The same bytes again: the existing document; if it had failed, this is a retry.
    if (existing) return { document: existing.status === 'failed' ? await this.reindex(existing.id) : existing, duplicate: true };
    const document = await this.repository
      .createDocument(
        {
          collectionId: collection.id,
          filename,
          sourceUrl: input.sourceUrl ?? null,
          mimeType: input.declaredType?.slice(0, 120) ?? null,
          sizeBytes: input.bytes.length,
          contentHash,
          status: 'queued',
          metadata: input.metadata ?? {},
        },
        input.bytes,
      )
      .catch(async (error: unknown) => {
        // Two uploads of the same bytes at once: the unique index lets one win; the other is its duplicate.
        const winner = await this.repository.findDocumentByHash(collection.id, contentHash);
        if (winner) return winner;
        throw error;
      });
    if (document.status === 'queued' && document.attempts === 0) await this.queue.enqueue(document.id, 0);
    await this.emit(document);
    return { document, duplicate: false };
  }

  list(filter: DocumentListFilter): Promise<[DocumentEntity[], number]> {
    return this.repository.listDocuments(filter);
  }

  async get(id: string): Promise<DocumentEntity> {
    const document = await this.repository.findDocument(id);
    if (!document) throw new RagError(RagErrorCode.DOCUMENT_NOT_FOUND, `No document ${id}`);
    return document;
  }

  /** Removes the document, its vectors, its keyword entries and its bytes. */
  async remove(id: string): Promise<void> {
    const document = await this.get(id);
    const collection = await this.collections.get(document.collectionId);
    // Database first: once it commits the document is gone from every search; a vector left behind by a
    // crash here is never returned (searches join on committed chunks) and compaction removes it.
    await this.repository.deleteDocument(id);
    for (const name of [collection.chromaName, collection.pendingChromaName].filter((n): n is string => Boolean(n)))
      await this.vectors.deleteWhere(name, { documentId: id }).catch((error: Error) => {
        this.logger.warn(`vectors of deleted document ${id} stay until POST /api/index/optimize: ${error.message}`);
      });
  }

  /** Parses, chunks and embeds the document again (e.g. after the collection's chunk settings changed). */
  async reindex(id: string): Promise<DocumentEntity> {
    const document = await this.get(id);
    if (!TERMINAL.includes(document.status)) return document;
    await this.repository.updateDocument(id, { status: 'queued', progress: 0, errorCode: null, errorMessage: null, attempts: 0 });
    await this.queue.enqueue(id, Date.now());
    const queued = await this.get(id);
    await this.emit(queued);
    return queued;
  }

  /** Resolves with the document once it is indexed or failed (or as it is after timeoutMs). */
  async waitForTerminal(id: string, timeoutMs: number): Promise<DocumentEntity> {
    const current = await this.get(id);
    if (TERMINAL.includes(current.status)) return current;
    return new Promise((resolve) => {
      const set = this.waiters.get(id) ?? new Set();
      this.waiters.set(id, set);
      const done = (document: DocumentEntity) => {
        clearTimeout(timer);
        set.delete(done);
        resolve(document);
      };
      const timer = setTimeout(() => {
        set.delete(done);
        void this.get(id).then(resolve, () => resolve(current));
      }, timeoutMs);
      set.add(done);
      // It may have finished between the read and the subscription.
      void this.get(id).then((latest) => TERMINAL.includes(latest.status) && done(latest));
    });
  }

  collectionOf(idOrName: string) {
    return this.collections.get(idOrName);
  }

  queueDepth(): Promise<number> {
    return this.queue.depth();
  }

  /** One ingestion run of a queued document. Never throws: the outcome is on the document. */
  private async ingest(id: string): Promise<void> {
    const document = await this.repository.findDocument(id);
    if (!document || TERMINAL.includes(document.status)) return;
    const attempts = document.attempts + 1;
    if (attempts > MAX_ATTEMPTS) {
      await this.fail(document, RagErrorCode.INGESTION_INTERRUPTED, `Ingestion was interrupted or failed ${document.attempts} times`);
      return;
    }
    await this.repository.updateDocument(id, { attempts });
    try {
      await this.run({ ...document, attempts });
    } catch (error) {
      const code = error instanceof RagError ? error.code : 'INTERNAL';
      const message = error instanceof Error ? error.message : String(error);
      if (TRANSIENT.has(code) && attempts < MAX_ATTEMPTS) {
        this.logger.warn(`ingestion of ${id} failed (${message}); retrying`);
        await this.repository.updateDocument(id, { status: 'queued', progress: 0 });
        const delay = 1_000 * 2 ** attempts;
        setTimeout(() => void this.queue.enqueue(id, attempts), delay).unref();
        return;
      }
      if (!(error instanceof RagError)) this.logger.error(`ingestion of ${id} failed: ${(error as Error)?.stack ?? message}`);
      await this.fail(document, code, message);
    }
  }

  private async run(document: DocumentEntity): Promise<void> {
    const collection = await this.collections.get(document.collectionId);
    const model = await this.collections.modelOf(collection);
    await this.setStatus(document, 'parsing', 0);
    const bytes = await this.repository.documentSource(document.id);
    if (!bytes) throw new RagError(RagErrorCode.CORRUPT_DOCUMENT, 'The stored bytes of this document are missing');
    const parsed = await parseDocument(
      { bytes, filename: document.filename, declaredType: document.mimeType ?? undefined },
      {
        maxExpandedBytes: Math.max(4 * this.env.RAG_MAX_UPLOAD_BYTES, 64 * 1024 * 1024),
        maxCompressionRatio: 200,
        maxPages: this.env.RAG_MAX_PAGES,
      },
    );
    const chunks = chunkDocument(parsed, { chunkTokens: collection.chunkTokens, overlapTokens: collection.chunkOverlapTokens });
    if (!chunks.length) throw new RagError(RagErrorCode.EMPTY_DOCUMENT, 'The document has no text to index');
    const sample = chunks
      .slice(0, 8)
      .map((c) => c.text)
      .join(' ')
      .slice(0, 4_000);
    const patch = {
      format: parsed.format,
      mimeType: parsed.mimeType,
      title: parsed.title?.slice(0, 500) ?? null,
      pages: parsed.pages ?? null,
      language: detectLanguage(sample) || null,
    };
    await this.repository.updateDocument(document.id, patch);
    await this.setStatus(document, 'embedding', 0);
    let lastEmit = 0;
    const vectors = await this.embeddings.embed(model, chunks.map(embeddingText), (done, total) => {
      if (Date.now() - lastEmit < 250 && done < total) return;
      lastEmit = Date.now();
      void this.setStatus(document, 'embedding', total ? done / total : 1);
    });
    const metadata = document.metadata ?? {};
    // Read the collection again: a re-embedding may have swapped its Chroma collection while this document
    // was embedded. One in progress is filling another Chroma collection with another model: write there too,
    // or this document would be missing once that collection is swapped in.
    const current = await this.collections.get(collection.id);
    if (current.status === 'reembedding' && current.pendingChromaName && current.pendingModelId) {
      const pendingModel = await this.collections.model(current.pendingModelId);
      await this.vectors.upsert(
        current.pendingChromaName,
        chunks.map((c) => chunkId(document.id, c.index)),
        await this.embeddings.embed(pendingModel, chunks.map(embeddingText)),
        chunks.map((c) =>
          vectorMetadata(
            { id: document.id, format: parsed.format, metadata },
            { chunkIndex: c.index, page: c.page, pageEnd: c.pageEnd, heading: c.heading },
          ),
        ),
      );
    }
    await this.vectors.upsert(
      current.chromaName,
      chunks.map((c) => chunkId(document.id, c.index)),
      vectors,
      chunks.map((c) =>
        vectorMetadata(
          { id: document.id, format: parsed.format, metadata },
          { chunkIndex: c.index, page: c.page, pageEnd: c.pageEnd, heading: c.heading },
        ),
      ),
    );
    const previousCount = document.chunkCount;
    await this.repository.commitChunks(document, chunks, {
      ...patch,
      status: 'indexed',
      progress: 1,
      chunkCount: chunks.length,
      tokenCount: chunks.reduce((sum, c) => sum + c.tokenCount, 0),
      indexedAt: Date.now(),
      errorCode: null,
      errorMessage: null,
    });
    // A re-index that produced fewer chunks leaves vectors past the new end: remove them.
    if (previousCount > chunks.length)
      await this.vectors
        .deleteIds(
          collection.chromaName,
          Array.from({ length: previousCount - chunks.length }, (_, i) => chunkId(document.id, chunks.length + i)),
        )
        .catch(() => undefined);
    await this.emit(await this.get(document.id));
  }

  private async setStatus(document: DocumentEntity, status: DocumentStatus, progress: number): Promise<void> {
    await this.repository.updateDocument(document.id, { status, progress });
    await this.emit({ ...document, status, progress });
  }

  private async fail(document: DocumentEntity, code: string, message: string): Promise<void> {
    await this.repository.updateDocument(document.id, {
      status: 'failed',
      errorCode: code,
      errorMessage: message.slice(0, 2_000),
      progress: 0,
    });
    await this.emit(await this.get(document.id));
  }

  private async emit(document: DocumentEntity): Promise<void> {
    const event = {
      documentId: document.id,
      collectionId: document.collectionId,
      status: document.status,
      progress: document.progress,
      errorCode: document.errorCode ?? undefined,
      errorMessage: document.errorMessage ?? undefined,
    };
    await this.bus.publish('rag.document.status', event).catch(() => undefined);
    if (TERMINAL.includes(document.status)) for (const waiter of this.waiters.get(document.id) ?? []) waiter(document);
  }
}
