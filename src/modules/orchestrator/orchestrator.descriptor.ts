import { MODULE_ROUTE_PREFIXES } from '@libs/contracts';
import type { ModuleDescriptor } from 'src/core/module-descriptor';

/** What the orchestrator module is and owns. Skills stay `live: false` until their issue lands. */
export const ORCHESTRATOR_MODULE: ModuleDescriptor = {
  name: 'orchestrator',
  title: 'Orchestrator',
  description: 'Multi-agent orchestration sessions, planner, skill router and shared context.',
  routePrefixes: MODULE_ROUTE_PREFIXES['orchestrator'],
  skills: [
    {
      id: 'orchestrate',
      name: 'Orchestrate agents',
      description: 'Plan and run a task across several agents, sharing context.',
      tags: ['orchestration'],
      live: false,
    },
  ],
};
