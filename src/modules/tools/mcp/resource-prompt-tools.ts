import type { Tool } from '@modelcontextprotocol/sdk/types.js';
import type { McpCatalog } from './mcp-connections';

/**
 * Agents use tools, not MCP resources or prompts: a server that offers resources gets a `<server>.resources.read`
 * tool, one that offers prompts a `<server>.prompts.get` tool, described with what the server listed (refreshed on
 * list_changed). Their remote names start with `@`, which MCP tool names cannot, so they never shadow a real tool.
 */
export const RESOURCE_READ = '@resources/read';
export const PROMPT_GET = '@prompts/get';
const LISTED_IN_DESCRIPTION = 30;

export function catalogTools(catalog: McpCatalog): Array<Tool & { remoteName?: string }> {
  const tools: Array<Tool & { remoteName?: string }> = [...catalog.tools];
  const taken = new Set(catalog.tools.map((tool) => tool.name));
  if (catalog.resources.length && !taken.has('resources.read')) {
    const listed = catalog.resources
      .slice(0, LISTED_IN_DESCRIPTION)
      .map((r) => `${String(r.uri)}${r.name ? ` (${String(r.name)})` : ''}`)
      .join('; ');
    tools.push({
      name: 'resources.read',
      remoteName: RESOURCE_READ,
      description: `Read a resource of this MCP server by URI. Known resources: ${listed}${catalog.resources.length > LISTED_IN_DESCRIPTION ? '; …' : ''}`,
      inputSchema: {
        type: 'object',
        properties: { uri: { type: 'string', minLength: 1, maxLength: 2048, description: 'The resource URI' } },
        required: ['uri'],
        additionalProperties: false,
      },
      annotations: { readOnlyHint: true, idempotentHint: true },
    });
  }
  if (catalog.prompts.length && !taken.has('prompts.get')) {
    const names = catalog.prompts.map((p) => String(p.name));
    const listed = catalog.prompts
      .slice(0, LISTED_IN_DESCRIPTION)
      .map((p) => {
        const args = ((p.arguments as Array<{ name: string; required?: boolean }> | undefined) ?? []).map(
          (a) => `${a.name}${a.required ? '' : '?'}`,
        );
        return `${String(p.name)}(${args.join(', ')})`;
      })
      .join('; ');
    tools.push({
      name: 'prompts.get',
      remoteName: PROMPT_GET,
      description: `Get a prompt of this MCP server, filled with arguments. Prompts: ${listed}`,
      inputSchema: {
        type: 'object',
        properties: {
          name: { type: 'string', enum: names },
          arguments: { type: 'object', additionalProperties: { type: 'string', maxLength: 10_000 }, maxProperties: 50 },
        },
        required: ['name'],
        additionalProperties: false,
      },
      annotations: { readOnlyHint: true, idempotentHint: true },
    });
  }
  return tools;
}
