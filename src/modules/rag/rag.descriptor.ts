import { MODULE_ROUTE_PREFIXES } from '@libs/contracts';
import type { ModuleDescriptor } from 'src/core/module-descriptor';

/** What the rag module is and owns. Skills stay `live: false` until their issue lands. */
export const RAG_MODULE: ModuleDescriptor = {
  name: 'rag',
  title: 'Knowledge',
  description: 'Document ingestion, collections on ChromaDB, semantic and hybrid search, Q&A with citations.',
  routePrefixes: MODULE_ROUTE_PREFIXES['rag'],
  needs: ['chroma'],
  skills: [
    {
      id: 'ask-knowledge',
      name: 'Ask the knowledge base',
      description: 'Answer a question from indexed documents, citing sources.',
      tags: ['rag', 'qa'],
      live: true,
    },
    {
      id: 'search-documents',
      name: 'Search documents',
      description: 'Semantic and hybrid search over document collections.',
      tags: ['rag', 'search'],
      live: true,
    },
  ],
};
