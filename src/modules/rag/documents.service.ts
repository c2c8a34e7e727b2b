import { Inject, Injectable, Logger } from '@nestjs/common';
import type { Env } from '@libs/config';
import { sha256Hex } from '@libs/crypto';
import { ENV } from 'src/core/env.token';
import { ChromaStore } from 'src/modules/rag/adapters/chroma.store';
import { fetchDocument, tooLarge } from 'src/modules/rag/adapters/url-fetcher';
import { ChunksRepository } from 'src/modules/rag/chunks.repository';
import { CollectionsService } from 'src/modules/rag/collections.service';
import { DocumentEventsService, TERMINAL } from 'src/modules/rag/document-events.service';
import { type DocumentListFilter, DocumentsRepository } from 'src/modules/rag/documents.repository';
import type { DocumentChunkEntity, DocumentEntity } from 'src/modules/rag/entities/document.entity';
import { IngestionService } from 'src/modules/rag/ingestion/ingestion.service';
import { safeFilename } from 'src/modules/rag/parsing/detect-format';
import { RagError, RagErrorCode } from 'src/modules/rag/rag.errors';

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
    throw new RagError(
      RagErrorCode.METADATA_INVALID,
      `metadata must be at most 32 keys ([A-Za-z0-9_.-], up to 64 characters) with string (up to 1000 characters), number or boolean values${bad ? `; ${bad[0].slice(0, 64)} is not` : ''}`,
    );
}

export interface NewDocument {
  collection: string;
  bytes: Buffer;
  filename?: string;
  declaredType?: string;
  sourceUrl?: string;
  metadata?: Record<string, string | number | boolean>;
}

/** A document to fetch from a URL instead of bytes given. */
export type UrlDocument = Omit<NewDocument, 'bytes'> & { url: string };

export interface CreatedDocument {
  document: DocumentEntity;
  duplicate: boolean;
}

/** Documents from upload to removal: stored with their bytes and handed to ingestion (see IngestionService). */
@Injectable()
export class DocumentsService {
  private readonly logger = new Logger(DocumentsService.name);

  constructor(
    @Inject(ENV) private readonly env: Env,
    private readonly repository: DocumentsRepository,
    private readonly chunkRows: ChunksRepository,
    private readonly collections: CollectionsService,
    private readonly ingestion: IngestionService,
    private readonly events: DocumentEventsService,
    private readonly vectors: ChromaStore,
  ) {}

  /** Bytes given or a URL to fetch; with waitMs, answers once a new document is indexed or failed (or waitMs passed). */
  async add(input: NewDocument | UrlDocument, waitMs = 0): Promise<CreatedDocument> {
    const created = 'url' in input ? await this.fromUrl(input) : await this.create(input);
    if (!waitMs || created.duplicate) return created;
    return { document: await this.events.waitForTerminal(created.document.id, waitMs), duplicate: false };
  }

  async fromUrl(input: UrlDocument): Promise<CreatedDocument> {
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
  async create(input: NewDocument): Promise<CreatedDocument> {
    const collection = await this.collections.get(input.collection);
    if (input.bytes.length > this.env.RAG_MAX_UPLOAD_BYTES) throw tooLarge(this.env.RAG_MAX_UPLOAD_BYTES);
    const filename = safeFilename(input.filename || 'document');
    const contentHash = sha256Hex(input.bytes);
    assertFlatMetadata(input.metadata);
    const existing = await this.repository.findDocumentByHash(collection.id, contentHash);
    // The same bytes again: the existing document; if it had failed, this is a retry.
    if (existing) return { document: existing.status === 'failed' ? await this.reindex(existing.id) : existing, duplicate: true };
    const document = await this.store(input, { collectionId: collection.id, filename, contentHash });
    if (document.status === 'queued' && document.attempts === 0) await this.ingestion.enqueue(document.id, 0);
    await this.events.publish(document);
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

  /** The document's chunks in order. */
  async chunks(id: string): Promise<DocumentChunkEntity[]> {
    await this.get(id);
    return this.chunkRows.documentChunks(id);
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
    await this.ingestion.enqueue(id, Date.now());
    const queued = await this.get(id);
    await this.events.publish(queued);
    return queued;
  }

  /** The collection by id or name (documents are listed by either). */
  collectionOf(idOrName: string) {
    return this.collections.get(idOrName);
  }

  private store(input: NewDocument, row: { collectionId: string; filename: string; contentHash: string }): Promise<DocumentEntity> {
    const document = {
      ...row,
      sourceUrl: input.sourceUrl ?? null,
      mimeType: input.declaredType?.slice(0, 120) ?? null,
      sizeBytes: input.bytes.length,
      status: 'queued' as const,
      metadata: input.metadata ?? {},
    };
    return this.repository.createDocument(document, input.bytes).catch(async (error: unknown) => {
      // Two uploads of the same bytes at once: the unique index lets one win; the other is its duplicate.
      const winner = await this.repository.findDocumentByHash(row.collectionId, row.contentHash);
      if (winner) return winner;
      throw error;
    });
  }
}
