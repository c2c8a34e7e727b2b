import { Inject, Injectable } from '@nestjs/common';
import { Bus } from '@libs/bus';
import type { Env } from '@libs/config';
import { ENV } from 'src/core/env.token';
import { isUuid } from '@libs/contracts';
import { ChromaStore } from 'src/modules/rag/adapters/chroma.store';
import { CollectionsRepository } from 'src/modules/rag/collections.repository';
import { DocumentsRepository } from 'src/modules/rag/documents.repository';
import type { CreateCollectionDto, CreateEmbeddingModelDto } from 'src/modules/rag/dto/collection.dto';
import { EmbeddingCacheRepository } from 'src/modules/rag/embeddings/embedding-cache.repository';
import { EmbeddingService } from 'src/modules/rag/embeddings/embedding.service';
import type { EmbeddingModelEntity } from 'src/modules/rag/entities/embedding-model.entity';
import type { VectorCollectionEntity } from 'src/modules/rag/entities/vector-collection.entity';
import { RagError, RagErrorCode } from 'src/modules/rag/rag.errors';

export const chromaNameFor = (collectionId: string, generation = 0) =>
  `c_${collectionId.replace(/-/g, '')}${generation ? `_g${generation}` : ''}`;

/** Collections and the embedding models they are bound to. */
@Injectable()
export class CollectionsService {
  constructor(
    @Inject(ENV) private readonly env: Env,
    private readonly repository: CollectionsRepository,
    private readonly documents: DocumentsRepository,
    private readonly embeddingCache: EmbeddingCacheRepository,
    private readonly embeddings: EmbeddingService,
    private readonly vectors: ChromaStore,
    private readonly bus: Bus,
  ) {}

  list(): Promise<VectorCollectionEntity[]> {
    return this.repository.listCollections();
  }

  counts(): Promise<Map<string, { documents: number; chunks: number }>> {
    return this.documents.collectionCounts();
  }

  /** By id or by name. */
  async get(idOrName: string): Promise<VectorCollectionEntity> {
    const found = isUuid(idOrName)
      ? ((await this.repository.findCollection(idOrName)) ?? (await this.repository.findCollectionByName(idOrName)))
      : await this.repository.findCollectionByName(idOrName);
    if (!found) throw new RagError(RagErrorCode.COLLECTION_NOT_FOUND, `No collection ${idOrName}`);
    return found;
  }

  async create(dto: CreateCollectionDto): Promise<VectorCollectionEntity> {
    if (await this.repository.findCollectionByName(dto.name))
      throw new RagError(RagErrorCode.COLLECTION_EXISTS, `A collection named ${dto.name} exists`);
    const model = dto.embeddingModel ? await this.model(dto.embeddingModel) : await this.embeddings.defaultModel();
    const chunkTokens = dto.chunkTokens ?? this.env.RAG_CHUNK_TOKENS;
    const overlap = dto.chunkOverlapTokens ?? Math.min(this.env.RAG_CHUNK_OVERLAP_TOKENS, Math.floor(chunkTokens / 4));
    if (overlap >= chunkTokens) throw new RagError(RagErrorCode.COLLECTION_INVALID, 'chunkOverlapTokens must be smaller than chunkTokens');
    const saved = await this.repository.saveCollection({
      name: dto.name,
      description: dto.description ?? '',
      embeddingModelId: model.id,
      chromaName: 'pending',
      chunkTokens,
      chunkOverlapTokens: overlap,
    });
    saved.chromaName = chromaNameFor(saved.id);
    const created = await this.repository.saveCollection(saved);
    await this.bus.publish('rag.collections.changed', { collectionId: created.id, change: 'created' }).catch(() => undefined);
    return created;
  }

  /** Drops the Chroma collection, then every row of the collection. */
  async remove(idOrName: string): Promise<void> {
    const collection = await this.get(idOrName);
    await this.vectors.dropCollection(collection.chromaName);
    await this.repository.deleteCollection(collection.id);
    await this.bus.publish('rag.collections.changed', { collectionId: collection.id, change: 'deleted' }).catch(() => undefined);
  }

  async modelOf(collection: VectorCollectionEntity): Promise<EmbeddingModelEntity> {
    const model = await this.repository.findModel(collection.embeddingModelId);
    if (!model) throw new RagError(RagErrorCode.EMBEDDING_MODEL_NOT_FOUND, `The embedding model of collection ${collection.name} is gone`);
    return model;
  }

  listModels(): Promise<EmbeddingModelEntity[]> {
    return this.repository.listModels();
  }

  /** By id or by name. */
  async model(idOrName: string): Promise<EmbeddingModelEntity> {
    const found = isUuid(idOrName) ? await this.repository.findModel(idOrName) : await this.repository.findModelByName(idOrName);
    if (!found) throw new RagError(RagErrorCode.EMBEDDING_MODEL_NOT_FOUND, `No embedding model ${idOrName}`);
    return found;
  }

  async createModel(dto: CreateEmbeddingModelDto): Promise<EmbeddingModelEntity> {
    if (await this.repository.findModelByName(dto.name))
      throw new RagError(RagErrorCode.EMBEDDING_MODEL_EXISTS, `An embedding model named ${dto.name} exists`);
    if (dto.kind === 'local')
      throw new RagError(RagErrorCode.EMBEDDING_MODEL_INVALID, 'There is one local model, built in: local-use-lite');
    if (dto.kind === 'openai-compatible' && !dto.baseUrl)
      throw new RagError(RagErrorCode.EMBEDDING_MODEL_INVALID, 'An openai-compatible embedding model needs baseUrl');
    return this.repository.saveModel({
      name: dto.name,
      kind: dto.kind,
      modelId: dto.modelId,
      baseUrl: dto.baseUrl ?? null,
      apiKeySealed: dto.apiKey ? this.embeddings.seal(dto.apiKey) : null,
      dimensions: dto.dimensions,
      batchSize: dto.batchSize ?? 64,
    });
  }

  async removeModel(idOrName: string): Promise<void> {
    const model = await this.model(idOrName);
    if (model.kind === 'local') throw new RagError(RagErrorCode.EMBEDDING_MODEL_INVALID, 'The built-in local model cannot be removed');
    if (await this.repository.countCollectionsUsingModel(model.id))
      throw new RagError(RagErrorCode.EMBEDDING_MODEL_IN_USE, `Embedding model ${model.name} is used by a collection`);
    this.embeddings.forget(model.id);
    await this.repository.deleteModel(model.id);
    await this.embeddingCache.deleteModel(model.id);
  }
}
