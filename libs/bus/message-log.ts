/** One row of a2a_messages: a request with its outcome, or a published event. */
export interface MessageLogEntry {
  id: string;
  kind: 'request' | 'event';
  method: string;
  source: string;
  target: string;
  traceId?: string;
  status: 'ok' | 'error' | 'timeout';
  errorCode?: string;
  durationMs: number;
  handledBy?: string;
  createdAt: Date;
}

/** Where the bus writes its message log. The database-backed one lives in bus.module.ts. */
export interface MessageLog {
  record(entry: MessageLogEntry): void;
  flush(): Promise<void>;
}

export const NO_MESSAGE_LOG: MessageLog = { record: () => undefined, flush: async () => undefined };

/**
 * Buffers entries and writes them in batches, so logging never sits on the request path.
 * A crash can lose at most one flush interval of log rows, never a reply.
 */
export class BatchingMessageLog implements MessageLog {
  private buffer: MessageLogEntry[] = [];
  private timer?: NodeJS.Timeout;
  private writing: Promise<void> = Promise.resolve();

  constructor(
    private readonly write: (entries: MessageLogEntry[]) => Promise<void>,
    private readonly onError: (error: unknown) => void,
    private readonly intervalMs = 250,
    private readonly maxBuffer = 5_000,
  ) {}

  record(entry: MessageLogEntry): void {
    if (this.buffer.length >= this.maxBuffer) return; // shed log rows under overload rather than grow without bound
    this.buffer.push(entry);
    this.timer ??= setTimeout(() => void this.flush(), this.intervalMs);
  }

  async flush(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    const batch = this.buffer;
    this.buffer = [];
    if (batch.length) this.writing = this.writing.then(() => this.write(batch)).catch(this.onError);
    await this.writing;
  }
}
