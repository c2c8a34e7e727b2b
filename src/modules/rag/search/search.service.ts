import { Injectable, Logger } from '@nestjs/common';
import type { Where } from 'chromadb';
import { ChromaStore } from 'src/modules/rag/adapters/chroma.store';
import { CollectionsService } from 'src/modules/rag/collections.service';
import { EmbeddingService } from 'src/modules/rag/embeddings/embedding.service';
import type { VectorCollectionEntity } from 'src/modules/rag/entities/vector-collection.entity';
import { ChunksRepository } from 'src/modules/rag/chunks.repository';
import type { SearchSessionEntity } from 'src/modules/rag/entities/search-session.entity';
import { KnowledgeGraphService } from 'src/modules/rag/graph/knowledge-graph.service';
import { KeywordIndexRepository } from 'src/modules/rag/search/keyword-index.repository';
import { SearchHistoryRepository } from 'src/modules/rag/search/search-history.repository';
import { embeddingText } from 'src/modules/rag/ingestion/chunk-vectors';
import { expansionTerms, rocchio } from './pseudo-relevance';
import { adaptiveSemanticShare, convexFusion, minMaxNormalise, NORMALISATION_DEPTH } from './rank-fusion';

export type SearchMode = 'semantic' | 'keyword' | 'hybrid';

export interface SearchFilter {
  documentIds?: string[];
  formats?: string[];
  pageFrom?: number;
  pageTo?: number;
  /** Equality on the metadata given at upload. */
  metadata?: Record<string, string | number | boolean>;
}

export interface SearchRequest {
  collection: string;
  query: string;
  k: number;
  filter?: SearchFilter;
  /**
   * Hybrid: fixed weights of the vector and the keyword side (the semantic share is semanticWeight / (semanticWeight +
   * keywordWeight), a missing one counting 1; a side of weight 0 is not searched). Without either, the share adapts
   * to each query (adaptiveSemanticShare).
   */
  semanticWeight?: number;
  keywordWeight?: number;
  /** Hybrid: candidates taken from each side before fusing. */
  candidates?: number;
  /** Drop results whose semantic similarity is below this (semantic mode). */
  minScore?: number;
  /** Hybrid: pseudo-relevance feedback settings (DEFAULT_FEEDBACK for what is not given). */
  feedback?: Partial<FeedbackSettings>;
}

/**
 * Hybrid search's second pass: the best `passages` of the first fused ranking move the query vector toward them
 * (Rocchio, `vectorWeight`) and add their `terms` most telling words to a second keyword search whose normalised
 * scores count `termWeight` beside the first's. `passages: 0` turns the second pass off.
 */
export interface FeedbackSettings {
  passages: number;
  vectorWeight: number;
  terms: number;
  termWeight: number;
  /** Neighbours in the collection's entity graph added per query entity to the second keyword search; 0: none. */
  graphTerms: number;
}

/**
 * Off by default: on the tuning splits of the public collections no setting beat single-pass hybrid by more than
 * noise with the local model (mean nDCG@10 within ±0.003; SciFact's 809 train queries lost 0.002–0.03), and the
 * second pass doubles the search's queries. `passages` > 0 turns it on, with these values for the rest.
 */
export const DEFAULT_FEEDBACK: FeedbackSettings = { passages: 0, vectorWeight: 1, terms: 10, termWeight: 0.5, graphTerms: 0 };

export interface SearchHit {
  chunkId: string;
  documentId: string;
  filename: string;
  title: string | null;
  chunkIndex: number;
  text: string;
  score: number;
  page: number | null;
  pageEnd: number | null;
  heading: string | null;
  /** Where the hit came from: similarity (1 - cosine distance) and keyword score, when it was on that side. */
  semanticScore?: number;
  keywordScore?: number;
}

export interface SearchOutcome {
  collectionId: string;
  mode: SearchMode;
  results: SearchHit[];
  latencyMs: number;
}

/** Semantic (Chroma), keyword (primary database full text) and hybrid (score fusion with a per-query weight) search. */
@Injectable()
export class SearchService {
  private readonly logger = new Logger(SearchService.name);

  constructor(
    private readonly chunks: ChunksRepository,
    private readonly keywordIndex: KeywordIndexRepository,
    private readonly history: SearchHistoryRepository,
    private readonly collections: CollectionsService,
    private readonly embeddings: EmbeddingService,
    private readonly vectors: ChromaStore,
    private readonly graphs: KnowledgeGraphService,
  ) {}

