import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { Env } from '@libs/config';
import { ENV } from 'src/core/env.token';
import { ChromaStore } from 'src/modules/rag/adapters/chroma.store';
import { CollectionsService } from 'src/modules/rag/collections.service';
import { DocumentEventsService, TERMINAL } from 'src/modules/rag/document-events.service';
import { chunkId, DocumentsRepository } from 'src/modules/rag/documents.repository';
import { EmbeddingService } from 'src/modules/rag/embeddings/embedding.service';
import type { DocumentEntity, DocumentStatus } from 'src/modules/rag/entities/document.entity';
import type { EmbeddingModelEntity } from 'src/modules/rag/entities/embedding-model.entity';
import type { VectorCollectionEntity } from 'src/modules/rag/entities/vector-collection.entity';
import { embeddingText, vectorMetadata } from 'src/modules/rag/ingestion/chunk-vectors';
import { BullIngestionQueue, type IngestionQueue, MemoryIngestionQueue } from 'src/modules/rag/ingestion/ingestion.queue';
import { chunkDocument } from 'src/modules/rag/parsing/chunker';
import { parseDocument } from 'src/modules/rag/parsing/document-parser';
import { RagError, RagErrorCode } from 'src/modules/rag/rag.errors';
import type { Chunk, ParsedDocument } from 'src/modules/rag/rag.types';

/** Ingestion attempts before a document that keeps failing transiently (or keeps being interrupted) is marked failed. */
const MAX_ATTEMPTS = 3;
const TRANSIENT = new Set<string>([RagErrorCode.VECTOR_STORE_UNAVAILABLE, RagErrorCode.EMBEDDING_FAILED]);

/** What parsing learned about a document, written to its row before embedding starts. */
type ParsedFields = Pick<DocumentEntity, 'format' | 'mimeType' | 'title' | 'pages' | 'language'>;

/**
 * Queued documents to searchable: parsed, chunked, embedded, written to Chroma and committed to the keyword
 * index in one transaction that also marks them indexed. A crash at any step leaves the document unfinished,
 * and the next start picks it up again.
 */
