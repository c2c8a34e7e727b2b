import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, type Repository } from 'typeorm';
import { EmbeddingCacheEntity } from 'src/modules/rag/entities/search-session.entity';

/** Vectors by (model, content hash), stored as base64 float32 so the same text is embedded once per model. */
@Injectable()
export class EmbeddingCacheRepository {
  constructor(@InjectRepository(EmbeddingCacheEntity) private readonly cache: Repository<EmbeddingCacheEntity>) {}

  async cachedVectors(modelId: string, hashes: string[]): Promise<Map<string, Float32Array>> {
    const found = new Map<string, Float32Array>();
    for (let i = 0; i < hashes.length; i += 500) {
      const rows = await this.cache.find({ where: { modelId, contentHash: In(hashes.slice(i, i + 500)) } });
      for (const row of rows) {
        const bytes = Buffer.from(row.vector, 'base64');
        found.set(row.contentHash, new Float32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4));
      }
    }
    return found;
  }

  async cacheVectors(modelId: string, entries: Array<{ hash: string; vector: number[] }>): Promise<void> {
    for (let i = 0; i < entries.length; i += 200) {
      await this.cache
        .createQueryBuilder()
        .insert()
        .values(
          entries.slice(i, i + 200).map((e) => ({
            modelId,
            contentHash: e.hash,
            vector: Buffer.from(new Float32Array(e.vector).buffer).toString('base64'),
          })),
        )
        .orIgnore()
        .execute();
    }
  }

  async deleteModel(modelId: string): Promise<void> {
    await this.cache.delete({ modelId });
  }
}
