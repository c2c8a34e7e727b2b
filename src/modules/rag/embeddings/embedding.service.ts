import { Inject, Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import type { Env } from '@libs/config';
import { loadSecretBox, type SecretBox, sha256Hex } from '@libs/crypto';
import { ENV } from 'src/core/env.token';
import type { EmbeddingModelEntity } from 'src/modules/rag/entities/embedding-model.entity';
import { RagError, RagErrorCode } from 'src/modules/rag/rag.errors';
import { CollectionsRepository } from 'src/modules/rag/collections.repository';
import { EmbeddingCacheRepository } from 'src/modules/rag/embeddings/embedding-cache.repository';
import type { Embedder } from 'src/modules/rag/rag.types';
import { EmbeddingBatcher } from './embedding-batcher';
import { ProviderEmbedder, TransformersEmbedder } from './provider.embedder';
import { UseLiteEmbedder } from './use-lite.embedder';

/** The offline default every fresh install has: Universal Sentence Encoder lite, shipped inside npm. */
export const DEFAULT_EMBEDDING_MODEL = {
  name: 'local-use-lite',
  kind: 'local',
  modelId: 'universal-sentence-encoder-lite',
  dimensions: 512,
} as const;

const MEMORY_CACHE_ENTRIES = 20_000;

/**
 * Embeds texts with a collection's model: batching by the model's batch size, a vector cache by content
 * hash (in memory, then the embedding_cache table), so the same text is embedded once per model.
 */
@Injectable()
export class EmbeddingService implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(EmbeddingService.name);
  private readonly embedders = new Map<string, EmbeddingBatcher>();
  private readonly raw = new Map<string, Embedder>();
  private readonly memory = new Map<string, number[]>();
  private readonly secrets: SecretBox;
  private local?: Promise<UseLiteEmbedder>;

  constructor(
    @Inject(ENV) private readonly env: Env,
    private readonly repository: CollectionsRepository,
    private readonly cache: EmbeddingCacheRepository,
  ) {
    this.secrets = loadSecretBox(env);
  }

  async onModuleInit(): Promise<void> {
    if (!(await this.repository.findModelByName(DEFAULT_EMBEDDING_MODEL.name))) {
      // Split mode: two rag processes may race to create it; the loser finds it there.
      await this.repository.saveModel({ ...DEFAULT_EMBEDDING_MODEL, batchSize: 64 }).catch(() => undefined);
    }
  }

  async defaultModel(): Promise<EmbeddingModelEntity> {
    const model = await this.repository.findModelByName(DEFAULT_EMBEDDING_MODEL.name);
    if (!model) throw new RagError(RagErrorCode.EMBEDDING_MODEL_NOT_FOUND, 'The default embedding model is missing');
    return model;
  }

  seal(apiKey: string): string {
    return this.secrets.seal(apiKey);
  }

  /** One vector per text, in order. onProgress(done, total) after every batch. */
  async embed(model: EmbeddingModelEntity, texts: string[], onProgress?: (done: number, total: number) => void): Promise<number[][]> {
    const hashes = texts.map(sha256Hex);
    const vectors: Array<number[] | undefined> = hashes.map((hash) => this.memory.get(`${model.id}:${hash}`));
    const missingHashes = [...new Set(hashes.filter((_, i) => !vectors[i]))];
    if (missingHashes.length) {
      const stored = await this.cache.cachedVectors(model.id, missingHashes);
      hashes.forEach((hash, i) => {
        const found = stored.get(hash);
        if (!vectors[i] && found) vectors[i] = this.remember(model.id, hash, Array.from(found));
      });
    }
    const todo = new Map<string, string>();
    hashes.forEach((hash, i) => !vectors[i] && todo.set(hash, texts[i]));
    const pending = [...todo.entries()];
    let done = texts.length - pending.length;
    onProgress?.(done, texts.length);
    const embedder = await this.embedderFor(model);
    // Groups of a few batches go out at once (the batcher splits them, a worker pool runs them side by side);
    // progress and the cache are updated after each group.
    const group = Math.max(1, model.batchSize) * 4;
    for (let i = 0; i < pending.length; i += group) {
      const batch = pending.slice(i, i + group);
      let produced: number[][];
      try {
        produced = await embedder.embed(batch.map(([, text]) => text));
      } catch (error) {
        throw new RagError(RagErrorCode.EMBEDDING_FAILED, `Embedding with ${model.name} failed: ${(error as Error).message}`, {
          model: model.name,
        });
      }
      if (produced.length !== batch.length || produced.some((v) => v.length !== model.dimensions))
        throw new RagError(
          RagErrorCode.EMBEDDING_FAILED,
          `Embedding model ${model.name} returned ${produced.length} vectors of ${produced[0]?.length} dimensions; expected ${batch.length} of ${model.dimensions}`,
        );
      await this.cache.cacheVectors(
        model.id,
        batch.map(([hash], j) => ({ hash, vector: produced[j] })),
      );
      batch.forEach(([hash], j) => this.remember(model.id, hash, produced[j]));
      done += batch.length;
      onProgress?.(Math.min(done, texts.length), texts.length);
    }
    return hashes.map((hash, i) => vectors[i] ?? this.memory.get(`${model.id}:${hash}`)!);
  }

  /** A query vector (cached in memory only: queries repeat, but are not worth a table row). */
  async embedQuery(model: EmbeddingModelEntity, text: string): Promise<number[]> {
    const key = `${model.id}:${sha256Hex(text)}`;
    const cached = this.memory.get(key);
    if (cached) return cached;
    const embedder = await this.embedderFor(model);
    const [vector] = await embedder.embed([text]).catch((error: Error) => {
      throw new RagError(RagErrorCode.EMBEDDING_FAILED, `Embedding with ${model.name} failed: ${error.message}`);
    });
    this.memory.set(key, vector);
    this.trim();
    return vector;
  }

  forget(modelId: string): void {
    const embedder = this.raw.get(modelId);
    this.embedders.delete(modelId);
    this.raw.delete(modelId);
    if (embedder && !(embedder instanceof UseLiteEmbedder)) void embedder.close?.();
  }

  async onApplicationShutdown(): Promise<void> {
    const local = this.local;
    this.local = undefined;
    if (local) await (await local.catch(() => undefined))?.close();
  }

  private async embedderFor(model: EmbeddingModelEntity): Promise<EmbeddingBatcher> {
    const existing = this.embedders.get(model.id);
    if (existing) return existing;
    let embedder: Embedder;
    switch (model.kind) {
      case 'local':
        this.local ??= UseLiteEmbedder.create({ workers: this.env.RAG_EMBEDDING_WORKERS });
        embedder = await this.local;
        break;
      case 'transformers':
        embedder = new TransformersEmbedder(model.modelId, model.dimensions);
        break;
      case 'openai':
      case 'google':
      case 'ollama':
      case 'openai-compatible':
        embedder = new ProviderEmbedder(model.kind, model.modelId, model.dimensions, {
          apiKey: model.apiKeySealed ? this.secrets.open(model.apiKeySealed) : undefined,
          baseUrl: model.baseUrl ?? undefined,
          timeoutMs: this.env.A2A_OUTBOUND_TIMEOUT_MS,
        });
    }
    const batcher = new EmbeddingBatcher(embedder, Math.max(1, model.batchSize));
    this.raw.set(model.id, embedder);
    this.embedders.set(model.id, batcher);
    this.logger.debug(`embedder ready for ${model.name} (${model.kind})`);
    return batcher;
  }

  private remember(modelId: string, hash: string, vector: number[]): number[] {
    this.memory.set(`${modelId}:${hash}`, vector);
    this.trim();
    return vector;
  }

  private trim(): void {
    // Insertion-ordered Map: dropping the oldest keys is a cheap FIFO bound.
    while (this.memory.size > MEMORY_CACHE_ENTRIES) this.memory.delete(this.memory.keys().next().value!);
  }
}
