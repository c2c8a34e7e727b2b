export { WorkflowEngineModule } from './workflow-engine.module';
export { WORKFLOW_ENGINE_MODULE } from './workflow-engine.descriptor';
