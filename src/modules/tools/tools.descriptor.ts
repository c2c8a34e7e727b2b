import type { ModuleDescriptor } from 'src/core/module-descriptor';

/** What the tools module is and owns. Skills stay `live: false` until their issue lands. */
export const TOOLS_MODULE: ModuleDescriptor = {
  name: 'tools',
  title: 'Tools',
  description: 'Tool registry, MCP client manager, sandboxed tool execution.',
  routePrefixes: ['/api/tools', '/api/mcp', '/a2a/tools', '/mcp'],
  skills: [
    {
      id: 'execute-tool',
      name: 'Execute tool',
      description: 'Run a registered built-in or MCP tool with validated arguments.',
      tags: ['tools', 'mcp'],
      live: false,
    },
  ],
};
