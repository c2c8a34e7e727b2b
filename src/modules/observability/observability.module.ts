import { Module } from '@nestjs/common';
import { provideModuleIdentity } from 'src/core/module-identity';
import { OBSERVABILITY_MODULE } from './observability.descriptor';

@Module({
  providers: [provideModuleIdentity(OBSERVABILITY_MODULE)],
})
export class ObservabilityModule {}
