import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { provideModuleIdentity } from 'src/core/module-identity';
import { ChromaStore } from 'src/modules/rag/adapters/chroma.store';
import { ChunksRepository } from 'src/modules/rag/chunks.repository';
import { CollectionsController, EmbeddingModelsController } from 'src/modules/rag/collections.controller';
import { CollectionsRepository } from 'src/modules/rag/collections.repository';
import { CollectionsService } from 'src/modules/rag/collections.service';
import { DocumentEventsService } from 'src/modules/rag/document-events.service';
import { DocumentStreamGateway } from 'src/modules/rag/document-stream.gateway';
import { DocumentsController } from 'src/modules/rag/documents.controller';
import { DocumentsRepository } from 'src/modules/rag/documents.repository';
import { DocumentsService } from 'src/modules/rag/documents.service';
import { EmbeddingCacheRepository } from 'src/modules/rag/embeddings/embedding-cache.repository';
import { EmbeddingService } from 'src/modules/rag/embeddings/embedding.service';
import { DocumentChunkEntity, DocumentEntity, DocumentSourceEntity } from 'src/modules/rag/entities/document.entity';
import { EmbeddingModelEntity } from 'src/modules/rag/entities/embedding-model.entity';
import { EmbeddingCacheEntity, SearchSessionEntity } from 'src/modules/rag/entities/search-session.entity';
import { VectorCollectionEntity } from 'src/modules/rag/entities/vector-collection.entity';
import { IngestionService } from 'src/modules/rag/ingestion/ingestion.service';
import { KnowledgeGraphEdgeEntity, KnowledgeGraphEntity, KnowledgeGraphNodeEntity } from 'src/modules/rag/entities/knowledge-graph.entity';
import { KnowledgeGraphService } from 'src/modules/rag/graph/knowledge-graph.service';
import { InsightsService } from 'src/modules/rag/insights.service';
import { RagA2aController } from 'src/modules/rag/rag-a2a.controller';
import { RAG_MODULE } from 'src/modules/rag/rag.descriptor';
import { RagHandlers } from 'src/modules/rag/rag.handlers';
import { SearchController } from 'src/modules/rag/search.controller';
import { KeywordIndexRepository } from 'src/modules/rag/search/keyword-index.repository';
import { QaService } from 'src/modules/rag/search/qa.service';
import { SearchHistoryRepository } from 'src/modules/rag/search/search-history.repository';
import { SearchService } from 'src/modules/rag/search/search.service';

@Module({
  imports: [
    TypeOrmModule.forFeature([
      VectorCollectionEntity,
      EmbeddingModelEntity,
      DocumentEntity,
      DocumentSourceEntity,
      DocumentChunkEntity,
      SearchSessionEntity,
      EmbeddingCacheEntity,
      KnowledgeGraphEntity,
      KnowledgeGraphNodeEntity,
      KnowledgeGraphEdgeEntity,
    ]),
  ],
  controllers: [CollectionsController, EmbeddingModelsController, DocumentsController, SearchController, RagA2aController],
  providers: [
    DocumentStreamGateway,
    provideModuleIdentity(RAG_MODULE),
    CollectionsRepository,
    DocumentsRepository,
    ChunksRepository,
    KeywordIndexRepository,
    SearchHistoryRepository,
    EmbeddingCacheRepository,
    ChromaStore,
    EmbeddingService,
    CollectionsService,
    DocumentEventsService,
    IngestionService,
    DocumentsService,
    SearchService,
    KnowledgeGraphService,
    QaService,
    InsightsService,
    RagHandlers,
  ],
})
export class RagModule {}
