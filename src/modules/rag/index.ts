export { RagModule } from './rag.module';
export { RAG_MODULE } from './rag.descriptor';
