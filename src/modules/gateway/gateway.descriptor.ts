import { MODULE_ROUTE_PREFIXES } from '@libs/contracts';
import type { ModuleDescriptor } from 'src/core/module-descriptor';

/** What the gateway module is and owns. Skills stay `live: false` until their issue lands. */
export const GATEWAY_MODULE: ModuleDescriptor = {
  name: 'gateway',
  title: 'Gateway',
  description: 'Front door: identity, API keys, RBAC, rate limits, routing and health aggregation.',
  routePrefixes: MODULE_ROUTE_PREFIXES['gateway'],
  skills: [
    {
      id: 'route-message',
      name: 'Route A2A message',
      description: 'Deliver an A2A JSON-RPC message to an agent or capability over the bus.',
      tags: ['a2a', 'routing'],
      live: true,
    },
  ],
};
