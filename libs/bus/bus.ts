import { randomUUID } from 'node:crypto';
import type { BusMethod, BusTopic, EventOf, ParamsOf, ResultOf } from '@libs/contracts';
import { BusError, BusErrorCode, toRpcError } from './bus.error';
import type { BusEventEnvelope, BusReplyEnvelope, BusRequestEnvelope, MessageContext, MessageMeta } from './envelope';
import type { MessageLog } from './message-log';
import { injectTrace, traceIdOf, withMessageSpan } from './trace-context';

export type RequestHandler<M extends BusMethod = BusMethod> = (
  params: ParamsOf<M>,
  ctx: MessageContext,
) => Promise<ResultOf<M>> | ResultOf<M>;
export type EventHandler<T extends BusTopic = BusTopic> = (event: EventOf<T>, ctx: MessageContext) => Promise<void> | void;

export interface RequestOptions {
  timeoutMs?: number;
  /** Agent id or capability; defaults to the module named by the method's prefix. */
  target?: string;
}

export interface BusOptions {
  processId: string;
  defaultTimeoutMs: number;
  log?: MessageLog;
}

/**
 * The A2A bus: JSON-RPC request/reply and publish/subscribe between modules, the same contract
 * over every transport. Subclasses only move envelopes; correlation, timeouts, trace context,
 * error replies and the message log live here once.
 */
export abstract class Bus {
  protected readonly handlers = new Map<string, RequestHandler<any>>();
  private readonly subscribers = new Map<string, Set<EventHandler<any>>>();
  private inFlight = 0;
  private idle?: () => void;
  protected closed = false;
  /**
   * A transport that crosses processes starts a server span from the trace context the message carries.
   * In-process the caller's span is already the active context, so a second span would only add cost.
   */
  protected readonly remoteTransport: boolean = true;

  constructor(protected readonly options: BusOptions) {}

  get processId(): string {
    return this.options.processId;
  }

  /** Sends a request and resolves with the reply's result; rejects with BusError on error reply or timeout. */
  async request<M extends BusMethod>(method: M, params: ParamsOf<M>, opts: RequestOptions = {}): Promise<ResultOf<M>> {
    if (this.closed) throw new BusError(BusErrorCode.CLOSED, 'The bus is closed');
    const timeoutMs = opts.timeoutMs ?? this.options.defaultTimeoutMs;
    return withMessageSpan(`bus.request ${method}`, 'client', undefined, async () => {
      const envelope: BusRequestEnvelope = { jsonrpc: '2.0', id: randomUUID(), method, params, meta: this.meta(method, opts.target) };
      injectTrace(envelope.meta);
      const started = performance.now();
      let reply: BusReplyEnvelope;
      try {
        reply = await this.withTimeout(this.dispatch(envelope, timeoutMs), envelope, timeoutMs);
      } catch (error) {
        this.logRequest(envelope, started, error instanceof BusError && error.code === BusErrorCode.TIMEOUT ? 'timeout' : 'error', error);
        throw error;
      }
      if ('error' in reply) {
        const error = BusError.fromJsonRpc(reply.error);
        this.logRequest(envelope, started, 'error', error, reply.handledBy);
        throw error;
      }
      this.logRequest(envelope, started, 'ok', undefined, reply.handledBy);
      return reply.result as ResultOf<M>;
    });
  }

  /** Serves a method in this process. Returns a function that stops serving it. */
  handle<M extends BusMethod>(method: M, handler: RequestHandler<M>): () => void {
    if (this.handlers.has(method)) throw new Error(`A handler for ${method} is already registered`);
    this.handlers.set(method, handler);
    this.onHandlerAdded(method);
    return () => {
      this.handlers.delete(method);
      this.onHandlerRemoved(method);
    };
  }

  async publish<T extends BusTopic>(topic: T, event: EventOf<T>): Promise<void> {
    if (this.closed) throw new BusError(BusErrorCode.CLOSED, 'The bus is closed');
    const envelope: BusEventEnvelope = { jsonrpc: '2.0', method: topic, params: event, meta: this.meta(topic) };
    injectTrace(envelope.meta);
    const started = performance.now();
    await this.broadcast(envelope);
    this.options.log?.record({
      id: randomUUID(),
      kind: 'event',
      method: topic,
      source: envelope.meta.source,
      target: envelope.meta.target,
      traceId: traceIdOf(envelope.meta),
      status: 'ok',
      durationMs: performance.now() - started,
      createdAt: new Date(envelope.meta.sentAt),
    });
  }

