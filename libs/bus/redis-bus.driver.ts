import Redis, { type RedisOptions } from 'ioredis';
import { isIdempotentMethod } from '@libs/contracts';
import { Bus, type BusOptions } from './bus';
import { BusError, BusErrorCode } from './bus.error';
import type { BusEventEnvelope, BusReplyEnvelope, BusRequestEnvelope } from './envelope';

export interface RedisBusOptions extends BusOptions {
  url: string;
  /** Prefix of every key and channel, so deployments (or test runs) can share one Redis. */
  namespace?: string;
  /** How long a process's liveness mark lasts without a heartbeat; after it, other replicas take over its requests. */
  livenessTtlMs?: number;
}

/** Every replica of every module reads a method's stream in this one consumer group: each request reaches one. */
const GROUP = 'replicas';
/** Requests one process runs at once; it reads no more from its streams until some finish. */
const MAX_IN_FLIGHT = 256;
const BLOCK_MS = 5_000;
/** A stream holds unanswered requests only (answered ones are deleted); the cap guards Redis if nobody consumes. */
const STREAM_MAX_LEN = 100_000;

interface Waiter {
  resolve: (reply: BusReplyEnvelope) => void;
  deadline: number;
}

/**
 * Redis transport on ioredis, with competing consumers.
 *
 * Requests: each method has a stream (`<ns>:rq:<method>`) read by one consumer group that every process serving
 * the method joins, so a request is handled by exactly one replica, and a request sent while no replica runs
 * waits in the stream until one starts (or the caller's deadline passes; expired requests are dropped unrun). The
 * handler's reply is published on the caller's own channel (`<ns>:reply:<processId>`), and the entry is acknowledged
 * and deleted in the same round trip.
 *
 * Replicas that die: each process keeps a liveness key fresh; every few seconds the others look at the requests
 * still pending with a consumer whose key has expired, and claim them (XCLAIM, so only one claimer wins). A read
 * (see isIdempotentMethod) is run again; anything else is answered with BUS_REPLICA_LOST, so no write runs twice.
 *
 * Events: plain pub/sub on `<ns>:evt:<topic>`, so every subscriber of every process gets each one.
 */
export class RedisBus extends Bus {
  private readonly namespace: string;
  private readonly livenessTtlMs: number;
  /** Commands and publishing. */
  private readonly commands: Redis;
  /** Replies to this process and event channels. */
  private readonly subscriber: Redis;
  /** The blocking XREADGROUP loop (a blocked connection can do nothing else). */
  private readonly reader: Redis;
  private readerClientId?: number;
  private readonly ready: Promise<void>;
  private readonly waiters = new Map<string, Waiter>();
  private readonly streams = new Set<string>();
  private readonly groupsMade = new Set<string>();
  private running = 0;
  private wakeReader?: () => void;
  private readonly timers: NodeJS.Timeout[] = [];
  private readLoopDone?: Promise<void>;

  constructor(options: RedisBusOptions) {
    super(options);
    this.namespace = options.namespace ?? 'agentic';
    this.livenessTtlMs = options.livenessTtlMs ?? 6_000;
    const connection: RedisOptions = {
      ...redisConnectionOptions(options.url),
      // Keep retrying forever (Redis restarts are survived); commands queue while it is away.
      retryStrategy: (attempt) => Math.min(attempt * 100, 1_000),
      maxRetriesPerRequest: null,
      lazyConnect: true,
    };
    this.commands = new Redis({ ...connection, connectionName: `${options.processId}:bus` });
    this.subscriber = new Redis({ ...connection, connectionName: `${options.processId}:bus-sub` });
    this.reader = new Redis({ ...connection, connectionName: `${options.processId}:bus-reader` });
    for (const client of [this.commands, this.subscriber, this.reader]) client.on('error', () => undefined); // reconnects by itself
    this.subscriber.on('message', (channel: string, message: string) => this.onMessage(channel, message));
    // After a reconnect the reader has a new id (for CLIENT UNBLOCK) and Redis may have lost the groups (no persistence).
    this.reader.on('ready', () => {
      this.groupsMade.clear();
      void this.reader.client('ID').then(
        (id) => (this.readerClientId = Number(id)),
        () => undefined,
      );
    });
    this.ready = Promise.all([this.commands.connect(), this.subscriber.connect(), this.reader.connect()])
      .then(() => this.subscriber.subscribe(this.replyChannel))
      .then(() => this.heartbeat())
      .then(() => {
        this.timers.push(setInterval(() => void this.heartbeat(), Math.max(500, this.livenessTtlMs / 3)).unref());
        this.timers.push(setInterval(() => void this.recoverOrphans(), Math.max(500, this.livenessTtlMs / 2)).unref());
        this.timers.push(setInterval(() => this.expireWaiters(), 1_000).unref());
        this.readLoopDone = this.readLoop();
      });
    this.ready.catch(() => undefined); // surfaced on first use
  }

