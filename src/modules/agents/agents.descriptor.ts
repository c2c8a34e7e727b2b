import { MODULE_ROUTE_PREFIXES } from '@libs/contracts';
import type { ModuleDescriptor } from 'src/core/module-descriptor';

/** What the agents module is and owns. Skills stay `live: true` until their issue lands. */
export const AGENTS_MODULE: ModuleDescriptor = {
  name: 'agents',
  title: 'Agents',
  description: 'Agent registry, A2A agent cards, A2A JSON-RPC server and client, agent execution.',
  routePrefixes: MODULE_ROUTE_PREFIXES['agents'],
  skills: [
    {
      id: 'execute-agent',
      name: 'Execute agent',
      description: 'Run an agent on an input with its model, tools and knowledge.',
      tags: ['agents', 'execution'],
      live: true,
    },
    {
      id: 'discover-agents',
      name: 'Discover agents',
      description: 'Find agents by capability or by meaning of a query.',
      tags: ['a2a', 'discovery'],
      live: true,
    },
  ],
};
