import { DynamicModule, Global, Injectable, Logger, Module, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { DiscoveryModule, DiscoveryService, MetadataScanner, Reflector } from '@nestjs/core';
import { getDataSourceToken, TypeOrmModule } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { Env } from '@libs/config';
import { insertLogRows } from '@libs/database';
import { A2aMessageEntity } from './a2a-message.entity';
import { Bus } from './bus';
import { BUS_HANDLER, BUS_SUBSCRIBER } from './bus-handler.decorator';
import { BatchingMessageLog, type MessageLog, type MessageLogEntry } from './message-log';
import { MemoryBus } from './memory-bus.driver';
import { RedisBus } from './redis-bus.driver';

/** Registers every @BusHandler / @BusSubscriber method found on the app's providers. */
@Injectable()
class BusExplorer implements OnApplicationBootstrap, OnApplicationShutdown {
  constructor(
    private readonly bus: Bus,
    private readonly discovery: DiscoveryService,
    private readonly scanner: MetadataScanner,
    private readonly reflector: Reflector,
  ) {}

  onApplicationBootstrap(): void {
    for (const wrapper of this.discovery.getProviders()) {
      const instance = wrapper.instance as Record<string, unknown> | undefined;
      if (!instance || typeof instance !== 'object') continue;
      for (const name of this.scanner.getAllMethodNames(Object.getPrototypeOf(instance))) {
        const fn = instance[name] as (...args: unknown[]) => unknown;
        const method = this.reflector.get<string>(BUS_HANDLER, fn);
        if (method) this.bus.handle(method as never, fn.bind(instance) as never);
        const topic = this.reflector.get<string>(BUS_SUBSCRIBER, fn);
        if (topic) this.bus.subscribe(topic as never, fn.bind(instance) as never);
      }
    }
  }

  async onApplicationShutdown(): Promise<void> {
    await this.bus.close();
  }
}

function writeLog(dataSource: DataSource) {
  return async (entries: MessageLogEntry[]) => {
    if (!dataSource.isInitialized) return;
    await insertLogRows(
      dataSource.getRepository(A2aMessageEntity),
      entries.map((e) => ({ ...e, traceId: e.traceId ?? null, errorCode: e.errorCode ?? null, handledBy: e.handledBy ?? null })),
    );
  };
}

@Global()
@Module({})
export class BusModule {
  static forRoot(env: Env, processId: string, onMessage?: (entry: MessageLogEntry) => void): DynamicModule {
    const logger = new Logger('Bus');
    return {
      module: BusModule,
      imports: [DiscoveryModule, TypeOrmModule.forFeature([A2aMessageEntity])],
      providers: [
        {
          provide: Bus,
          inject: [getDataSourceToken()],
          useFactory: (dataSource: DataSource) => {
            const batching = new BatchingMessageLog(writeLog(dataSource), (error) =>
              logger.warn(`message log write failed: ${String(error)}`),
            );
            const log: MessageLog = onMessage
              ? { record: (entry) => (onMessage(entry), batching.record(entry)), flush: () => batching.flush() }
              : batching;
            const options = { processId, defaultTimeoutMs: env.BUS_TIMEOUT_MS, log };
            return env.busDriver === 'redis'
              ? new RedisBus({ ...options, url: env.REDIS_URL!, namespace: env.BUS_NAMESPACE })
              : new MemoryBus(options);
          },
        },
        BusExplorer,
      ],
      exports: [Bus],
    };
  }
}
