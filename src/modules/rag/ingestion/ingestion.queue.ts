import type Bull from 'bull';
import type { Env } from '@libs/config';

export type IngestionHandler = (documentId: string) => Promise<void>;

/** Where document ingestion jobs wait: Bull on Redis when REDIS_URL is set, an in-process queue otherwise. */
export interface IngestionQueue {
  enqueue(documentId: string, attempt: number): Promise<void>;
  start(handler: IngestionHandler): void;
  /** Jobs waiting or running. */
  depth(): Promise<number>;
  close(): Promise<void>;
}

/**
 * In-process queue with a concurrency limit. It keeps nothing itself: the document rows are the durable
 * record, and the service re-enqueues unfinished documents when the process starts.
 */
export class MemoryIngestionQueue implements IngestionQueue {
  private readonly waiting: string[] = [];
  private readonly known = new Set<string>();
  private running = 0;
  private handler?: IngestionHandler;
  private closed = false;
  private idle?: () => void;

  constructor(private readonly concurrency: number) {}

  async enqueue(documentId: string): Promise<void> {
    if (this.known.has(documentId) || this.closed) return;
    this.known.add(documentId);
    this.waiting.push(documentId);
    this.pump();
  }

  start(handler: IngestionHandler): void {
    this.handler = handler;
    this.pump();
  }

  async depth(): Promise<number> {
    return this.known.size;
  }

  async close(): Promise<void> {
    this.closed = true;
    this.waiting.length = 0;
    if (this.running > 0) await new Promise<void>((resolve) => (this.idle = resolve));
  }

  private pump(): void {
    while (this.handler && !this.closed && this.running < this.concurrency && this.waiting.length) {
      const documentId = this.waiting.shift()!;
      this.running++;
      void this.handler(documentId)
        .catch(() => undefined)
        .finally(() => {
          this.running--;
          this.known.delete(documentId);
          if (this.running === 0) this.idle?.();
          this.pump();
        });
    }
  }
}

/** Bull queue shared by every rag process on one Redis: a job id per (document, attempt) keeps duplicates out. */
export class BullIngestionQueue implements IngestionQueue {
  private readonly queue: Bull.Queue<{ documentId: string }>;

  constructor(
    env: Pick<Env, 'REDIS_URL' | 'BUS_NAMESPACE'>,
    private readonly concurrency: number,
  ) {
    // Bull (and its Lua scripts) loads only in processes that use Redis.
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- synchronous lazy load in the constructor
    const BullQueue = require('bull') as typeof Bull;
    this.queue = new BullQueue('rag-ingest', env.REDIS_URL!, { prefix: `${env.BUS_NAMESPACE}:bull` });
  }

  async enqueue(documentId: string, attempt: number): Promise<void> {
    await this.queue.add({ documentId }, { jobId: `${documentId}:${attempt}`, removeOnComplete: true, removeOnFail: 1000, attempts: 1 });
  }

  start(handler: IngestionHandler): void {
    void this.queue.process(this.concurrency, (job) => handler(job.data.documentId));
  }

  async depth(): Promise<number> {
    const counts = await this.queue.getJobCounts();
    return counts.waiting + counts.active + counts.delayed;
  }

  async close(): Promise<void> {
    await this.queue.close();
  }
}