  async search(mode: SearchMode, request: SearchRequest, principalId?: string): Promise<SearchOutcome> {
    const started = performance.now();
    const collection = await this.collections.get(request.collection);
    let results: SearchHit[];
    if (mode === 'semantic') {
      const hits = await this.semantic(collection, request, request.k);
      results = (await this.hydrate(hits, request.filter)).filter(
        (hit) => request.minScore === undefined || (hit.semanticScore ?? 0) >= request.minScore,
      );
    } else if (mode === 'keyword') {
      results = await this.hydrate(await this.keyword(collection, request, request.k), request.filter);
    } else {
      results = await this.hybrid(collection, request);
    }
    results = results.slice(0, request.k);
    const latencyMs = Math.round((performance.now() - started) * 100) / 100;
    void this.history
      .insert({
        collectionId: collection.id,
        query: request.query.slice(0, 10_000),
        mode,
        resultCount: results.length,
        resultIds: results.map((r) => r.chunkId),
        latencyMs,
        principalId: principalId ?? null,
      })
      .catch((error: Error) => this.logger.warn(`search history not written: ${error.message}`));
    return { collectionId: collection.id, mode, results, latencyMs };
  }

  /** Past searches and questions, newest first, of one collection (id or name) or of all. */
  async pastSearches(collection: string | undefined, limit: number): Promise<SearchSessionEntity[]> {
    const collectionId = collection ? (await this.collections.get(collection)).id : undefined;
    return this.history.list(collectionId, limit);
  }

  private async hybrid(collection: VectorCollectionEntity, request: SearchRequest): Promise<SearchHit[]> {
    const candidates = request.candidates ?? Math.max(NORMALISATION_DEPTH, request.k * 2);
    const fixed = request.semanticWeight !== undefined || request.keywordWeight !== undefined;
    const semanticWeight = request.semanticWeight ?? 1;
    const keywordWeight = request.keywordWeight ?? 1;
    const [semanticFirst, keywordFirst] = await Promise.all([
      semanticWeight > 0 ? this.semantic(collection, request, candidates) : [],
      keywordWeight > 0 ? this.keyword(collection, request, candidates) : [],
    ]);
    const share = fixed
      ? semanticWeight + keywordWeight > 0
        ? semanticWeight / (semanticWeight + keywordWeight)
        : 0
      : adaptiveSemanticShare(semanticFirst, keywordFirst);
    let semantic = semanticFirst;
    let keyword = keywordFirst;
    let fused = convexFusion(semantic, keyword, share);
    const feedback = { ...DEFAULT_FEEDBACK, ...request.feedback };
    if (feedback.passages > 0 && fused.length) {
      ({ semantic, keyword } = await this.withFeedback(collection, request, candidates, fused, feedback, {
        semantic: semanticWeight > 0 ? semanticFirst : undefined,
        keyword: keywordWeight > 0 ? keywordFirst : undefined,
      }));
      fused = convexFusion(semantic, keyword, share);
    }
    const semanticScores = new Map(semanticFirst.map((h) => [h.id, h.semanticScore]));
    const keywordScores = new Map(keywordFirst.map((h) => [h.id, h.keywordScore]));
    // Hydrate a little more than k: a fused id may belong to a document filtered out or not committed.
    const top = fused.slice(0, request.k * 2 + 10);
    const hydrated = await this.hydrate(
      top.map((f) => ({ id: f.id, score: f.score, semanticScore: semanticScores.get(f.id), keywordScore: keywordScores.get(f.id) })),
      request.filter,
    );
    return hydrated;
  }

