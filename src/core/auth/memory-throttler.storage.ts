import type { ThrottlerStorage } from '@nestjs/throttler';

interface Window {
  hits: number;
  expiresAt: number;
  blockedUntil: number;
}

const SWEEP_EVERY_MS = 60_000;

/**
 * Rate-limit counters in this process, with the same fixed-window semantics as RedisThrottlerStorage: O(1) per
 * request. (@nestjs/throttler's own store keeps a timestamp per hit and prunes them on every request, which made it
 * the largest cost of a busy caller in a CPU profile of GET /health.)
 */
export class MemoryThrottlerStorage implements ThrottlerStorage {
  private readonly windows = new Map<string, Window>();
  private readonly sweeper = setInterval(() => this.sweep(), SWEEP_EVERY_MS).unref();

  async increment(key: string, ttl: number, limit: number, blockDuration: number, name: string) {
    const now = Date.now();
    const id = `${name}:${key}`;
    let window = this.windows.get(id);
    if (!window || window.expiresAt <= now) {
      window = { hits: 0, expiresAt: now + ttl, blockedUntil: window && window.blockedUntil > now ? window.blockedUntil : 0 };
      this.windows.set(id, window);
    }
    window.hits++;
    if (window.blockedUntil <= now && window.hits > limit) window.blockedUntil = now + (blockDuration || ttl);
    const blockedMs = Math.max(window.blockedUntil - now, 0);
    return {
      totalHits: window.hits,
      timeToExpire: Math.ceil((window.expiresAt - now) / 1000),
      isBlocked: blockedMs > 0,
      timeToBlockExpire: Math.ceil(blockedMs / 1000),
    };
  }

  private sweep(now = Date.now()): void {
    for (const [id, window] of this.windows) if (window.expiresAt <= now && window.blockedUntil <= now) this.windows.delete(id);
  }

  onApplicationShutdown(): void {
    clearInterval(this.sweeper);
  }
}
