import { MODULE_ROUTE_PREFIXES } from '@libs/contracts';
import type { ModuleDescriptor } from 'src/core/module-descriptor';

/** What the workflow-engine module is and owns. Skills stay `live: false` until their issue lands. */
export const WORKFLOW_ENGINE_MODULE: ModuleDescriptor = {
  name: 'workflow-engine',
  title: 'Workflows',
  description: 'Workflow definitions, templates, executions, schedules and step results.',
  routePrefixes: MODULE_ROUTE_PREFIXES['workflow-engine'],
  skills: [
    {
      id: 'run-workflow',
      name: 'Run workflow',
      description: 'Execute a multi-step workflow of agents, tools and queries.',
      tags: ['workflows'],
      live: false,
    },
  ],
};
