import { DynamicModule, ExecutionContext, Global, Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, Reflector } from '@nestjs/core';
import { ThrottlerModule } from '@nestjs/throttler';
import { TerminusModule } from '@nestjs/terminus';
import { TypeOrmModule } from '@nestjs/typeorm';
import type { Env } from '@libs/config';
import { BusModule } from '@libs/bus';
import { DataSource } from 'typeorm';
import { dataSourceOptions, runMigrationsLocked } from '@libs/database';
import { ProcessSampler } from './process-sampler';
import { SpanBusShipping } from './span-bus-shipping';
import { ENV } from './env.token';
import { AuthGuard } from './auth/auth.guard';
import { EXPENSIVE_ROUTE } from './auth/auth.decorators';
import { RateLimitGuard } from './auth/rate-limit.guard';
import { MemoryThrottlerStorage } from './auth/memory-throttler.storage';
import { RedisThrottlerStorage } from './auth/redis-throttler.storage';
import { RequestAuthenticator } from './auth/request-authenticator';
import { TokenService } from './auth/token.service';
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

const reflector = new Reflector();
const isExpensive = (ctx: ExecutionContext) =>
  reflector.getAllAndOverride<boolean>(EXPENSIVE_ROUTE, [ctx.getHandler(), ctx.getClass()]) === true;

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
        ThrottlerModule.forRoot({
          throttlers: [
            { name: 'default', ttl: 60_000, limit: env.RATE_LIMIT_PER_MINUTE },
            // Only routes marked @Expensive() count against this budget.
            { name: 'expensive', ttl: 60_000, limit: env.RATE_LIMIT_EXPENSIVE_PER_MINUTE, skipIf: (ctx) => !isExpensive(ctx) },
          ],
          storage: env.REDIS_URL ? new RedisThrottlerStorage(env.REDIS_URL, env.BUS_NAMESPACE) : new MemoryThrottlerStorage(),
        }),
      ],
      controllers: [HealthController, ServicesController, MetricsController],
      providers: [
        { provide: ENV, useValue: env },
        { provide: PlatformMetrics, useValue: metrics },
        { provide: APP_FILTER, useClass: HttpExceptionFilter },
        // Order matters: authenticate first, so rate limits count per caller rather than per IP.
        { provide: APP_GUARD, useClass: AuthGuard },
        { provide: APP_GUARD, useClass: RateLimitGuard },
        TokenService,
        RequestAuthenticator,
        SpanBusShipping,
        ProcessSampler,
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
      exports: [
        ENV,
        TokenService,
        RequestAuthenticator,
        ChromaSupervisor,
        PlatformMetrics,
        LocalModules,
        ServiceRegistry,
        DependencyProbes,
        HealthService,
      ],
    };
  }
}
