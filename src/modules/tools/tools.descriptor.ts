import { MODULE_ROUTE_PREFIXES } from '@libs/contracts';
import type { ModuleDescriptor } from 'src/core/module-descriptor';

/** What the tools module is and owns. Skills stay `live: true` until their issue lands. */
export const TOOLS_MODULE: ModuleDescriptor = {
  name: 'tools',
  title: 'Tools',
  description: 'Tool registry, MCP client manager, sandboxed tool execution.',
  routePrefixes: MODULE_ROUTE_PREFIXES['tools'],
  skills: [
    {
      id: 'execute-tool',
      name: 'Execute tool',
      description: 'Run a registered built-in or MCP tool with validated arguments.',
      tags: ['tools', 'mcp'],
      live: true,
    },
  ],
};