  subscribe<T extends BusTopic>(topic: T, handler: EventHandler<T>): () => void {
    let set = this.subscribers.get(topic);
    if (!set) {
      set = new Set();
      this.subscribers.set(topic, set);
      this.onTopicAdded(topic);
    }
    set.add(handler);
    return () => {
      set.delete(handler);
      if (set.size === 0) {
        this.subscribers.delete(topic);
        this.onTopicRemoved(topic);
      }
    };
  }

  /** Stops taking new requests, waits (up to timeoutMs) for handlers still running, then closes the transport. */
  async close(timeoutMs = 5_000): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.inFlight > 0) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, timeoutMs);
        this.idle = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
    await this.options.log?.flush();
    await this.closeTransport();
  }

  /** Methods served in this process (the Redis driver also knows about other processes). */
  localMethods(): string[] {
    return [...this.handlers.keys()];
  }

  /** Runs the local handler for an inbound request and always answers with a reply envelope. */
  protected async invoke(envelope: BusRequestEnvelope): Promise<BusReplyEnvelope> {
    const handler = this.handlers.get(envelope.method);
    const handledBy = this.options.processId;
    if (!handler) {
      const error = new BusError(BusErrorCode.NO_HANDLER, `No handler for ${envelope.method}`);
      return { jsonrpc: '2.0', id: envelope.id, error: error.toJsonRpc(), handledBy };
    }
    this.inFlight++;
    try {
      const ctx: MessageContext = { meta: envelope.meta, id: envelope.id };
      const result = this.remoteTransport
        ? await withMessageSpan(`bus.handle ${envelope.method}`, 'server', envelope.meta, async () =>
            handler(envelope.params as never, ctx),
          )
        : await handler(envelope.params as never, ctx);
      return { jsonrpc: '2.0', id: envelope.id, result: result ?? null, handledBy };
    } catch (error) {
      return { jsonrpc: '2.0', id: envelope.id, error: toRpcError(error), handledBy };
    } finally {
      if (--this.inFlight === 0) this.idle?.();
    }
  }

  /** Delivers an inbound event to every local subscriber; a failing subscriber does not affect the others. */
  protected async deliver(envelope: BusEventEnvelope): Promise<void> {
    const set = this.subscribers.get(envelope.method);
    if (!set) return;
    const ctx: MessageContext = { meta: envelope.meta };
    await Promise.all(
      [...set].map((handler) =>
        withMessageSpan(`bus.event ${envelope.method}`, 'consumer', envelope.meta, async () =>
          handler(envelope.params as never, ctx),
        ).catch((error) => this.onSubscriberError(envelope.method, error)),
      ),
    );
  }

  protected onSubscriberError(topic: string, error: unknown): void {
    console.error(`bus subscriber for ${topic} failed:`, error);
  }

  protected abstract dispatch(envelope: BusRequestEnvelope, timeoutMs: number): Promise<BusReplyEnvelope>;
  protected abstract broadcast(envelope: BusEventEnvelope): Promise<void>;
  protected abstract closeTransport(): Promise<void>;
  protected onHandlerAdded(_method: string): void {}
  protected onHandlerRemoved(_method: string): void {}
  protected onTopicAdded(_topic: string): void {}
  protected onTopicRemoved(_topic: string): void {}

  private meta(method: string, target?: string): MessageMeta {
    return { source: this.options.processId, target: target ?? method.split('.')[0], sentAt: Date.now() };
  }

  /** The reply, or a TIMEOUT error after timeoutMs; one promise and one timer per request (no race, no finally). */
  private withTimeout(reply: Promise<BusReplyEnvelope>, envelope: BusRequestEnvelope, timeoutMs: number): Promise<BusReplyEnvelope> {
    return new Promise<BusReplyEnvelope>((resolve, reject) => {
      const timer = setTimeout(
        () =>
          reject(
            new BusError(BusErrorCode.TIMEOUT, `No reply to ${envelope.method} within ${timeoutMs} ms`, undefined, { id: envelope.id }),
          ),
        timeoutMs,
      );
      reply.then(
        (value) => {
          clearTimeout(timer);
          resolve(value);
        },
        (error: unknown) => {
          clearTimeout(timer);
          reject(error);
        },
      );
    });
  }

  private logRequest(
    envelope: BusRequestEnvelope,
    started: number,
    status: 'ok' | 'error' | 'timeout',
    error?: unknown,
    handledBy?: string,
  ): void {
    this.options.log?.record({
      id: envelope.id,
      kind: 'request',
      method: envelope.method,
      source: envelope.meta.source,
      target: envelope.meta.target,
      traceId: traceIdOf(envelope.meta),
      status,
      errorCode: error instanceof BusError ? error.code : error ? BusErrorCode.HANDLER_FAILED : undefined,
      durationMs: performance.now() - started,
      handledBy,
      createdAt: new Date(envelope.meta.sentAt),
    });
  }
}
