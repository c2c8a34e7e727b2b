export { OrchestratorModule } from './orchestrator.module';
export { ORCHESTRATOR_MODULE } from './orchestrator.descriptor';
