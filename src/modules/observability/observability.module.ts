import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { A2aMessageEntity } from '@libs/bus';
import { provideModuleIdentity } from 'src/core/module-identity';
import { SpanEntity } from './entities/span.entity';
import { OBSERVABILITY_MODULE } from './observability.descriptor';
import { OtlpReceiver } from './traces/otlp-receiver';
import { SpanStore } from './traces/span-store.service';
import { SpansRepository } from './traces/spans.repository';
import { TracesController } from './traces/traces.controller';
import { TracesService } from './traces/traces.service';

@Module({
  imports: [TypeOrmModule.forFeature([SpanEntity, A2aMessageEntity])],
  controllers: [TracesController],
  providers: [provideModuleIdentity(OBSERVABILITY_MODULE), SpansRepository, SpanStore, TracesService, OtlpReceiver],
})
export class ObservabilityModule {}
