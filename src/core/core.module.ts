import { DynamicModule, Global, Module } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { TerminusModule } from '@nestjs/terminus';
import { TypeOrmModule } from '@nestjs/typeorm';
import type { Env } from '@libs/config';
import { BusModule } from '@libs/bus';
import { DataSource } from 'typeorm';
import { dataSourceOptions, runMigrationsLocked } from '@libs/database';
import { ENV } from './env.token';
import { ChromaSupervisor } from './chroma/chroma-supervisor';
import { MetricsController } from './metrics/metrics.controller';
import { PlatformMetrics } from './metrics/platform-metrics';
import { HttpExceptionFilter } from './http-exception.filter';
import { LocalModules } from './local-modules';
import { HealthController } from './health/health.controller';
import { HealthService } from './health/health.service';
import { DependencyProbes } from './health/dependency-probes';
import { ServicesController } from './discovery/services.controller';
import { ServicesService } from './discovery/services.service';
import { LocalServiceRegistry, ServiceRegistry } from './discovery/service-registry';
import { RedisServiceRegistry } from './discovery/redis-service-registry';

/** App-wide wiring every process has: config, database, bus, errors, health and discovery. */
@Global()
@Module({})
export class CoreModule {
  static forRoot(env: Env, processId: string, metrics: PlatformMetrics): DynamicModule {
    return {
      module: CoreModule,
      imports: [
        TypeOrmModule.forRootAsync({
          useFactory: () => ({ ...dataSourceOptions(env), autoLoadEntities: true, synchronize: false }),
          dataSourceFactory: async (options) => {
            const dataSource = await new DataSource(options!).initialize();
            if (env.DB_MIGRATIONS_RUN) await runMigrationsLocked(dataSource);
            return dataSource;
          },
        }),
        BusModule.forRoot(env, processId, (entry) => metrics.observeBus(entry)),
        TerminusModule.forRoot({ errorLogStyle: 'json', logger: false }),
      ],
      controllers: [HealthController, ServicesController, MetricsController],
      providers: [
        { provide: ENV, useValue: env },
        { provide: PlatformMetrics, useValue: metrics },
        { provide: APP_FILTER, useClass: HttpExceptionFilter },
        {
          provide: ServiceRegistry,
          useFactory: () => (env.REDIS_URL ? new RedisServiceRegistry(env.REDIS_URL, env.BUS_NAMESPACE) : new LocalServiceRegistry()),
        },
        LocalModules,
        HealthService,
        DependencyProbes,
        ChromaSupervisor,
        ServicesService,
      ],
      exports: [ENV, ChromaSupervisor, PlatformMetrics, LocalModules, ServiceRegistry, DependencyProbes],
    };
  }
}
