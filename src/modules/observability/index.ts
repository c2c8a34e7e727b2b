export { ObservabilityModule } from './observability.module';
export { OBSERVABILITY_MODULE } from './observability.descriptor';
