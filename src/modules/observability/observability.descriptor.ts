import type { ModuleDescriptor } from 'src/core/module-descriptor';

/** What the observability module is and owns. Skills stay `live: false` until their issue lands. */
export const OBSERVABILITY_MODULE: ModuleDescriptor = {
  name: 'observability',
  title: 'Observability',
  description: 'Traces, spans, metrics, alerts, health checks and A2A message flow.',
  routePrefixes: [
    '/api/traces',
    '/api/spans',
    '/api/metrics',
    '/api/health/services',
    '/api/alerts',
    '/api/performance',
    '/a2a/traces',
    '/api/dashboard',
  ],
  skills: [
    {
      id: 'trace-flow',
      name: 'Trace A2A flow',
      description: 'Show how a request travelled between agents and modules.',
      tags: ['observability', 'tracing'],
      live: false,
    },
  ],
};
