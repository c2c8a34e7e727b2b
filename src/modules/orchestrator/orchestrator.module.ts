import { Module } from '@nestjs/common';
import { provideModuleIdentity } from 'src/core/module-identity';
import { ORCHESTRATOR_MODULE } from './orchestrator.descriptor';

@Module({
  providers: [provideModuleIdentity(ORCHESTRATOR_MODULE)],
})
export class OrchestratorModule {}
