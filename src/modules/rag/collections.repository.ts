import { Injectable } from '@nestjs/common';
import { KnowledgeGraphEdgeEntity, KnowledgeGraphEntity, KnowledgeGraphNodeEntity } from 'src/modules/rag/entities/knowledge-graph.entity';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { DataSource, In, type Repository } from 'typeorm';
import { inTransaction } from '@libs/database';
import { DocumentChunkEntity, DocumentEntity, DocumentSourceEntity } from 'src/modules/rag/entities/document.entity';
import { EmbeddingModelEntity } from 'src/modules/rag/entities/embedding-model.entity';
import { VectorCollectionEntity } from 'src/modules/rag/entities/vector-collection.entity';
import { KeywordIndexRepository } from 'src/modules/rag/search/keyword-index.repository';

/** Collections and the embedding models they are bound to. */
@Injectable()
export class CollectionsRepository {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @InjectRepository(VectorCollectionEntity) private readonly collections: Repository<VectorCollectionEntity>,
    @InjectRepository(EmbeddingModelEntity) private readonly models: Repository<EmbeddingModelEntity>,
    private readonly keywordIndex: KeywordIndexRepository,
  ) {}

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

  /** Removes the collection and everything in it from the primary database (its Chroma collection is the caller's). */
  async deleteCollection(id: string): Promise<void> {
    await inTransaction(this.dataSource, async (manager) => {
      await this.keywordIndex.deleteForCollection(manager, id);
      await manager.delete(DocumentChunkEntity, { collectionId: id });
      const ids = (await manager.find(DocumentEntity, { where: { collectionId: id }, select: { id: true } })).map((d) => d.id);
      for (let i = 0; i < ids.length; i += 500) await manager.delete(DocumentSourceEntity, { documentId: In(ids.slice(i, i + 500)) });
      await manager.delete(DocumentEntity, { collectionId: id });
      await manager.delete(KnowledgeGraphEdgeEntity, { collectionId: id });
      await manager.delete(KnowledgeGraphNodeEntity, { collectionId: id });
      await manager.delete(KnowledgeGraphEntity, { collectionId: id });
      await manager.delete(VectorCollectionEntity, { id });
    });
  }

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
  }

  countCollectionsUsingModel(id: string): Promise<number> {
    return this.collections.count({ where: [{ embeddingModelId: id }, { pendingModelId: id }] });
  }
}
