export { AgentsModule } from './agents.module';
export { AGENTS_MODULE } from './agents.descriptor';
