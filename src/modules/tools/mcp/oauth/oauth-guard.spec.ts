import { auth } from '@modelcontextprotocol/sdk/client/auth.js';
import { checkDiscovery, checkOAuthEndpoint, guardedOAuthFetch, isLoopbackHost, OAuthPolicyError } from './oauth-guard';
import { InMemoryOAuthStore, McpOAuthProvider } from './mcp-oauth-provider';

const SERVER = 'https://mcp.example.com/mcp';
const AS = 'https://auth.example.com';

const metadata = (issuer: string, endpoints: Record<string, string> = {}) => ({
  issuer,
  authorization_endpoint: `${AS}/authorize`,
  token_endpoint: `${AS}/token`,
  registration_endpoint: `${AS}/register`,
  response_types_supported: ['code'],
  code_challenge_methods_supported: ['S256'],
  ...endpoints,
});

/** A fetch stub answering from a table of URL -> response; records what was requested. */
function stubFetch(routes: Record<string, () => Response>) {
  const requested: string[] = [];
  const fetchFn = async (input: string | URL, init?: RequestInit) => {
    const url = String(input);
    requested.push(`${init?.method ?? 'GET'} ${url}`);
    const route = routes[url];
    return route ? route() : new Response('not found', { status: 404 });
  };
  return { fetchFn, requested };
}

const json =
  (body: unknown, status = 200) =>
  () =>
    new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
const redirect = (location: string) => () => new Response(null, { status: 302, headers: { location } });

describe('OAuth endpoint rules', () => {
  it('accepts https anywhere and http only on loopback', () => {
    expect(checkOAuthEndpoint('https://auth.example.com/token', 'x').href).toBe('https://auth.example.com/token');
    expect(checkOAuthEndpoint('http://127.0.0.1:9000/token', 'x').hostname).toBe('127.0.0.1');
    expect(checkOAuthEndpoint('http://localhost:9000/token', 'x').hostname).toBe('localhost');
    expect(checkOAuthEndpoint('http://[::1]:9000/token', 'x').hostname).toBe('[::1]');
    expect(() => checkOAuthEndpoint('http://auth.example.com/token', 'token_endpoint')).toThrow(/must use https/);
    expect(() => checkOAuthEndpoint('http://10.0.0.5/token', 'token_endpoint')).toThrow(OAuthPolicyError);
    expect(() => checkOAuthEndpoint('https://user:pw@auth.example.com/token', 'x')).toThrow(/credentials/);
    expect(() => checkOAuthEndpoint('javascript:alert(1)', 'x')).toThrow(OAuthPolicyError);
    expect(isLoopbackHost('app.localhost')).toBe(true);
    expect(isLoopbackHost('::ffff:127.0.0.1')).toBe(true);
    expect(isLoopbackHost('192.168.1.1')).toBe(false);
  });
});

describe('checkDiscovery (authorization server metadata)', () => {
  const discovered = (issuer: string, extra: Record<string, string> = {}, withPrm = true) => ({
    authorizationServerUrl: AS,
    authorizationServerMetadata: metadata(issuer, extra) as never,
    resourceMetadata: withPrm ? ({ resource: SERVER, authorization_servers: [AS] } as never) : undefined,
  });

  it('accepts metadata whose issuer is the authorization server it was fetched for', () => {
    expect(() => checkDiscovery(discovered(AS), SERVER)).not.toThrow();
    expect(() => checkDiscovery(discovered(`${AS}/`), SERVER)).not.toThrow();
  });

  it('refuses an issuer mismatch (one server impersonating another)', () => {
    expect(() => checkDiscovery(discovered('https://evil.example.net'), SERVER)).toThrow(/names issuer https:\/\/evil.example.net/);
    expect(() => checkDiscovery(discovered(''), SERVER)).toThrow(/issuer \(none\)/);
  });

  it('refuses endpoints over plain http off loopback', () => {
    expect(() => checkDiscovery(discovered(AS, { token_endpoint: 'http://auth.example.com/token' }), SERVER)).toThrow(/token_endpoint/);
    expect(() => checkDiscovery(discovered(AS, { authorization_endpoint: 'http://auth.example.com/authorize' }), SERVER)).toThrow(
      /authorization_endpoint/,
    );
    expect(() => checkDiscovery({ ...discovered(AS), authorizationServerUrl: 'http://auth.example.com' }, SERVER)).toThrow(/https/);
  });

  it('2025-03-26 servers without protected-resource metadata may name an issuer on their own origin', () => {
    const legacy = {
      authorizationServerUrl: 'https://mcp.example.com/',
      authorizationServerMetadata: metadata('https://mcp.example.com/oauth') as never,
    };
    expect(() => checkDiscovery(legacy, SERVER)).not.toThrow();
    expect(() =>
      checkDiscovery({ ...legacy, authorizationServerMetadata: metadata('https://other.example.com') as never }, SERVER),
    ).toThrow(/names issuer/);
  });
});

