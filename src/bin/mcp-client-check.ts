/**
 * node dist/src/bin/mcp-client-check.js <server-url>
 * Drives the platform's MCP client (the one the tools module uses for registered servers) against one
 * Streamable HTTP server: connect, discover, and call each tool once with arguments built from its schema.
 * The official conformance suite runs it as the "client under test": `conformance client --command "node
 * dist/src/bin/mcp-client-check.js" --scenario <name>` appends the scenario server's URL as the last argument,
 * judges by what the server sees, and counts a non-zero exit as a failure.
 */
import 'reflect-metadata';
import { McpConnections } from 'src/modules/tools';

function sampleArguments(schema: {
  properties?: Record<string, { type?: string; default?: unknown }>;
  required?: string[];
}): Record<string, unknown> {
  const args: Record<string, unknown> = {};
  for (const [name, spec] of Object.entries(schema.properties ?? {})) {
    if (!schema.required?.includes(name) && spec.default === undefined) continue;
    args[name] = spec.default ?? (spec.type === 'number' || spec.type === 'integer' ? 2 : spec.type === 'boolean' ? true : 'test');
  }
  return args;
}

async function main(): Promise<void> {
  const url = process.argv.at(-1);
  if (!url?.startsWith('http')) throw new Error('usage: mcp-client-check <server-url>');
  const connections = new McpConnections({ onStatus: () => undefined, onListChanged: () => undefined });
  const catalog = await connections.connect({ id: 'check', name: 'check', transport: 'streamable-http', url });
  for (const tool of catalog.tools) {
    const result = await connections.callTool('check', tool.name, sampleArguments(tool.inputSchema as never), { timeoutMs: 20_000 });
    console.log(`${tool.name}: ${JSON.stringify(result.content).slice(0, 200)}`);
  }
  await connections.closeAll();
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
