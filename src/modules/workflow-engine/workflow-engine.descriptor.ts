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
      description: 'Execute a durable multi-step workflow of agents, tools, SQL and knowledge steps.',
      tags: ['workflows'],
      live: true,
    },
    {
      id: 'schedule-workflow',
      name: 'Schedule workflow',
      description: 'Run a workflow on a cron schedule in a time zone, with overlap and catch-up policies.',
      tags: ['workflows', 'schedules'],
      live: true,
    },
    {
      id: 'assign-agents',
      name: 'Assign agents',
      description: "Choose agents for a workflow's steps by capability.",
      tags: ['workflows', 'a2a'],
      live: true,
    },
  ],
};
