import { DynamicModule, Global, Module } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { TerminusModule } from '@nestjs/terminus';
import { TypeOrmModule } from '@nestjs/typeorm';
import type { Env } from '@libs/config';
import { BusModule } from '@libs/bus';
import { dataSourceOptions } from '@libs/database';
import { ENV } from './env.token';
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
  static forRoot(env: Env, processId: string): DynamicModule {
    return {
      module: CoreModule,
      imports: [
        TypeOrmModule.forRoot({ ...dataSourceOptions(env), autoLoadEntities: true, synchronize: false }),
        BusModule.forRoot(env, processId),
        TerminusModule.forRoot({ errorLogStyle: 'json', logger: false }),
      ],
      controllers: [HealthController, ServicesController],
      providers: [
        { provide: ENV, useValue: env },
        { provide: APP_FILTER, useClass: HttpExceptionFilter },
        {
          provide: ServiceRegistry,
          useFactory: () => (env.REDIS_URL ? new RedisServiceRegistry(env.REDIS_URL) : new LocalServiceRegistry()),
        },
        LocalModules,
        HealthService,
        DependencyProbes,
        ServicesService,
      ],
      exports: [ENV, LocalModules, ServiceRegistry, DependencyProbes],
    };
  }
}
