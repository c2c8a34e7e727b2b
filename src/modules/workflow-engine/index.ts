export { WorkflowEngineModule } from './workflow-engine.module';
export { WORKFLOW_ENGINE_MODULE } from './workflow-engine.descriptor';
/** The engine's time: tests freeze and advance it to run waits and cron schedules without sleeping. */
export { WorkflowClock } from './engine/workflow-clock';