  /** Resolves once the Redis connections are up and this process listens for its replies. */
  whenReady(): Promise<void> {
    return this.ready;
  }

  protected async dispatch(envelope: BusRequestEnvelope, timeoutMs: number): Promise<BusReplyEnvelope> {
    await this.ready;
    const deadline = Date.now() + timeoutMs;
    const queued: BusRequestEnvelope = { ...envelope, replyTo: this.replyChannel, deadline };
    const reply = new Promise<BusReplyEnvelope>((resolve) => this.waiters.set(envelope.id, { resolve, deadline: deadline + 1_000 }));
    await this.commands.xadd(this.requestStream(envelope.method), 'MAXLEN', '~', STREAM_MAX_LEN, '*', 'm', JSON.stringify(queued));
    return reply;
  }

  protected async broadcast(envelope: BusEventEnvelope): Promise<void> {
    await this.ready;
    await this.commands.publish(this.eventChannel(envelope.method), JSON.stringify(envelope));
  }

  protected async closeTransport(): Promise<void> {
    for (const timer of this.timers) clearInterval(timer);
    this.streams.clear();
    await this.unblockReader();
    await this.readLoopDone?.catch(() => undefined);
    // Gone now rather than when the mark expires: other replicas take over anything left pending at once.
    await this.commands.del(this.livenessKey(this.processId)).catch(() => undefined);
    await Promise.allSettled([this.commands.quit(), this.subscriber.quit(), this.reader.quit()]);
  }

  protected override onHandlerAdded(method: string): void {
    this.streams.add(this.requestStream(method));
    void this.unblockReader();
  }

  protected override onHandlerRemoved(method: string): void {
    this.streams.delete(this.requestStream(method));
    void this.unblockReader();
  }

  protected override onTopicAdded(topic: string): void {
    void this.subscriber.subscribe(this.eventChannel(topic)).catch(() => undefined);
  }

  protected override onTopicRemoved(topic: string): void {
    void this.subscriber.unsubscribe(this.eventChannel(topic)).catch(() => undefined);
  }

  private onMessage(channel: string, message: string): void {
    if (channel === this.replyChannel) {
      const reply = JSON.parse(message) as BusReplyEnvelope;
      const waiter = this.waiters.get(reply.id);
      if (!waiter) return; // the caller gave up already
      this.waiters.delete(reply.id);
      waiter.resolve(reply);
      return;
    }
    void this.deliver(JSON.parse(message) as BusEventEnvelope);
  }

  /** Reads requests for every method this process serves, as many as it has room for, and runs them concurrently. */
  private async readLoop(): Promise<void> {
    while (!this.closed) {
      const streams = [...this.streams];
      const room = MAX_IN_FLIGHT - this.running;
      if (streams.length === 0 || room <= 0) {
        await new Promise<void>((resolve) => (this.wakeReader = resolve));
        continue;
      }
      let batches: Array<[string, Array<[string, string[]]>]> | null;
      try {
        await this.ensureGroups(streams);
        batches = (await this.reader.xreadgroup(
          'GROUP',
          GROUP,
          this.processId,
          'COUNT',
          room,
          'BLOCK',
          BLOCK_MS,
          'STREAMS',
          ...streams,
          ...streams.map(() => '>'),
        )) as Array<[string, Array<[string, string[]]>]> | null;
      } catch (error) {
        if (this.closed) return;
        // NOGROUP after Redis lost its data: make the groups again; UNBLOCKED: the set of streams changed.
        if (/NOGROUP/.test(String(error))) this.groupsMade.clear();
        else if (!/UNBLOCKED/.test(String(error))) await new Promise((resolve) => setTimeout(resolve, 200));
        continue;
      }
      for (const [stream, entries] of batches ?? []) {
        for (const [entryId, fields] of entries) void this.run(stream, entryId, fields[1]);
      }
    }
  }

