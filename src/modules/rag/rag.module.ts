import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { provideModuleIdentity } from 'src/core/module-identity';
import { ChromaStore } from './adapters/chroma.store';
import { CollectionsController, EmbeddingModelsController } from './collections.controller';
import { CollectionsService } from './collections.service';
import { DocumentsController } from './documents.controller';
import { DocumentsService } from './documents.service';
import { EmbeddingService } from './embeddings/embedding.service';
import { DocumentChunkEntity, DocumentEntity, DocumentSourceEntity } from './entities/document.entity';
import { EmbeddingModelEntity } from './entities/embedding-model.entity';
import { EmbeddingCacheEntity, SearchSessionEntity } from './entities/search-session.entity';
import { VectorCollectionEntity } from './entities/vector-collection.entity';
import { InsightsService } from './insights.service';
import { RagA2aController } from './rag-a2a.controller';
import { RAG_MODULE } from './rag.descriptor';
import { RagHandlers } from './rag.handlers';
import { RagRepository } from './rag.repository';
import { QaService } from './search/qa.service';
import { SearchController } from './search.controller';
import { SearchService } from './search/search.service';

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
    ]),
  ],
  controllers: [CollectionsController, EmbeddingModelsController, DocumentsController, SearchController, RagA2aController],
  providers: [
    provideModuleIdentity(RAG_MODULE),
    RagRepository,
    ChromaStore,
    EmbeddingService,
    CollectionsService,
    DocumentsService,
    SearchService,
    QaService,
    InsightsService,
    RagHandlers,
  ],
})
export class RagModule {}