describe('guardedOAuthFetch', () => {
  it('passes the MCP server origin through and checks other origins', async () => {
    const { fetchFn, requested } = stubFetch({
      'https://127.0.0.1:8443/mcp': json({ ok: true }),
      'https://127.0.0.1:9443/.well-known/oauth-authorization-server': json({}),
    });
    const guarded = guardedOAuthFetch({ serverUrl: 'https://127.0.0.1:8443/mcp', allowPrivate: false }, fetchFn);
    expect((await guarded('https://127.0.0.1:8443/mcp')).status).toBe(200);
    // Same host as the MCP server (another port): the admin chose that host.
    expect((await guarded('https://127.0.0.1:9443/.well-known/oauth-authorization-server')).status).toBe(200);
    expect(requested).toHaveLength(2);
  });

  it('refuses a private address on another host than the MCP server, unless allowed', async () => {
    const { fetchFn, requested } = stubFetch({ 'https://10.1.2.3/token': json({}) });
    const guarded = guardedOAuthFetch({ serverUrl: SERVER, allowPrivate: false }, fetchFn);
    await expect(guarded('https://10.1.2.3/token', { method: 'POST' })).rejects.toThrow(/private, loopback or reserved/);
    await expect(guarded('http://127.0.0.1:1234/token', { method: 'POST' })).rejects.toThrow(/private, loopback or reserved/);
    expect(requested).toEqual([]);
    const allowed = guardedOAuthFetch({ serverUrl: SERVER, allowPrivate: true }, fetchFn);
    expect((await allowed('https://10.1.2.3/token', { method: 'POST' })).status).toBe(200);
  });

  it('refuses a redirect to a private address, checking every hop', async () => {
    const { fetchFn, requested } = stubFetch({
      'https://mcp.example.com/.well-known/oauth-protected-resource/mcp': redirect('http://169.254.169.254/latest/meta-data'),
    });
    const guarded = guardedOAuthFetch({ serverUrl: SERVER, allowPrivate: false }, fetchFn);
    await expect(guarded('https://mcp.example.com/.well-known/oauth-protected-resource/mcp')).rejects.toThrow(/must use https/);
    const { fetchFn: f2, requested: r2 } = stubFetch({
      'https://mcp.example.com/.well-known/oauth-protected-resource/mcp': redirect('https://169.254.169.254/latest/meta-data'),
    });
    await expect(
      guardedOAuthFetch({ serverUrl: SERVER, allowPrivate: false }, f2)('https://mcp.example.com/.well-known/oauth-protected-resource/mcp'),
    ).rejects.toThrow(/169\.254\.169\.254, a private, loopback or reserved address/);
    // The redirect target itself is never requested.
    expect([...requested, ...r2].some((line) => line.includes('169.254'))).toBe(false);
  });

  it('never re-sends a POST to where a redirect points', async () => {
    const { fetchFn, requested } = stubFetch({ 'https://mcp.example.com/token': redirect('https://elsewhere.example.org/token') });
    const guarded = guardedOAuthFetch({ serverUrl: SERVER, allowPrivate: false }, fetchFn);
    expect((await guarded('https://mcp.example.com/token', { method: 'POST', body: 'code=x' })).status).toBe(302);
    expect(requested).toEqual(['POST https://mcp.example.com/token']);
  });
});

