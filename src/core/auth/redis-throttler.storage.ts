import { Logger } from '@nestjs/common';
import type { ThrottlerStorage } from '@nestjs/throttler';
import Redis from 'ioredis';
import { MemoryThrottlerStorage } from './memory-throttler.storage';

// Fixed window per key: INCR, set the window's expiry on first hit, and block for blockDuration once over the limit.
const INCREMENT = `
local hits = redis.call('INCR', KEYS[1])
if hits == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
local ttl = redis.call('PTTL', KEYS[1])
local blocked = redis.call('PTTL', KEYS[2])
if blocked < 0 and hits > tonumber(ARGV[2]) then
  redis.call('SET', KEYS[2], '1', 'PX', ARGV[3])
  blocked = tonumber(ARGV[3])
end
return {hits, ttl, blocked}
`;

/**
 * Rate-limit counters in Redis, so every process shares one budget per caller. While Redis is unreachable each
 * process counts on its own (the limits stay on, per process) instead of failing every request with a 500.
 */
export class RedisThrottlerStorage implements ThrottlerStorage {
  private readonly logger = new Logger(RedisThrottlerStorage.name);
  private readonly redis: Redis;
  private readonly fallback = new MemoryThrottlerStorage();
  private degraded = false;

  constructor(
    url: string,
    private readonly namespace: string,
  ) {
    // No offline queue: while disconnected a command fails at once and the request is counted in memory.
    this.redis = new Redis(url, { maxRetriesPerRequest: 1, enableOfflineQueue: false });
    this.redis.on('error', () => undefined); // reconnects by itself; increments fall back meanwhile
    this.redis.defineCommand('throttleIncrement', { numberOfKeys: 2, lua: INCREMENT });
  }

  async increment(key: string, ttl: number, limit: number, blockDuration: number, name: string) {
    const base = `${this.namespace}:ratelimit:${name}:${key}`;
    let counted: [number, number, number];
    try {
      counted = (await (this.redis as unknown as Record<string, (...a: unknown[]) => Promise<number[]>>).throttleIncrement(
        base,
        `${base}:blocked`,
        ttl,
        limit,
        blockDuration || ttl,
      )) as [number, number, number];
    } catch (error) {
      if (!this.degraded) this.logger.warn(`Redis unreachable, counting rate limits in this process: ${String(error)}`);
      this.degraded = true;
      return this.fallback.increment(key, ttl, limit, blockDuration, name);
    }
    if (this.degraded) this.logger.log('Redis reachable again: rate limits are shared again');
    this.degraded = false;
    const [hits, ttlMs, blockedMs] = counted;
    return {
      totalHits: hits,
      timeToExpire: Math.ceil(Math.max(ttlMs, 0) / 1000),
      isBlocked: blockedMs > 0,
      timeToBlockExpire: Math.ceil(Math.max(blockedMs, 0) / 1000),
    };
  }

  onApplicationShutdown(): void {
    this.fallback.onApplicationShutdown();
    this.redis.disconnect();
  }
}
