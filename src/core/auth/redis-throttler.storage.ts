import type { ThrottlerStorage } from '@nestjs/throttler';
import Redis from 'ioredis';

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

/** Rate-limit counters in Redis, so every process shares one budget per caller. */
export class RedisThrottlerStorage implements ThrottlerStorage {
  private readonly redis: Redis;

  constructor(
    url: string,
    private readonly namespace: string,
  ) {
    this.redis = new Redis(url, { maxRetriesPerRequest: 2 });
    this.redis.defineCommand('throttleIncrement', { numberOfKeys: 2, lua: INCREMENT });
  }

  async increment(key: string, ttl: number, limit: number, blockDuration: number, name: string) {
    const base = `${this.namespace}:ratelimit:${name}:${key}`;
    const [hits, ttlMs, blockedMs] = (await (
      this.redis as unknown as Record<string, (...a: unknown[]) => Promise<number[]>>
    ).throttleIncrement(base, `${base}:blocked`, ttl, limit, blockDuration || ttl)) as [number, number, number];
    return {
      totalHits: hits,
      timeToExpire: Math.ceil(Math.max(ttlMs, 0) / 1000),
      isBlocked: blockedMs > 0,
      timeToBlockExpire: Math.ceil(Math.max(blockedMs, 0) / 1000),
    };
  }

  onApplicationShutdown(): void {
    this.redis.disconnect();
  }
}
