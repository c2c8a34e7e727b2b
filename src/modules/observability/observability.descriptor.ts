import { MODULE_ROUTE_PREFIXES } from '@libs/contracts';
import type { ModuleDescriptor } from 'src/core/module-descriptor';

/** What the observability module is and owns. Skills stay `live: false` until their issue lands. */
export const OBSERVABILITY_MODULE: ModuleDescriptor = {
  name: 'observability',
  title: 'Observability',
  description: 'Traces, spans, metrics, alerts, health checks and A2A message flow.',
  routePrefixes: MODULE_ROUTE_PREFIXES['observability'],
  skills: [
    {
      id: 'trace-flow',
      name: 'Trace A2A flow',
      description: 'Show how a request travelled between agents and modules.',
      tags: ['observability', 'tracing'],
      live: true,
    },
  ],
};
