export { ToolsModule } from './tools.module';
export { TOOLS_MODULE } from './tools.descriptor';
/** The MCP client the module keeps per registered server (used by src/bin/mcp-client-check, the conformance client). */
export { McpConnections } from './mcp/mcp-connections';