  private async run(stream: string, entryId: string, message: string | undefined, claimedFrom?: string): Promise<void> {
    this.running++;
    try {
      const envelope = message ? (JSON.parse(message) as BusRequestEnvelope) : undefined;
      let reply: BusReplyEnvelope | undefined;
      if (!envelope?.replyTo || (envelope.deadline && Date.now() > envelope.deadline)) {
        reply = undefined; // its caller stopped waiting: running it now could apply a write the caller was told failed
      } else if (claimedFrom && !isIdempotentMethod(envelope.method)) {
        const error = new BusError(
          BusErrorCode.REPLICA_LOST,
          `${claimedFrom} stopped while handling ${envelope.method}; not run again because ${envelope.method} is not idempotent`,
        );
        reply = { jsonrpc: '2.0', id: envelope.id, error: error.toJsonRpc(), handledBy: this.processId };
      } else {
        reply = await this.invoke(envelope);
      }
      const done = this.commands.pipeline();
      if (reply && envelope?.replyTo) done.publish(envelope.replyTo, JSON.stringify(reply));
      done.xack(stream, GROUP, entryId).xdel(stream, entryId);
      await done.exec();
    } catch {
      // Malformed entry or Redis away: left pending, so a recovering replica settles it.
    } finally {
      this.running--;
      if (this.running === MAX_IN_FLIGHT - 1) this.wakeReader?.();
    }
  }

  private async ensureGroups(streams: string[]): Promise<void> {
    for (const stream of streams) {
      if (this.groupsMade.has(stream)) continue;
      // From id 0: requests queued before any replica started are served too (expired ones are dropped).
      await this.commands.xgroup('CREATE', stream, GROUP, '0', 'MKSTREAM').catch((error: unknown) => {
        if (!/BUSYGROUP/.test(String(error))) throw error;
      });
      this.groupsMade.add(stream);
    }
  }

  private async unblockReader(): Promise<void> {
    this.wakeReader?.();
    if (this.readerClientId !== undefined) await this.commands.client('UNBLOCK', this.readerClientId, 'ERROR').catch(() => undefined);
  }

  private async heartbeat(): Promise<void> {
    await this.commands.set(this.livenessKey(this.processId), '1', 'PX', this.livenessTtlMs).catch(() => undefined);
  }

  /** Takes over requests left pending by replicas whose liveness mark expired. */
  private async recoverOrphans(): Promise<void> {
    if (this.closed) return;
    for (const stream of this.streams) {
      try {
        const pending = (await this.commands.xpending(stream, GROUP, 'IDLE', 1_000, '-', '+', 50)) as Array<
          [string, string, number, number]
        >;
        const others = [...new Set(pending.map(([, consumer]) => consumer).filter((c) => c !== this.processId))];
        if (others.length === 0) continue;
        const alive = await Promise.all(others.map((c) => this.commands.exists(this.livenessKey(c))));
        const dead = new Set(others.filter((_, i) => alive[i] === 0));
        for (const [entryId, consumer] of pending) {
          if (!dead.has(consumer)) continue;
          // XCLAIM with a minimum idle time: if another replica claimed it a moment ago, we get nothing back.
          const claimed = (await this.commands.xclaim(stream, GROUP, this.processId, 1_000, entryId)) as Array<[string, string[]] | null>;
          for (const entry of claimed) {
            if (entry) void this.run(stream, entry[0], entry[1]?.[1], consumer);
            else await this.commands.xack(stream, GROUP, entryId); // trimmed away: nothing left to run
          }
        }
        // All of the dead consumers' entries were on this page and are ours now: forget them in the group.
        if (pending.length < 50) for (const consumer of dead) await this.commands.xgroup('DELCONSUMER', stream, GROUP, consumer);
      } catch {
        // NOGROUP (Redis restarted) or Redis away: the next round tries again.
      }
    }
  }

  /** Drops waiters whose caller has given up (the base class already rejected them), so the map does not grow. */
  private expireWaiters(): void {
    const now = Date.now();
    for (const [id, waiter] of this.waiters) if (waiter.deadline < now) this.waiters.delete(id);
  }

  private get replyChannel(): string {
    return `${this.namespace}:reply:${this.processId}`;
  }

  private requestStream(method: string): string {
    return `${this.namespace}:rq:${method}`;
  }

  private eventChannel(topic: string): string {
    return `${this.namespace}:evt:${topic}`;
  }

  private livenessKey(processId: string): string {
    return `${this.namespace}:alive:${processId}`;
  }
}

/** ioredis connection options from a redis:// or rediss:// URL. */
export function redisConnectionOptions(url: string): RedisOptions {
  const parsed = new URL(url);
  return {
    host: parsed.hostname,
    port: parsed.port ? Number(parsed.port) : 6379,
    username: parsed.username ? decodeURIComponent(parsed.username) : undefined,
    password: parsed.password ? decodeURIComponent(parsed.password) : undefined,
    db: parsed.pathname.length > 1 ? Number(parsed.pathname.slice(1)) : undefined,
    tls: parsed.protocol === 'rediss:' ? {} : undefined,
  };
}
