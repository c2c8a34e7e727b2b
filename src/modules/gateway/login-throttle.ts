import Redis from 'ioredis';

const WINDOW_MS = 15 * 60_000;

/**
 * Counts failed logins per account and per IP in a 15-minute window (in Redis when configured, so every
 * process sees the same count). Past the limit, further attempts are refused before any password check.
 */
export class LoginThrottle {
  private readonly memory = new Map<string, { count: number; until: number }>();
  private readonly redis?: Redis;

  constructor(
    private readonly maxFailures: number,
    redisUrl?: string,
    private readonly namespace = 'agentic',
  ) {
    if (redisUrl) {
      this.redis = new Redis(redisUrl, { maxRetriesPerRequest: 1, enableOfflineQueue: false });
      this.redis.on('error', () => undefined); // reconnects by itself; counts fall back to memory meanwhile
    }
  }

  /** True when any of the keys has used up its failures. */
  async blocked(keys: string[]): Promise<boolean> {
    const counts = await Promise.all(keys.map((key) => this.count(key)));
    return counts.some((count) => count >= this.maxFailures);
  }

  async fail(keys: string[]): Promise<void> {
    await Promise.all(keys.map((key) => this.increment(key)));
  }

  close(): void {
    this.redis?.disconnect();
  }

  // While Redis is unreachable, failures are counted in this process: logins keep working and stay throttled.
  private async count(key: string): Promise<number> {
    if (this.redis) {
      const shared = await this.redis.get(this.redisKey(key)).catch(() => undefined);
      if (shared !== undefined) return Math.max(Number(shared ?? 0), this.memoryCount(key));
    }
    return this.memoryCount(key);
  }

  private memoryCount(key: string): number {
    const entry = this.memory.get(key);
    return entry && entry.until > Date.now() ? entry.count : 0;
  }

  private async increment(key: string): Promise<void> {
    if (this.redis) {
      try {
        const count = await this.redis.incr(this.redisKey(key));
        if (count === 1) await this.redis.pexpire(this.redisKey(key), WINDOW_MS);
        return;
      } catch {
        // counted in memory below
      }
    }
    const now = Date.now();
    const entry = this.memory.get(key);
    if (!entry || entry.until <= now) this.memory.set(key, { count: 1, until: now + WINDOW_MS });
    else entry.count++;
    if (this.memory.size > 100_000) this.memory.clear(); // bound memory under a spray of random accounts
  }

  private redisKey(key: string): string {
    return `${this.namespace}:login-failures:${key}`;
  }
}
