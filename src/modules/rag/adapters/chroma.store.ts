import { Inject, Injectable } from '@nestjs/common';
import { ChromaClient, type Collection, type Metadata, type Where } from 'chromadb';
import type { Env } from '@libs/config';
import { ENV } from 'src/core/env.token';
import { RagError, RagErrorCode } from 'src/modules/rag/rag.errors';

export interface VectorHit {
  id: string;
  /** Cosine distance (0 = same direction). */
  distance: number;
}

/** The only class that talks to ChromaDB: the local server in embedded mode, CHROMA_URL otherwise. */
@Injectable()
export class ChromaStore {
  readonly client: ChromaClient;
  private readonly handles = new Map<string, Promise<Collection>>();

  constructor(@Inject(ENV) env: Env) {
    const url = new URL(env.CHROMA_URL ?? `http://127.0.0.1:${env.CHROMA_PORT}`);
    this.client = new ChromaClient({
      host: url.hostname,
      port: Number(url.port || (url.protocol === 'https:' ? 443 : 80)),
      ssl: url.protocol === 'https:',
    });
  }

  /** Upserts are idempotent by id: re-running an interrupted ingestion overwrites what it wrote before. */
  async upsert(name: string, ids: string[], embeddings: number[][], metadatas: Metadata[]): Promise<void> {
    if (!ids.length) return;
    const collection = await this.collection(name);
    await this.call(() => collection.upsert({ ids, embeddings, metadatas }));
  }

  async query(name: string, embedding: number[], nResults: number, where?: Where): Promise<VectorHit[]> {
    const collection = await this.collection(name);
    const result = await this.call(() =>
      collection.query({ queryEmbeddings: [embedding], nResults, where, include: ['distances'] as never }),
    );
    const ids = result.ids[0] ?? [];
    const distances = result.distances?.[0] ?? [];
    return ids.map((id, i) => ({ id, distance: distances[i] ?? 1 }));
  }

  async deleteIds(name: string, ids: string[]): Promise<void> {
    if (!ids.length) return;
    const collection = await this.collection(name);
    for (let i = 0; i < ids.length; i += 1000) await this.call(() => collection.delete({ ids: ids.slice(i, i + 1000) }));
  }

  async deleteWhere(name: string, where: Where): Promise<void> {
    const collection = await this.collection(name);
    await this.call(() => collection.delete({ where }));
  }

  async count(name: string): Promise<number> {
    const collection = await this.collection(name);
    return this.call(() => collection.count());
  }

  /** Ids stored in a collection, a page at a time (for compaction). */
  async ids(name: string, offset: number, limit: number): Promise<string[]> {
    const collection = await this.collection(name);
    const result = await this.call(() => collection.get({ offset, limit, include: [] as never }));
    return result.ids;
  }

  async dropCollection(name: string): Promise<void> {
    this.handles.delete(name);
    // A collection never written to was never created in Chroma: nothing to drop (its client says "could not be found").
    await this.call(() => this.client.deleteCollection({ name })).catch((error: unknown) => {
      if (!/not (be )?(found|exist)|NotFound/i.test(`${(error as Error)?.message} ${(error as Error)?.name}`)) throw error;
    });
  }

  async heartbeat(): Promise<boolean> {
    return this.client.heartbeat().then(
      () => true,
      () => false,
    );
  }

  private collection(name: string): Promise<Collection> {
    let handle = this.handles.get(name);
    if (!handle) {
      // Cosine space; vectors are supplied by us, so the collection has no embedding function.
      handle = this.call(() =>
        this.client.getOrCreateCollection({ name, configuration: { hnsw: { space: 'cosine' } }, embeddingFunction: null }),
      );
      handle.catch(() => this.handles.delete(name));
      this.handles.set(name, handle);
    }
    return handle;
  }

  private async call<T>(operation: () => Promise<T>): Promise<T> {
    try {
      return await operation();
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      if (/fetch failed|ECONNREFUSED|connect|ChromaConnectionError/i.test(`${message} ${(error as Error)?.name}`))
        throw new RagError(RagErrorCode.VECTOR_STORE_UNAVAILABLE, `ChromaDB is not reachable: ${message}`);
      throw error;
    }
  }
}