@Injectable()
export class IngestionService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(IngestionService.name);
  private readonly queue: IngestionQueue;

  constructor(
    @Inject(ENV) private readonly env: Env,
    private readonly repository: DocumentsRepository,
    private readonly collections: CollectionsService,
    private readonly embeddings: EmbeddingService,
    private readonly vectors: ChromaStore,
    private readonly events: DocumentEventsService,
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

  /** The attempt number makes a distinct job, so a retry or re-index is not dropped as a duplicate. */
  enqueue(documentId: string, attempt: number): Promise<void> {
    return this.queue.enqueue(documentId, attempt);
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
      await this.handleFailure(document, attempts, error);
    }
  }

  /** A transient failure is retried with backoff while attempts remain; anything else fails the document. */
  private async handleFailure(document: DocumentEntity, attempts: number, error: unknown): Promise<void> {
    const code = error instanceof RagError ? error.code : 'INTERNAL';
    const message = error instanceof Error ? error.message : String(error);
    if (TRANSIENT.has(code) && attempts < MAX_ATTEMPTS) {
      this.logger.warn(`ingestion of ${document.id} failed (${message}); retrying`);
      await this.repository.updateDocument(document.id, { status: 'queued', progress: 0 });
      const delay = 1_000 * 2 ** attempts;
      setTimeout(() => void this.queue.enqueue(document.id, attempts), delay).unref();
      return;
    }
    if (!(error instanceof RagError)) this.logger.error(`ingestion of ${document.id} failed: ${(error as Error)?.stack ?? message}`);
    await this.fail(document, code, message);
  }

  private async run(document: DocumentEntity): Promise<void> {
    const collection = await this.collections.get(document.collectionId);
    const model = await this.collections.modelOf(collection);
    const parsed = await this.parse(document);
    const { chunks, fields } = await this.chunk(document, parsed, collection);
    const vectors = await this.embed(document, model, chunks);
    await this.index(document, collection, chunks, vectors, fields);
  }

  private async parse(document: DocumentEntity): Promise<ParsedDocument> {
    await this.setStatus(document, 'parsing', 0);
    const bytes = await this.repository.documentSource(document.id);
    if (!bytes) throw new RagError(RagErrorCode.CORRUPT_DOCUMENT, 'The stored bytes of this document are missing');
    return parseDocument(
      { bytes, filename: document.filename, declaredType: document.mimeType ?? undefined },
      {
        maxExpandedBytes: Math.max(4 * this.env.RAG_MAX_UPLOAD_BYTES, 64 * 1024 * 1024),
        maxCompressionRatio: 200,
        maxPages: this.env.RAG_MAX_PAGES,
      },
    );
  }

  /** Splits the parsed document with the collection's chunk settings and records what parsing found. */
  private async chunk(
    document: DocumentEntity,
    parsed: ParsedDocument,
    collection: VectorCollectionEntity,
  ): Promise<{ chunks: Chunk[]; fields: ParsedFields }> {
    const chunks = chunkDocument(parsed, { chunkTokens: collection.chunkTokens, overlapTokens: collection.chunkOverlapTokens });
    if (!chunks.length) throw new RagError(RagErrorCode.EMPTY_DOCUMENT, 'The document has no text to index');
    const sample = chunks
      .slice(0, 8)
      .map((c) => c.text)
      .join(' ')
      .slice(0, 4_000);
    const fields: ParsedFields = {
      format: parsed.format,
      mimeType: parsed.mimeType,
      title: parsed.title?.slice(0, 500) ?? null,
      pages: parsed.pages ?? null,
      // tinyld's language tables take ~0.2 s to load: on the first document, not at start.
      language: (await import('tinyld')).detect(sample) || null,
    };
    await this.repository.updateDocument(document.id, fields);
    return { chunks, fields };
  }

  /** Progress events at most every 250 ms: a large document has thousands of batches. */
  private async embed(document: DocumentEntity, model: EmbeddingModelEntity, chunks: Chunk[]): Promise<number[][]> {
    await this.setStatus(document, 'embedding', 0);
    let lastEmit = 0;
    return this.embeddings.embed(model, chunks.map(embeddingText), (done, total) => {
      if (Date.now() - lastEmit < 250 && done < total) return;
      lastEmit = Date.now();
      void this.setStatus(document, 'embedding', total ? done / total : 1);
    });
  }

  /** Vectors to Chroma first, then the chunks and keyword entries in the transaction that marks the document indexed. */
  private async index(
    document: DocumentEntity,
    collection: VectorCollectionEntity,
    chunks: Chunk[],
    vectors: number[][],
    fields: ParsedFields,
  ): Promise<void> {
    await this.writeVectors(document, collection.id, chunks, vectors, fields.format);
    const previousCount = document.chunkCount;
    await this.repository.commitChunks(document, chunks, {
      ...fields,
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
    await this.events.publish(await this.get(document.id));
  }

  private async writeVectors(
    document: DocumentEntity,
    collectionId: string,
    chunks: Chunk[],
    vectors: number[][],
    format: string | null,
  ): Promise<void> {
    const ids = chunks.map((c) => chunkId(document.id, c.index));
    const metadata = chunks.map((c) =>
      vectorMetadata(
        { id: document.id, format, metadata: document.metadata ?? {} },
        { chunkIndex: c.index, page: c.page, pageEnd: c.pageEnd, heading: c.heading },
      ),
    );
    // Read the collection again: a re-embedding may have swapped its Chroma collection while this document
    // was embedded. One in progress is filling another Chroma collection with another model: write there too,
    // or this document would be missing once that collection is swapped in.
    const current = await this.collections.get(collectionId);
    if (current.status === 'reembedding' && current.pendingChromaName && current.pendingModelId) {
      const pendingModel = await this.collections.model(current.pendingModelId);
      await this.vectors.upsert(
        current.pendingChromaName,
        ids,
        await this.embeddings.embed(pendingModel, chunks.map(embeddingText)),
        metadata,
      );
    }
    await this.vectors.upsert(current.chromaName, ids, vectors, metadata);
  }

  private async setStatus(document: DocumentEntity, status: DocumentStatus, progress: number): Promise<void> {
    await this.repository.updateDocument(document.id, { status, progress });
    await this.events.publish({ ...document, status, progress });
  }

  private async fail(document: DocumentEntity, code: string, message: string): Promise<void> {
    await this.repository.updateDocument(document.id, {
      status: 'failed',
      errorCode: code,
      errorMessage: message.slice(0, 2_000),
      progress: 0,
    });
    await this.events.publish(await this.get(document.id));
  }

  private async get(id: string): Promise<DocumentEntity> {
    const document = await this.repository.findDocument(id);
    if (!document) throw new RagError(RagErrorCode.DOCUMENT_NOT_FOUND, `No document ${id}`);
    return document;
  }
}
