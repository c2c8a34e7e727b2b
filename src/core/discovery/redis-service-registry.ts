import { Logger } from '@nestjs/common';
import Redis from 'ioredis';
import { ServiceRegistry, type ProcessInfo } from './service-registry';

const TTL_SECONDS = 6;
const HEARTBEAT_MS = 2_000;
const LIST_CACHE_MS = 500;

/**
 * Every process keeps `<ns>:registry:<processId>` alive with a heartbeat; the key expires on its own when
 * the process dies, so a dead process drops out within TTL_SECONDS without anyone cleaning up.
 */
export class RedisServiceRegistry extends ServiceRegistry {
  private readonly logger = new Logger(RedisServiceRegistry.name);
  private readonly redis: Redis;
  private self?: ProcessInfo;
  private timer?: NodeJS.Timeout;
  private cache?: { at: number; list: Promise<ProcessInfo[]> };
  /** The last list read from Redis: while Redis is unreachable the processes it names still answer HTTP. */
  private lastGood: ProcessInfo[] = [];
  private readFailing = false;

  constructor(
    url: string,
    private readonly namespace: string,
  ) {
    super();
    this.redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 2 });
    this.redis.on('error', () => undefined); // reconnects by itself
    // A restarted Redis has lost every registration: register again at once rather than at the next heartbeat.
    this.redis.on('ready', () => void this.beat().catch(() => undefined));
  }

  async start(self: ProcessInfo): Promise<void> {
    this.self = self;
    if (this.redis.status === 'wait') await this.redis.connect();
    await this.beat();
    this.timer = setInterval(() => void this.beat().catch((error) => this.logger.warn(`heartbeat failed: ${String(error)}`)), HEARTBEAT_MS);
    this.timer.unref();
  }

  async list(): Promise<ProcessInfo[]> {
    const now = Date.now();
    if (!this.cache || now - this.cache.at > LIST_CACHE_MS) this.cache = { at: now, list: this.readOrLastGood() };
    return this.cache.list;
  }

  private async readOrLastGood(): Promise<ProcessInfo[]> {
    try {
      this.lastGood = await this.read();
      if (this.readFailing) this.logger.log('registry readable again');
      this.readFailing = false;
    } catch (error) {
      if (!this.readFailing) this.logger.warn(`registry unreadable, using the last known processes: ${String(error)}`);
      this.readFailing = true;
    }
    return this.lastGood;
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    if (this.self && this.redis.status === 'ready') await this.redis.del(this.key(this.self.processId)).catch(() => undefined);
    this.redis.disconnect();
  }

  private async beat(): Promise<void> {
    if (!this.self) return;
    this.self.lastSeen = new Date().toISOString();
    await this.redis.set(this.key(this.self.processId), JSON.stringify(this.self), 'EX', TTL_SECONDS);
    this.cache = undefined;
  }

  private async read(): Promise<ProcessInfo[]> {
    if (this.redis.status === 'wait') await this.redis.connect();
    const keys: string[] = [];
    let cursor = '0';
    do {
      const [next, batch] = await this.redis.scan(cursor, 'MATCH', this.key('*'), 'COUNT', 200);
      cursor = next;
      keys.push(...batch);
    } while (cursor !== '0');
    if (!keys.length) return [];
    const values = await this.redis.mget(keys);
    return values
      .flatMap((value) => (value ? [JSON.parse(value) as ProcessInfo] : []))
      .sort((a, b) => a.processId.localeCompare(b.processId));
  }

  private key(processId: string): string {
    return `${this.namespace}:registry:${processId}`;
  }
}
