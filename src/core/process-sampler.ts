import { Inject, Injectable, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { context } from '@opentelemetry/api';
import { suppressTracing } from '@opentelemetry/core';
import { monitorEventLoopDelay, type IntervalHistogram } from 'node:perf_hooks';
import { Bus } from '@libs/bus';
import type { Env } from '@libs/config';
import { ENV } from './env.token';

const SAMPLE_EVERY_MS = 10_000;

/** Publishes this process's CPU, memory and event-loop lag every 10 s (the observability module collects them). */
@Injectable()
export class ProcessSampler implements OnApplicationBootstrap, OnModuleDestroy {
  private timer?: NodeJS.Timeout;
  private lag?: IntervalHistogram;
  private lastCpu = process.cpuUsage();
  private lastAt = performance.now();
  private readonly startedAt = Date.now();

  constructor(
    @Inject(ENV) private readonly env: Env,
    private readonly bus: Bus,
  ) {}

  onApplicationBootstrap(): void {
    this.lag = monitorEventLoopDelay({ resolution: 20 });
    this.lag.enable();
    this.timer = setInterval(() => this.sample(), SAMPLE_EVERY_MS).unref();
    setTimeout(() => this.sample(), 1_000).unref();
  }

  onModuleDestroy(): void {
    clearInterval(this.timer);
    this.lag?.disable();
  }

  sample(): void {
    const cpu = process.cpuUsage(this.lastCpu);
    const now = performance.now();
    const cpuPercent = ((cpu.user + cpu.system) / 1000 / Math.max(1, now - this.lastAt)) * 100;
    this.lastCpu = process.cpuUsage();
    this.lastAt = now;
    const memory = process.memoryUsage();
    const event = {
      processId: this.bus.processId,
      modules: this.env.modules,
      at: Date.now(),
      startedAt: this.startedAt,
      rssBytes: memory.rss,
      heapUsedBytes: memory.heapUsed,
      cpuPercent: Math.round(cpuPercent * 10) / 10,
      eventLoopLagMs: this.lag ? Math.round((this.lag.mean / 1e6) * 100) / 100 : 0,
    };
    this.lag?.reset();
    context.with(
      suppressTracing(context.active()),
      () => void this.bus.publish('observability.process.sample', event).catch(() => undefined),
    );
  }
}
