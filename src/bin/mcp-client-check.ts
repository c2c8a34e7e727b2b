/**
 * node dist/src/bin/mcp-client-check.js <server-url>
 * Drives the platform's MCP client (the one the tools module uses for registered servers) against one
 * Streamable HTTP server: connect, discover, and call each tool once with arguments built from its schema.
 * The official conformance suite runs it as the "client under test": `conformance client --command "node
 * dist/src/bin/mcp-client-check.js" --scenario <name>` appends the scenario server's URL as the last argument,
 * judges by what the server sees, and counts a non-zero exit as a failure.
 *
 * Authorization uses the platform's own OAuth provider (McpOAuthProvider over the SDK's auth(): discovery,
 * registration, PKCE, refresh) and network guard, with an in-memory store instead of the database. Where the
 * platform hands the authorization URL to a person and completes at its callback route, this CLI completes the
 * consent headlessly as the suite documents for test clients: its authorization server answers the authorization
 * request with an immediate redirect to redirect_uri, whose code (and state, checked here) are taken from the
 * Location header. Scenario settings an admin would give the platform come from the suite's environment:
 * MCP_CONFORMANCE_SCENARIO (client_credentials scenarios) and MCP_CONFORMANCE_CONTEXT (pre-registered client id,
 * secret or private key); MCP_OAUTH_CLIENT_METADATA_URL names the client metadata document URL (SEP-991).
 * A server's request for input (elicitation) is accepted as submitted without changes, so the schema's defaults
 * apply, as a person accepting a prefilled form would.
 */
import { McpError } from '@modelcontextprotocol/sdk/types.js';
import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { auth } from '@modelcontextprotocol/sdk/client/auth.js';
import {
  guardedOAuthFetch,
  InMemoryOAuthStore,
  McpConnections,
  McpOAuthProvider,
  type McpOAuthProviderOptions,
  ToolsError,
  ToolsErrorCode,
} from 'src/modules/tools';

/** Clients SHOULD bound re-authorization (scope challenges that never succeed). */
const MAX_AUTHORIZATIONS = 3;

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

const authorizationRequired = (error: unknown) => error instanceof ToolsError && error.code === ToolsErrorCode.MCP_AUTHORIZATION_REQUIRED;

async function main(): Promise<void> {
  const url = process.argv.at(-1);
  if (!url?.startsWith('http')) throw new Error('usage: mcp-client-check <server-url>');
  const scenario = process.env.MCP_CONFORMANCE_SCENARIO ?? '';
  if (scenario === 'auth/cross-app-access-complete-flow')
    throw new Error('Enterprise-managed authorization (SEP-990 ID-JAG token exchange) is not supported by the platform');
  const context = JSON.parse(process.env.MCP_CONFORMANCE_CONTEXT ?? '{}') as Record<string, string | undefined>;
  const base = (process.env.PUBLIC_URL ?? 'http://localhost:8000').replace(/\/$/, '');
  const store = new InMemoryOAuthStore(
    context.client_id
      ? {
          client: { client_id: context.client_id, ...(context.client_secret ? { client_secret: context.client_secret } : {}) },
          preRegistered: true,
        }
      : {},
  );
  const fetchFn = guardedOAuthFetch({ serverUrl: url, allowPrivate: process.env.MCP_OAUTH_ALLOW_PRIVATE === 'true' });
  const settings: McpOAuthProviderOptions = {
    serverUrl: url,
    store,
    clientName: 'agentic-ai-acceleration (conformance check)',
    grant: scenario.includes('client-credentials') ? 'client_credentials' : 'authorization_code',
    redirectUrl: `${base}/api/mcp/oauth/callback`,
    clientMetadataUrl: process.env.MCP_OAUTH_CLIENT_METADATA_URL,
    privateKeyJwt: context.private_key_pem
      ? { privateKey: context.private_key_pem, algorithm: context.signing_algorithm ?? 'ES256' }
      : undefined,
  };

  let authorizations = 0;
  /** What POST /api/mcp/servers/:id/authorize and the callback route do, with the consent step done headlessly. */
  const authorize = async () => {
    if (++authorizations > MAX_AUTHORIZATIONS) throw new Error(`Gave up after ${MAX_AUTHORIZATIONS} authorizations`);
    const state = randomBytes(32).toString('base64url');
    let authorizationUrl: URL | undefined;
    const scope = (await store.read()).requiredScope;
    const started = await auth(
      new McpOAuthProvider({ ...settings, interactive: { state, onAuthorizationUrl: (u) => (authorizationUrl = u) } }),
      {
        serverUrl: url,
        scope,
        fetchFn,
      },
    );
    if (started === 'AUTHORIZED' || !authorizationUrl) return;
    const consent = await fetch(authorizationUrl, { redirect: 'manual' });
    const location = consent.headers.get('location');
    if (!location) throw new Error(`The authorization server did not redirect (HTTP ${consent.status})`);
    const callback = new URL(location);
    if (callback.searchParams.get('state') !== state) throw new Error('State mismatch at the callback');
    const code = callback.searchParams.get('code');
    if (!code) throw new Error(`No code at the callback: ${callback.searchParams.get('error') ?? 'unknown error'}`);
    await auth(new McpOAuthProvider(settings), { serverUrl: url, authorizationCode: code, scope, fetchFn });
  };

  const connections = new McpConnections({
    onStatus: () => undefined,
    onListChanged: () => undefined,
    onSampling: () => Promise.reject(new McpError(-1, 'This check has no model to sample')),
  });
  const endpoint = {
    id: 'check',
    name: 'check',
    transport: 'streamable-http' as const,
    url,
    fetch: fetchFn,
    authProvider: new McpOAuthProvider(settings),
  };
  /** Runs a step; when the server wants (more) authorization, authorizes, reconnects (unless the step does) and runs it again. */
  const withAuthorization = async <T>(step: () => Promise<T>, reconnect = true): Promise<T> => {
    for (;;) {
      try {
        return await step();
      } catch (error) {
        if (!authorizationRequired(error)) throw error;
        await authorize();
        if (reconnect) await connections.connect(endpoint);
      }
    }
  };

  const catalog = await withAuthorization(() => connections.connect(endpoint), false);
  for (const tool of catalog.tools) {
    const result = await withAuthorization(() =>
      connections.callTool('check', tool.name, sampleArguments(tool.inputSchema as never), {
        timeoutMs: 20_000,
        onElicitation: async () => ({ action: 'accept', content: {} }),
      }),
    );
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
