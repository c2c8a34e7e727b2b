export interface BatchingWriterOptions<T> {
  /** Names the writer in logs and error messages. */
  name: string;
  /** Writes one batch; a rejection counts as a failed batch. */
  write: (batch: T[]) => Promise<void>;
  /** Flush as soon as this many items are buffered. */
  maxBatch?: number;
  /** Flush at most this long after the first buffered item. */
  intervalMs?: number;
  /** Above this many buffered items, add() returns a promise that settles when the buffer has drained (backpressure). */
  highWaterMark?: number;
  /** Never buffer more than this: further items are dropped and counted (logs prefer shedding to growing). */
  maxBuffered?: number;
  /** Items with the same key coalesce: a later one replaces the earlier one still in the buffer. */
  keyOf?: (item: T) => string;
  /** Put a failed batch back (behind newer items with the same key) instead of dropping it. */
  retryFailed?: boolean;
  onError?: (error: unknown, batchSize: number) => void;
}

export interface BatchingWriterStats {
  pending: number;
  written: number;
  failedBatches: number;
  dropped: number;
}

const SETTLED = Promise.resolve();

/**
 * Write-behind buffer for rows that need not be on the request path (message logs, query history,
 * run records, task snapshots). Reads that must see every row call flush() first; shutdown calls close().
 */
export class BatchingWriter<T> {
  private buffer = new Map<string | number, T>();
  private sequence = 0;
  private inFlight = 0;
  private timer?: NodeJS.Timeout;
  private writing: Promise<void> = SETTLED;
  private readonly stats = { written: 0, failedBatches: 0, dropped: 0 };
  private commitWaiters: Array<[resolve: () => void, reject: (error: Error) => void]> = [];
  private committing = false;
  private readonly maxBatch: number;
  private readonly intervalMs: number;
  private readonly highWaterMark: number;
  private readonly maxBuffered: number;

  constructor(private readonly options: BatchingWriterOptions<T>) {
    this.maxBatch = options.maxBatch ?? 500;
    this.intervalMs = options.intervalMs ?? 200;
    this.highWaterMark = options.highWaterMark ?? this.maxBatch * 4;
    this.maxBuffered = options.maxBuffered ?? Number.POSITIVE_INFINITY;
  }

  /** Buffers an item. The returned promise is already settled unless the buffer is above its high-water mark. */
  add(item: T): Promise<void> {
    const key = this.options.keyOf ? this.options.keyOf(item) : this.sequence++;
    if (!this.buffer.has(key) && this.buffer.size >= this.maxBuffered) {
      this.stats.dropped++;
      return SETTLED;
    }
    if (this.options.keyOf) this.buffer.delete(key); // re-insert so iteration order follows the latest write
    this.buffer.set(key, item);
    if (this.buffer.size >= this.maxBatch) return this.flushAndWaitIfFull();
    this.timer ??= setTimeout(() => void this.flush(), this.intervalMs);
    return SETTLED;
  }

  /**
   * Group commit: buffers the item and resolves once it is written (rejects if its batch failed). Items committed
   * while a batch is being written go in the next batch, so under load one insert carries many callers' rows and
   * alone a caller waits for one insert, never for the timer. For rows the caller must not answer without.
   */
  commit(item: T): Promise<void> {
    const written = new Promise<void>((resolve, reject) => this.commitWaiters.push([resolve, reject]));
    void this.add(item);
    if (!this.committing) void this.runCommits();
    return written;
  }

  private async runCommits(): Promise<void> {
    this.committing = true;
    try {
      while (this.commitWaiters.length > 0) {
        await new Promise(setImmediate); // gather the commits of this turn of the event loop
        const waiters = this.commitWaiters;
        this.commitWaiters = [];
        const ok = await this.flushBatch();
        const failure = new Error(`${this.options.name}: the batch could not be written`);
        for (const [resolve, reject] of waiters)
          if (ok) resolve();
          else reject(failure);
      }
    } finally {
      this.committing = false;
    }
  }

  /** The buffered item with this key, if any (keyed writers only): lets a reader see a row not yet written. */
  peek(key: string): T | undefined {
    return this.buffer.get(key);
  }

  /** Writes everything buffered so far; resolves once it (and every earlier batch) is written or has failed. */
  flush(): Promise<void> {
    return this.flushBatch().then(() => undefined);
  }

  /** Like flush(), telling whether the batch it started (if any) was written. */
  private flushBatch(): Promise<boolean> {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (this.buffer.size === 0) return this.writing.then(() => true);
    const batch = this.buffer;
    this.buffer = new Map();
    this.inFlight += batch.size;
    const written = this.writing.then(() => this.writeBatch(batch));
    this.writing = written.then(() => undefined);
    return written;
  }

  /** Flushes and stops the timer; further items are still accepted and written on the next flush. */
  async close(): Promise<void> {
    await this.flush();
  }

  getStats(): BatchingWriterStats {
    return { pending: this.buffer.size + this.inFlight, ...this.stats };
  }

  private flushAndWaitIfFull(): Promise<void> {
    const flushed = this.flush();
    // A slow database shows as batches piling up behind the one being written: make the caller wait for them.
    return this.inFlight >= this.highWaterMark ? flushed : SETTLED;
  }

  private async writeBatch(batch: Map<string | number, T>): Promise<boolean> {
    const items = [...batch.values()];
    try {
      await this.options.write(items);
      this.stats.written += items.length;
      return true;
    } catch (error) {
      this.stats.failedBatches++;
      this.options.onError?.(error, items.length);
      if (!this.options.retryFailed) return false;
      // Newer writes to the same key win over the failed ones.
      for (const [key, item] of batch) if (!this.buffer.has(key)) this.buffer.set(key, item);
      this.timer ??= setTimeout(() => void this.flush(), this.intervalMs * 4);
      return false;
    } finally {
      this.inFlight -= items.length;
    }
  }
}
