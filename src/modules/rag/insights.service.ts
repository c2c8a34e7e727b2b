import { Injectable, Logger } from '@nestjs/common';
import { Bus } from '@libs/bus';
import { ChromaStore } from 'src/modules/rag/adapters/chroma.store';
import { ChunksRepository } from 'src/modules/rag/chunks.repository';
import { CollectionsRepository } from 'src/modules/rag/collections.repository';
import { chromaNameFor, CollectionsService } from 'src/modules/rag/collections.service';
import { DocumentsRepository } from 'src/modules/rag/documents.repository';
import { DocumentsService } from 'src/modules/rag/documents.service';
import { EmbeddingService } from 'src/modules/rag/embeddings/embedding.service';
import { embeddingText, vectorMetadata } from 'src/modules/rag/ingestion/chunk-vectors';
import { RagError, RagErrorCode } from 'src/modules/rag/rag.errors';
import { KeywordIndexRepository } from 'src/modules/rag/search/keyword-index.repository';

/** Frequent English words that say nothing about a document's subject. */
const COMMON_WORDS = new Set(
  (
    'about above after again against also among another because been before being below between both cannot could does doing ' +
    'down during each every from further have having here into itself just like more most much must never only other over ' +
    'same should some such than that their them then there these they this those through under until upon very were what ' +
    'when where which while will with within without would your yours first second third once many well'
  ).split(' '),
);

export interface DocumentInsights {
  documentId: string;
  title: string | null;
  status: string;
  statistics: {
    pages: number | null;
    chunks: number;
    tokens: number;
    words: number;
    characters: number;
    language: string | null;
    sizeBytes: number;
  };
  headings: string[];
  keyTerms: Array<{ term: string; count: number }>;
  summary: string | null;
  summaryNote?: string;
}

/** Document insights (statistics, key terms, summary) and index maintenance (compaction, re-embedding). */
@Injectable()
export class InsightsService {
  private readonly logger = new Logger(InsightsService.name);

  constructor(
    private readonly chunks: ChunksRepository,
    private readonly documentRows: DocumentsRepository,
    private readonly collectionRows: CollectionsRepository,
    private readonly keywordIndex: KeywordIndexRepository,
    private readonly documents: DocumentsService,
    private readonly collections: CollectionsService,
    private readonly embeddings: EmbeddingService,
    private readonly vectors: ChromaStore,
    private readonly bus: Bus,
  ) {}

  async insights(id: string, model?: { provider: string; modelId: string }): Promise<DocumentInsights> {
    const document = await this.documents.get(id);
    const chunks = await this.chunks.documentChunks(id);
    const text = chunks.map((c) => c.text).join('\n');
    const counts = new Map<string, number>();
    for (const word of text.toLowerCase().match(/[\p{L}][\p{L}\p{N}]+/gu) ?? []) {
      if (word.length < 4 || COMMON_WORDS.has(word)) continue;
      counts.set(word, (counts.get(word) ?? 0) + 1);
    }
    // Identifiers such as XR-7741 matter more than their parts: count them whole.
    for (const match of text.matchAll(/\b[A-Z]{1,5}-\d{2,6}[A-Z]?\b/g)) counts.set(match[0], (counts.get(match[0]) ?? 0) + 2);
    const keyTerms = [...counts.entries()]
      .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
      .slice(0, 15)
      .map(([term, count]) => ({ term, count }));
    let summary: string | null = null;
    let summaryNote: string | undefined = 'Give model { provider, modelId } for a summary';
    if (model && text) {
      const reply = await this.bus
        .request('agents.generate', {
          provider: model.provider,
          modelId: model.modelId,
          system: 'Summarise the document you are given in at most five sentences.',
          prompt: text.slice(0, 24_000),
        })
        .catch((error: Error) => {
          throw new RagError(RagErrorCode.MODEL_NOT_CONFIGURED, `The model could not summarise: ${error.message}`);
        });
      summary = reply.text;
      summaryNote = undefined;
    }
    return {
      documentId: document.id,
      title: document.title,
      status: document.status,
      statistics: {
        pages: document.pages,
        chunks: document.chunkCount,
        tokens: document.tokenCount,
        words: (text.match(/\S+/g) ?? []).length,
        characters: text.length,
        language: document.language,
        sizeBytes: document.sizeBytes,
      },
      headings: [...new Set(chunks.map((c) => c.heading).filter((h): h is string => Boolean(h)))].slice(0, 50),
      keyTerms,
      summary,
      ...(summaryNote ? { summaryNote } : {}),
    };
  }

