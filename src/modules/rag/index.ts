export { RagModule } from './rag.module';
export { RAG_MODULE } from './rag.descriptor';
export type { SearchMode } from './search/search.service';
