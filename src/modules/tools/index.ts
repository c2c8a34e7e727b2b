export { ToolsModule } from './tools.module';
export { TOOLS_MODULE } from './tools.descriptor';
/** The MCP client the module keeps per registered server (used by src/bin/mcp-client-check, the conformance client). */
export { McpConnections } from './mcp/mcp-connections';
/** Its OAuth provider and network guard, and the error it raises when a server needs authorization (same use). */
export { InMemoryOAuthStore, McpOAuthProvider, type McpOAuthProviderOptions } from './mcp/oauth/mcp-oauth-provider';
export { guardedOAuthFetch } from './mcp/oauth/oauth-guard';
export { ToolsError, ToolsErrorCode } from './tools.errors';