  /**
   * Compaction: vectors without a committed chunk are deleted (left by interrupted deletes), keyword entries
   * likewise, and the keyword index is optimized. With reembedWith, the collection moves to another embedding
   * model in the background: a new Chroma collection is filled, then swapped in, then the old one dropped.
   */
  async optimize(collectionIdOrName?: string, reembedWith?: string) {
    const targets = collectionIdOrName ? [await this.collections.get(collectionIdOrName)] : await this.collections.list();
    const removedKeywordEntries = await this.keywordIndex.deleteOrphans();
    const perCollection: Array<{ collectionId: string; name: string; vectors: number; removedVectors: number }> = [];
    for (const collection of targets) {
      let removed = 0;
      let offset = 0;
      for (;;) {
        const ids = await this.vectors.ids(collection.chromaName, offset, 1000);
        if (!ids.length) break;
        const existing = await this.chunks.existingChunkIds(ids);
        const orphans = ids.filter((id) => !existing.has(id));
        await this.vectors.deleteIds(collection.chromaName, orphans);
        removed += orphans.length;
        offset += ids.length - orphans.length;
        if (ids.length < 1000) break;
      }
      perCollection.push({
        collectionId: collection.id,
        name: collection.name,
        vectors: await this.vectors.count(collection.chromaName),
        removedVectors: removed,
      });
    }
    const keywordIndex = await this.keywordIndex.optimize();
    let reembedding: { collectionId: string; model: string; status: string } | undefined;
    if (reembedWith) {
      if (targets.length !== 1) throw new RagError(RagErrorCode.COLLECTION_INVALID, 'Re-embedding needs one collection');
      const collection = targets[0];
      if (collection.status === 'reembedding')
        throw new RagError(RagErrorCode.COLLECTION_BUSY, `Collection ${collection.name} is already being re-embedded`);
      const model = await this.collections.model(reembedWith);
      const target = chromaNameFor(collection.id, Date.now());
      await this.collectionRows.saveCollection({
        ...collection,
        status: 'reembedding',
        pendingModelId: model.id,
        pendingChromaName: target,
        lastError: null,
      });
      void this.reembed(collection.id, model.id, target);
      reembedding = { collectionId: collection.id, model: model.name, status: 'reembedding' };
    }
    return { keywordIndex, removedKeywordEntries, collections: perCollection, ...(reembedding ? { reembedding } : {}) };
  }

  private async reembed(collectionId: string, modelId: string, target: string): Promise<void> {
    const collection = await this.collections.get(collectionId);
    const model = await this.collections.model(modelId);
    try {
      let after = '';
      for (;;) {
        const page = await this.chunks.collectionChunkPage(collection.id, after, 256);
        if (!page.length) break;
        const vectors = await this.embeddings.embed(model, page.map(embeddingText));
        const owners = new Map(
          (await this.documentRows.findDocumentsByIds([...new Set(page.map((c) => c.documentId))])).map((d) => [d.id, d]),
        );
        await this.vectors.upsert(
          target,
          page.map((c) => c.id),
          vectors,
          page.map((c) => vectorMetadata(owners.get(c.documentId) ?? { id: c.documentId, format: null, metadata: null }, c)),
        );
        after = page[page.length - 1].id;
      }
      const old = collection.chromaName;
      await this.collectionRows.saveCollection({
        ...collection,
        chromaName: target,
        embeddingModelId: model.id,
        status: 'ready',
        pendingModelId: null,
      });
      await this.vectors.dropCollection(old).catch(() => undefined);
      this.logger.log(`collection ${collection.name} re-embedded with ${model.name}`);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      this.logger.error(`re-embedding ${collection.name} failed: ${message}`);
      await this.vectors.dropCollection(target).catch(() => undefined);
      await this.collectionRows.saveCollection({
        ...collection,
        status: 'ready',
        pendingModelId: null,
        pendingChromaName: null,
        lastError: message.slice(0, 2000),
      });
    }
  }
}
