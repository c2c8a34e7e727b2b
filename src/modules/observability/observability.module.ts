import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { A2aMessageEntity } from '@libs/bus';
import { provideModuleIdentity } from 'src/core/module-identity';
import { AlertsController } from './alerts/alerts.controller';
import { AlertsService } from './alerts/alerts.service';
import { AlertEventEntity, AlertRuleEntity } from './entities/alert-rule.entity';
import { SpanEntity } from './entities/span.entity';
import { DashboardService } from './metrics/dashboard.service';
import { MetricsController } from './metrics/metrics.controller';
import { MetricsRollup } from './metrics/metrics-rollup';
import { MetricsService } from './metrics/metrics.service';
import { OBSERVABILITY_MODULE } from './observability.descriptor';
import { OtlpReceiver } from './traces/otlp-receiver';
import { SpanStore } from './traces/span-store.service';
import { SpansRepository } from './traces/spans.repository';
import { TracesController } from './traces/traces.controller';
import { TracesService } from './traces/traces.service';

@Module({
  imports: [TypeOrmModule.forFeature([SpanEntity, A2aMessageEntity, AlertRuleEntity, AlertEventEntity])],
  controllers: [TracesController, MetricsController, AlertsController],
  providers: [
    provideModuleIdentity(OBSERVABILITY_MODULE),
    { provide: MetricsRollup, useFactory: () => new MetricsRollup() },
    SpansRepository,
    SpanStore,
    TracesService,
    OtlpReceiver,
    MetricsService,
    AlertsService,
    DashboardService,
  ],
})
export class ObservabilityModule {}
