import type Bull from 'bull';
import type { Env } from '@libs/config';

export type RunHandler = (runId: string) => Promise<void>;

/** Where runs wait for a worker: Bull on Redis when REDIS_URL is set (any number of replicas), in-process otherwise. */
export interface RunQueue {
  /** `dedupeKey` keeps one job per wake-up; a run queued twice is harmless (the lease admits one driver). */
  enqueue(runId: string, dedupeKey: string): Promise<void>;
  start(handler: RunHandler): void;
  close(): Promise<void>;
}

/** In-process queue with a concurrency limit. It keeps nothing durable: the outbox is the durable record. */
export class MemoryRunQueue implements RunQueue {
  private readonly waiting: string[] = [];
  private readonly queued = new Set<string>();
  private running = 0;
  private handler?: RunHandler;
  private closed = false;

  constructor(private readonly concurrency: number) {}

  async enqueue(runId: string): Promise<void> {
    if (this.closed || this.queued.has(runId)) return;
    this.queued.add(runId);
    this.waiting.push(runId);
    this.pump();
  }

  start(handler: RunHandler): void {
    this.handler = handler;
    this.pump();
  }

  async close(): Promise<void> {
    this.closed = true;
    this.waiting.length = 0;
  }

  private pump(): void {
    while (this.handler && !this.closed && this.running < this.concurrency && this.waiting.length) {
      const runId = this.waiting.shift()!;
      this.queued.delete(runId);
      this.running++;
      void this.handler(runId)
        .catch(() => undefined)
        .finally(() => {
          this.running--;
          this.pump();
        });
    }
  }
}

/** Bull queue shared by every workflow-engine process on one Redis: competing consumers. */
export class BullRunQueue implements RunQueue {
  private readonly queue: Bull.Queue<{ runId: string }>;

  constructor(
    env: Pick<Env, 'REDIS_URL' | 'BUS_NAMESPACE'>,
    private readonly concurrency: number,
  ) {
    // Bull (and its Lua scripts) loads only in processes that use Redis.
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- synchronous lazy load in the constructor
    const BullQueue = require('bull') as typeof Bull;
    this.queue = new BullQueue('workflow-runs', env.REDIS_URL!, { prefix: `${env.BUS_NAMESPACE}:bull` });
  }

  async enqueue(runId: string, dedupeKey: string): Promise<void> {
    await this.queue.add({ runId }, { jobId: dedupeKey, removeOnComplete: true, removeOnFail: 1000, attempts: 1 });
  }

  start(handler: RunHandler): void {
    void this.queue.process(this.concurrency, (job) => handler(job.data.runId));
  }

  async close(): Promise<void> {
    await this.queue.close();
  }
}
