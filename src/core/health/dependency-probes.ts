import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import Redis from 'ioredis';
import type { Env } from '@libs/config';
import { ENV } from 'src/core/env.token';

export interface ChromaProbe {
  up: boolean;
  url: string;
  latencyMs?: number;
  message?: string;
}

/** Cheap liveness probes for the data layer the platform does not reach through TypeORM. */
@Injectable()
export class DependencyProbes implements OnApplicationShutdown {
  private redisClient?: Redis;

  constructor(@Inject(ENV) private readonly env: Env) {}

  get chromaUrl(): string {
    return this.env.CHROMA_URL ?? `http://127.0.0.1:${this.env.CHROMA_PORT}`;
  }

  async redis(): Promise<{ latencyMs: number }> {
    if (!this.redisClient) {
      this.redisClient = new Redis(this.env.REDIS_URL!, { lazyConnect: true, maxRetriesPerRequest: 1, enableOfflineQueue: false });
      this.redisClient.on('error', () => undefined); // a failed probe reports down; the client reconnects by itself
    }
    if (this.redisClient.status === 'wait') await this.redisClient.connect();
    const started = performance.now();
    await this.redisClient.ping();
    return { latencyMs: round(performance.now() - started) };
  }

  async chroma(): Promise<ChromaProbe> {
    const url = this.chromaUrl;
    const started = performance.now();
    try {
      const response = await fetch(`${url}/api/v2/heartbeat`, { signal: AbortSignal.timeout(1_500) });
      if (!response.ok) return { up: false, url, message: `heartbeat answered ${response.status}` };
      return { up: true, url, latencyMs: round(performance.now() - started) };
    } catch (error) {
      return { up: false, url, message: error instanceof Error ? error.message : String(error) };
    }
  }

  async onApplicationShutdown(): Promise<void> {
    this.redisClient?.disconnect();
  }
}

function round(ms: number): number {
  return Math.round(ms * 100) / 100;
}
