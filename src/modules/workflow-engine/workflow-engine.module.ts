import { Module } from '@nestjs/common';
import { provideModuleIdentity } from 'src/core/module-identity';
import { WORKFLOW_ENGINE_MODULE } from './workflow-engine.descriptor';

@Module({
  providers: [provideModuleIdentity(WORKFLOW_ENGINE_MODULE)],
})
export class WorkflowEngineModule {}