  /** The second pass of hybrid search (see FeedbackSettings); a side that was not searched stays empty. */
  private async withFeedback(
    collection: VectorCollectionEntity,
    request: SearchRequest,
    candidates: number,
    fused: Array<{ id: string; score: number }>,
    feedback: FeedbackSettings,
    first: { semantic?: RawHit[]; keyword?: RawHit[] },
  ): Promise<{ semantic: RawHit[]; keyword: RawHit[] }> {
    const best = fused.slice(0, feedback.passages);
    const texts = new Map((await this.chunks.searchableChunks(best.map((f) => f.id))).map((c) => [c.id, c]));
    const passages = best.filter((f) => texts.has(f.id)).map((f) => ({ chunk: texts.get(f.id)!, weight: f.score }));
    if (!passages.length) return { semantic: first.semantic ?? [], keyword: first.keyword ?? [] };
    const semanticPass = async (): Promise<RawHit[]> => {
      if (!first.semantic) return [];
      if (feedback.vectorWeight <= 0) return first.semantic;
      const model = await this.collections.modelOf(collection);
      // Passage vectors come from the embedding cache filled at ingestion: no model run for them.
      const [query, vectors] = await Promise.all([
        this.embeddings.embedQuery(model, request.query),
        this.embeddings.embed(
          model,
          passages.map((p) => embeddingText(p.chunk)),
        ),
      ]);
      const hits = await this.vectors.query(
        collection.chromaName,
        rocchio(query, vectors, feedback.vectorWeight),
        candidates,
        chromaWhere(request.filter),
      );
      return hits.map((h) => ({ id: h.id, score: 1 - h.distance, semanticScore: round(1 - h.distance) }));
    };
    const keywordPass = async (): Promise<RawHit[]> => {
      if (!first.keyword) return [];
      const terms = [
        ...expansionTerms(
          request.query,
          passages.map((p) => ({ text: embeddingText(p.chunk), weight: p.weight })),
          feedback.terms,
        ),
        ...(feedback.graphTerms > 0 ? await this.graphs.expansionTerms(collection.id, request.query, feedback.graphTerms) : []),
      ];
      if (!terms.length || feedback.termWeight <= 0) return first.keyword;
      const expanded = await this.keywordIndex.search(collection.id, terms.join(' '), candidates, request.filter);
      const original = minMaxNormalise(first.keyword);
      const added = minMaxNormalise(expanded);
      const ids = new Set([...original.keys(), ...added.keys()]);
      return [...ids]
        .map((id) => ({ id, score: (original.get(id) ?? 0) + feedback.termWeight * (added.get(id) ?? 0) }))
        .sort((a, b) => b.score - a.score);
    };
    const [semantic, keyword] = await Promise.all([semanticPass(), keywordPass()]);
    return { semantic, keyword };
  }

  private async semantic(collection: VectorCollectionEntity, request: SearchRequest, n: number): Promise<RawHit[]> {
    const model = await this.collections.modelOf(collection);
    const vector = await this.embeddings.embedQuery(model, request.query);
    const hits = await this.vectors.query(collection.chromaName, vector, n, chromaWhere(request.filter));
    return hits.map((h) => ({ id: h.id, score: 1 - h.distance, semanticScore: round(1 - h.distance) }));
  }

  private async keyword(collection: VectorCollectionEntity, request: SearchRequest, n: number): Promise<RawHit[]> {
    const hits = await this.keywordIndex.search(collection.id, request.query, n, request.filter);
    return hits.map((h) => ({ id: h.id, score: h.score, keywordScore: round(h.score) }));
  }

  /** Loads the text and source of ranked ids, keeping only committed chunks that pass the filter, in rank order. */
  private async hydrate(hits: RawHit[], filter: SearchFilter | undefined): Promise<SearchHit[]> {
    const chunks = new Map((await this.chunks.searchableChunks(hits.map((h) => h.id))).map((c) => [c.id, c]));
    const out: SearchHit[] = [];
    for (const hit of hits) {
      const chunk = chunks.get(hit.id);
      if (!chunk) continue;
      if (filter?.formats?.length && !filter.formats.includes(chunk.format ?? '')) continue;
      if (filter?.metadata && Object.entries(filter.metadata).some(([key, value]) => chunk.metadata?.[key] !== value)) continue;
      out.push({
        chunkId: chunk.id,
        documentId: chunk.documentId,
        filename: chunk.filename,
        title: chunk.title,
        chunkIndex: chunk.chunkIndex,
        text: chunk.text,
        score: round(hit.score),
        page: chunk.page,
        pageEnd: chunk.pageEnd,
        heading: chunk.heading,
        ...(hit.semanticScore !== undefined ? { semanticScore: hit.semanticScore } : {}),
        ...(hit.keywordScore !== undefined ? { keywordScore: hit.keywordScore } : {}),
      });
    }
    return out;
  }
}

interface RawHit {
  id: string;
  score: number;
  semanticScore?: number;
  keywordScore?: number;
}

const round = (n: number) => Math.round(n * 1e6) / 1e6;

/** The filter as a Chroma where clause (chunk metadata written at ingestion). */
export function chromaWhere(filter: SearchFilter | undefined): Where | undefined {
  if (!filter) return undefined;
  const clauses: Where[] = [];
  if (filter.documentIds?.length) clauses.push({ documentId: { $in: filter.documentIds } });
  if (filter.formats?.length) clauses.push({ format: { $in: filter.formats } });
  if (filter.pageFrom !== undefined) clauses.push({ pageEnd: { $gte: filter.pageFrom } });
  if (filter.pageTo !== undefined) clauses.push({ page: { $lte: filter.pageTo } });
  for (const [key, value] of Object.entries(filter.metadata ?? {})) clauses.push({ [`m_${key}`]: { $eq: value } });
  if (!clauses.length) return undefined;
  return clauses.length === 1 ? clauses[0] : { $and: clauses };
}
