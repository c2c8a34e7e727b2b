import type { Embedder } from 'src/modules/rag/rag.types';

interface Pending {
  text: string;
  resolve(vector: number[]): void;
  reject(error: Error): void;
}

/**
 * Coalesces concurrent embed calls into full batches: many small documents ingested at once (or many
 * queries) reach the model as a few batches of `batchSize`, not one call each. Calls made in the same
 * tick are merged; batches run concurrently so a worker pool stays busy.
 */
export class EmbeddingBatcher {
  private pending: Pending[] = [];
  private scheduled = false;

  constructor(
    private readonly embedder: Embedder,
    private readonly batchSize: number,
  ) {}

  embed(texts: string[]): Promise<number[][]> {
    if (!texts.length) return Promise.resolve([]);
    const results = texts.map(
      (text) =>
        new Promise<number[]>((resolve, reject) => {
          this.pending.push({ text, resolve, reject });
        }),
    );
    if (!this.scheduled) {
      this.scheduled = true;
      setImmediate(() => this.flush());
    }
    return Promise.all(results);
  }

  private flush(): void {
    this.scheduled = false;
    const items = this.pending;
    this.pending = [];
    for (let i = 0; i < items.length; i += this.batchSize) {
      const batch = items.slice(i, i + this.batchSize);
      this.embedder.embed(batch.map((p) => p.text)).then(
        (vectors) => {
          if (vectors.length !== batch.length) {
            const error = new Error(`the model returned ${vectors.length} vectors for ${batch.length} texts`);
            batch.forEach((p) => p.reject(error));
            return;
          }
          batch.forEach((p, j) => p.resolve(vectors[j]));
        },
        (error: Error) => batch.forEach((p) => p.reject(error)),
      );
    }
  }
}
