import { BatchingWriter } from '@libs/batching';

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
 * A crash can lose at most one flush interval of log rows, never a reply; under overload rows are shed, not queued.
 */
export class BatchingMessageLog implements MessageLog {
  private readonly writer: BatchingWriter<MessageLogEntry>;

  constructor(
    write: (entries: MessageLogEntry[]) => Promise<void>,
    onError: (error: unknown) => void,
    intervalMs = 250,
    maxBuffer = 5_000,
  ) {
    this.writer = new BatchingWriter({ name: 'a2a-messages', write, onError, intervalMs, maxBatch: 1_000, maxBuffered: maxBuffer });
  }

  record(entry: MessageLogEntry): void {
    void this.writer.add(entry);
  }

  flush(): Promise<void> {
    return this.writer.flush();
  }
}