describe("the SDK's auth() with the platform's provider", () => {
  const prm = { resource: SERVER, authorization_servers: [AS] };

  it('stops before registration when the authorization server metadata names another issuer', async () => {
    const { fetchFn, requested } = stubFetch({
      'https://mcp.example.com/.well-known/oauth-protected-resource/mcp': json(prm),
      'https://auth.example.com/.well-known/oauth-authorization-server': json(metadata('https://impostor.example.com')),
      'https://auth.example.com/register': json({ client_id: 'x' }, 201),
    });
    const provider = new McpOAuthProvider({
      serverUrl: SERVER,
      store: new InMemoryOAuthStore(),
      clientName: 't',
      grant: 'authorization_code',
      redirectUrl: 'https://platform.example.com/api/mcp/oauth/callback',
    });
    await expect(auth(provider, { serverUrl: SERVER, fetchFn })).rejects.toThrow(/names issuer https:\/\/impostor.example.com/);
    expect(requested.some((line) => line.includes('/register'))).toBe(false);
  });

  it('registers, keeps the PKCE verifier only for the person starting, and never sends tokens a consent would replace', async () => {
    const { fetchFn } = stubFetch({
      'https://mcp.example.com/.well-known/oauth-protected-resource/mcp': json(prm),
      'https://auth.example.com/.well-known/oauth-authorization-server': json(metadata(AS)),
      'https://auth.example.com/register': json({ client_id: 'registered', redirect_uris: ['https://platform.example.com/cb'] }, 201),
    });
    const store = new InMemoryOAuthStore({ tokens: { access_token: 'old', token_type: 'bearer' } });
    const base = {
      serverUrl: SERVER,
      store,
      clientName: 't',
      grant: 'authorization_code' as const,
      redirectUrl: 'https://platform.example.com/cb',
    };
    const required: URL[] = [];
    // A connection: the SDK decides a consent is needed; only that is reported, nothing of the flow is kept.
    const background = new McpOAuthProvider({ ...base, onAuthorizationRequired: (url) => void required.push(url) });
    await store.write({ tokens: undefined });
    expect(await auth(background, { serverUrl: SERVER, scope: 'files:read', fetchFn })).toBe('REDIRECT');
    expect(required).toHaveLength(1);
    const after = await store.read();
    expect(after.codeVerifier).toBeUndefined();
    expect(after.requiredScope).toBe('files:read');
    expect(after.client?.client_id).toBe('registered');
    // A person: the URL carries the state they were given, PKCE S256 and the resource; the verifier is kept.
    let authorizationUrl: URL | undefined;
    await store.write({ tokens: { access_token: 'still-valid', token_type: 'bearer', refresh_token: 'r' } });
    const interactive = new McpOAuthProvider({
      ...base,
      interactive: { state: 'the-state', onAuthorizationUrl: (url) => (authorizationUrl = url) },
    });
    expect(await interactive.tokens()).toBeUndefined();
    expect(await auth(interactive, { serverUrl: SERVER, scope: 'files:read', fetchFn })).toBe('REDIRECT');
    expect(authorizationUrl?.searchParams.get('state')).toBe('the-state');
    expect(authorizationUrl?.searchParams.get('code_challenge_method')).toBe('S256');
    expect(authorizationUrl?.searchParams.get('resource')).toBe(SERVER);
    expect(authorizationUrl?.searchParams.get('scope')).toBe('files:read');
    expect((await store.read()).codeVerifier).toMatch(/^[\w.~-]{43,128}$/);
  });

  it('keeps a pre-registered client when the SDK invalidates credentials', async () => {
    const store = new InMemoryOAuthStore({
      client: { client_id: 'pre' },
      preRegistered: true,
      tokens: { access_token: 'a', token_type: 'bearer' },
    });
    const provider = new McpOAuthProvider({
      serverUrl: SERVER,
      store,
      clientName: 't',
      grant: 'authorization_code',
      redirectUrl: 'https://p/cb',
    });
    await provider.invalidateCredentials('all');
    expect(await store.read()).toMatchObject({ client: { client_id: 'pre' }, tokens: undefined });
  });
});
