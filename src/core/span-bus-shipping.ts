import { Inject, Injectable, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { context } from '@opentelemetry/api';
import { suppressTracing } from '@opentelemetry/core';
import { Bus } from '@libs/bus';
import type { Env } from '@libs/config';
import { ENV } from './env.token';
import { spanShipper } from './telemetry';

/**
 * A process without the observability module sends its finished spans to it over the bus, in the shipper's
 * batches. The publish itself is not traced (it would make a span per batch, forever).
 */
@Injectable()
export class SpanBusShipping implements OnApplicationBootstrap, OnModuleDestroy {
  private remove?: () => void;

  constructor(
    @Inject(ENV) private readonly env: Env,
    private readonly bus: Bus,
  ) {}

  onApplicationBootstrap(): void {
    if (this.env.modules.includes('observability')) return;
    this.remove = spanShipper.addSink((spans) =>
      context.with(suppressTracing(context.active()), () => void this.bus.publish('observability.spans', { spans }).catch(() => undefined)),
    );
  }

  onModuleDestroy(): void {
    spanShipper.flushNow();
    this.remove?.();
  }
}
