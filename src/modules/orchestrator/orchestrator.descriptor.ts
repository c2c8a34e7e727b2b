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
      description: 'Plan a goal into tasks, route each to the best agent, run them durably and re-plan around failures.',
      tags: ['orchestration', 'planning'],
      live: true,
    },
    {
      id: 'broadcast',
      name: 'Broadcast and resolve',
      description: 'Ask many agents at once with a quorum and a deadline; settle disagreement by vote, judge or merge.',
      tags: ['orchestration', 'consensus'],
      live: true,
    },
  ],
};
