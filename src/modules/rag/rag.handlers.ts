import { Injectable, type OnModuleInit } from '@nestjs/common';
import { BusHandler } from '@libs/bus';
import type { ParamsOf } from '@libs/contracts';
import { ModuleIdentity } from 'src/core/module-identity';
import { CollectionsService } from './collections.service';
import { SearchService } from './search/search.service';

/** Agents, tools and workflows search knowledge over the bus; the module's card lists each collection as a skill. */
@Injectable()
export class RagHandlers implements OnModuleInit {
  constructor(
    private readonly search: SearchService,
    private readonly collections: CollectionsService,
    private readonly identity: ModuleIdentity,
  ) {}

  onModuleInit(): void {
    this.identity.addSkillSource(async () =>
      (await this.collections.list()).map((c) => ({
        id: `collection:${c.name}`,
        name: `Knowledge: ${c.name}`,
        description: c.description || `Search and questions over the ${c.name} collection`,
        tags: ['rag', 'knowledge', c.name],
      })),
    );
  }

  @BusHandler('rag.collections')
  async listCollections() {
    return (await this.collections.list()).map((c) => ({ id: c.id, name: c.name, description: c.description ?? null }));
  }

  @BusHandler('rag.search')
  async searchKnowledge({ collection, query, k, mode }: ParamsOf<'rag.search'>) {
    const outcome = await this.search.search(mode ?? 'hybrid', { collection, query, k: k ?? 5 });
    return {
      results: outcome.results.map((r) => ({
        documentId: r.documentId,
        chunkId: r.chunkId,
        text: r.text,
        score: r.score,
        filename: r.filename,
        ...(r.page !== null ? { page: r.page } : {}),
        ...(r.heading ? { heading: r.heading } : {}),
      })),
    };
  }
}
