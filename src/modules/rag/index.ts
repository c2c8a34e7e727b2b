export { RagModule } from './rag.module';
export { RAG_MODULE } from './rag.descriptor';
// In-process API for bench:rag and eval:rag (other modules use the bus: rag.search).
export { CollectionsService } from './collections.service';
export { DocumentsService } from './documents.service';
export { SearchService, type SearchMode } from './search/search.service';
export { EmbeddingService } from './embeddings/embedding.service';
export { UseLiteEmbedder, type UseLiteEmbedderOptions } from './embeddings/use-lite.embedder';
export { ChromaStore } from './adapters/chroma.store';
export { RagRepository, chunkId } from './rag.repository';
export { countTokens } from './parsing/chunker';
export { readBeirDataset } from './eval/beir';
export { evaluateRun } from './eval/ir-metrics';
