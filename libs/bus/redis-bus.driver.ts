import { ClientRedis, ServerRedis } from '@nestjs/microservices';
import { firstValueFrom, timeout } from 'rxjs';
import { Bus, type BusOptions } from './bus';
import type { BusEventEnvelope, BusReplyEnvelope, BusRequestEnvelope } from './envelope';

export interface RedisBusOptions extends BusOptions {
  url: string;
  /** Prefix of every channel, so deployments (or test runs) can share one Redis. */
  namespace?: string;
}

/** ServerRedis subscribes only at listen(); the bus adds handlers at any time, so it subscribes late ones itself. */
class BusServerRedis extends ServerRedis {
  private listening = false;

  markListening(): void {
    this.listening = true;
  }

  subscribeChannel(channel: string): void {
    if (this.listening) void this.subClient.subscribe(channel);
  }

  /** Our channels are plain strings; Nest's default tries JSON.parse first and pays for a thrown exception per message. */
  override getRouteFromPattern(pattern: string): string {
    return pattern;
  }

  unsubscribeChannel(channel: string): void {
    this.messageHandlers.delete(channel);
    if (this.listening) void this.subClient.unsubscribe(channel);
  }
}

/**
 * Redis transport on @nestjs/microservices' ClientRedis / ServerRedis. Each method and topic has its own
 * channel (`<ns>:rpc:<method>`, `<ns>:evt:<topic>`), and a process subscribes only to what it serves, so a
 * request reaches the processes that handle it and nobody else. A request nobody serves gets no reply and
 * ends in the base class's timeout.
 */
export class RedisBus extends Bus {
  private readonly client: ClientRedis;
  private readonly server: BusServerRedis;
  private readonly ready: Promise<void>;
  private readonly namespace: string;

  constructor(options: RedisBusOptions) {
    super(options);
    this.namespace = options.namespace ?? 'agentic';
    const connection = redisConnectionOptions(options.url);
    this.client = new ClientRedis({ ...connection, retryAttempts: 1_000_000, retryDelay: 500 });
    this.server = new BusServerRedis({ ...connection, retryAttempts: 1_000_000, retryDelay: 500 });
    this.ready = Promise.all([
      this.client.connect(),
      new Promise<void>((resolve, reject) => void this.server.listen((error?: unknown) => (error ? reject(error) : resolve()))),
    ]).then(() => this.server.markListening());
    this.ready.catch(() => undefined); // surfaced on first use
  }

  /** Resolves once both Redis connections are up and subscriptions are in place. */
  whenReady(): Promise<void> {
    return this.ready;
  }

  protected async dispatch(envelope: BusRequestEnvelope, timeoutMs: number): Promise<BusReplyEnvelope> {
    await this.ready;
    // The rxjs timeout unsubscribes, which removes the pending entry from the client's routing map.
    const reply$ = this.client.send<BusReplyEnvelope>(this.rpcChannel(envelope.method), envelope).pipe(timeout(timeoutMs + 50));
    return firstValueFrom(reply$);
  }

  protected async broadcast(envelope: BusEventEnvelope): Promise<void> {
    await this.ready;
    await firstValueFrom(this.client.emit(this.eventChannel(envelope.method), envelope), { defaultValue: undefined });
  }

  protected async closeTransport(): Promise<void> {
    // Nest publishes a reply a few ticks after the handler resolves; let the last ones leave before QUIT.
    await new Promise((resolve) => setTimeout(resolve, 25));
    await Promise.allSettled([this.client.close(), this.server.close()]);
  }

  protected override onHandlerAdded(method: string): void {
    const channel = this.rpcChannel(method);
    this.server.addHandler(channel, async (envelope: BusRequestEnvelope) => this.invoke(envelope));
    this.server.subscribeChannel(channel);
  }

  protected override onHandlerRemoved(method: string): void {
    this.server.unsubscribeChannel(this.rpcChannel(method));
  }

  protected override onTopicAdded(topic: string): void {
    const channel = this.eventChannel(topic);
    this.server.addHandler(channel, async (envelope: BusEventEnvelope) => this.deliver(envelope), true);
    this.server.subscribeChannel(channel);
  }

  protected override onTopicRemoved(topic: string): void {
    this.server.unsubscribeChannel(this.eventChannel(topic));
  }

  private rpcChannel(method: string): string {
    return `${this.namespace}:rpc:${method}`;
  }

  private eventChannel(topic: string): string {
    return `${this.namespace}:evt:${topic}`;
  }
}

/** ioredis connection options from a redis:// or rediss:// URL. */
export function redisConnectionOptions(url: string): ConstructorParameters<typeof ServerRedis>[0] {
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
