import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createHash, randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import type { Server } from 'node:http';
import express from 'express';
import { loadEnv } from '@libs/config';
import { createApp } from 'src/app.factory';
import { consentAs, listen, startOAuthMcp, TestAuthServer, urlOf } from 'test/fixtures/mcp-oauth-server';
import { TEST_ADMIN, loginOverHttp } from 'test/utils/auth';
import { freePort, tmpDataDir } from 'test/utils/services';

jest.setTimeout(120_000);

type Json = Record<string, any>;

describe('MCP authorization (OAuth) and elicitation through the REST API, against the SDK server and a local authorization server', () => {
  let app: NestFastifyApplication;
  let base: string;
  let admin: string;
  let operator: string;
  const provider = new TestAuthServer();
  const servers: Server[] = [];
  let mcpUrl: string;
  let authUrl: string;
  let badIssuerMcpUrl: string;
  const dataDir = tmpDataDir('mcp-oauth-');

  const api = async (method: string, path: string, body?: unknown, token = admin) => {
    const res = await fetch(`${base}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
      body: body !== undefined ? JSON.stringify(body) : undefined,
    });
    const text = await res.text();
    return { status: res.status, body: (text ? JSON.parse(text) : undefined) as Json };
  };

  /** What a person does in the browser: open the authorization URL, consent as `user`; returns where the browser is sent back. */
  const consent = async (authorizationUrl: string, user: string, allow = true): Promise<string> =>
    consentAs(provider, authorizationUrl, user, allow);

  /** POST /authorize, consent, follow the redirect to the platform's callback as a browser would (no platform credential). */
  const authorize = async (server: string, user: string, token = admin) => {
    const started = await api('POST', `/api/mcp/servers/${server}/authorize`, undefined, token);
    expect(started.status).toBe(200);
    const back = await consent(started.body.authorizationUrl, user);
    const callback = await fetch(back, { headers: { accept: 'text/html' } });
    return { started: started.body, back, callback, page: await callback.text() };
  };

  /** A streamed tool call; `onElicitation` answers the questions the server asks. Returns every event. */
  const streamCall = async (tool: string, onElicitation?: (event: Json) => Promise<void>) => {
    const res = await fetch(`${base}/api/tools/${tool}/execute`, {
      method: 'POST',
      headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/json', accept: 'text/event-stream' },
      body: JSON.stringify({ arguments: {}, timeoutMs: 20_000 }),
    });
    const events: Array<{ event: string; data: Json }> = [];
    let buffer = '';
    const decoder = new TextDecoder();
    for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
      buffer += decoder.decode(chunk, { stream: true });
      let end: number;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const event = { event: /event: (\w+)/.exec(block)![1]!, data: JSON.parse(/data: (.*)/.exec(block)![1]!) as Json };
        events.push(event);
        if (event.event === 'elicitation' && onElicitation) await onElicitation(event.data);
      }
    }
    return events;
  };

  beforeAll(async () => {
    // The authorization server and the OAuth-protected `orders` MCP server (test/fixtures/mcp-oauth-server).
    const oauth = await startOAuthMcp(provider);
    servers.push(...oauth.servers);
    ({ authUrl, mcpUrl } = oauth);
    const { oauthMetadata } = oauth;

    // A server whose authorization server metadata names another issuer than the one it is fetched from.
    const badApp = express();
    const badServer = await listen(badApp);
    servers.push(badServer);
    const badBase = urlOf(badServer);
    badIssuerMcpUrl = `${badBase}/mcp`;
    badApp.get('/.well-known/oauth-protected-resource/mcp', (_req, res) =>
      res.json({ resource: badIssuerMcpUrl, authorization_servers: [`${badBase}/as`] }),
    );
    badApp.get('/.well-known/oauth-authorization-server/as', (_req, res) => res.json({ ...oauthMetadata, issuer: authUrl }));
    badApp.post('/mcp', (_req, res) => {
      res.status(401).set('WWW-Authenticate', `Bearer resource_metadata="${badBase}/.well-known/oauth-protected-resource/mcp"`).end();
    });

    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    const env = loadEnv({
      DATA_DIR: dataDir,
      PORT: String(port),
      PUBLIC_URL: base,
      CHROMA_AUTOSTART: 'false',
      RATE_LIMIT_EXPENSIVE_PER_MINUTE: '100000',
      RATE_LIMIT_PER_MINUTE: '100000',
      MCP_ELICITATION_TIMEOUT_MS: '1500',
      ...TEST_ADMIN,
    });
    ({ app } = await createApp(env, { logger: false }));
    await app.listen({ port, host: '127.0.0.1' });
    admin = await loginOverHttp(base);
    const created = await api('POST', '/api/users', { email: 'operator@test.local', password: 'operator-password-123', role: 'operator' });
    expect(created.status).toBe(201);
    operator = await loginOverHttp(base, 'operator@test.local', 'operator-password-123');
  });

  afterAll(async () => {
    await app?.close();
    for (const server of servers) server.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('a server that answers 401 is kept as needs_authorization after discovery and dynamic registration', async () => {
    const created = await api('POST', '/api/mcp/servers', { name: 'orders', transport: 'streamable-http', url: mcpUrl });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      status: 'needs_authorization',
      authorization: { mode: 'oauth', perUser: false, status: 'needs_authorization', authorizedUsers: 0 },
    });
    // Registered with the authorization server as a client whose redirect URI is the platform's callback.
    expect([...provider.clients.values()].map((c) => c.redirect_uris)).toEqual([[`${base}/api/mcp/oauth/callback`]]);
    const call = await api('POST', '/api/mcp/discover', { serverId: 'orders' });
    expect(call.status).toBe(409);
    expect(call.body.code).toBe('MCP_AUTHORIZATION_REQUIRED');
  });

  it('authorize returns the consent URL; the callback exchanges the code, stores the tokens and connects', async () => {
    const { started, back, callback, page } = await authorize('orders', 'alice');
    const url = new URL(started.authorizationUrl);
    expect(url.origin + url.pathname).toBe(`${authUrl}/authorize`);
    expect(url.searchParams.get('code_challenge_method')).toBe('S256');
    expect(url.searchParams.get('code_challenge')).toMatch(/^[\w-]{43}$/);
    expect(url.searchParams.get('resource')).toBe(mcpUrl);
    expect(url.searchParams.get('redirect_uri')).toBe(`${base}/api/mcp/oauth/callback`);
    expect(started.status).toBe('pending');
    expect(new URL(back).searchParams.get('state')).toBe(url.searchParams.get('state'));
    expect(callback.status).toBe(200);
    expect(page).toContain('is authorized');

    const listed = (await api('GET', '/api/mcp/servers')).body.find((s: Json) => s.name === 'orders');
    expect(listed).toMatchObject({
      status: 'connected',
      authorization: { status: 'authorized', authorizedUsers: 1, expiresAt: expect.any(String) },
    });
    const whoami = await api('POST', '/api/tools/orders.whoami/execute', { arguments: {} });
    expect(whoami.status).toBe(200);
    expect(JSON.parse(whoami.body.result[0].text)).toEqual({ user: 'alice', scopes: ['orders'] });

    // The state was used up: the same redirect again, or a state never issued, is refused.
    const again = await fetch(back);
    expect(again.status).toBe(400);
    expect(((await again.json()) as Json).code).toBe('OAUTH_STATE_INVALID');
    const forged = await fetch(`${base}/api/mcp/oauth/callback?code=x&state=${randomBytes(32).toString('base64url')}`);
    expect(forged.status).toBe(400);
    expect(((await forged.json()) as Json).code).toBe('OAUTH_STATE_INVALID');
  });

  it('an expired access token is refreshed by the SDK; a revoked one sends the server back to needs_authorization', async () => {
    provider.expireAccessTokens();
    const refreshed = await api('POST', '/api/tools/orders.whoami/execute', { arguments: {} });
    expect(refreshed.body).toMatchObject({ ok: true });
    expect(provider.refreshes).toBe(1);

    provider.revokeAll();
    const revoked = await api('POST', '/api/tools/orders.whoami/execute', { arguments: {} });
    expect(revoked.status).toBe(409);
    expect(revoked.body.error.code).toBe('MCP_AUTHORIZATION_REQUIRED');
    const listed = (await api('GET', '/api/mcp/servers/orders')).body;
    expect(listed).toMatchObject({ status: 'needs_authorization', authorization: { status: 'needs_authorization' } });

    await authorize('orders', 'alice');
    expect((await api('POST', '/api/tools/orders.whoami/execute', { arguments: {} })).body).toMatchObject({ ok: true });
  });

  it('disconnecting forgets the tokens and closes the connection; authorizing again reuses the client registration', async () => {
    const registrations = provider.clients.size;
    const forgotten = await api('DELETE', '/api/mcp/servers/orders/authorization');
    expect(forgotten.status).toBe(204);
    const call = await api('POST', '/api/tools/orders.whoami/execute', { arguments: {} });
    expect(call.status).toBe(409);
    expect(call.body.error.code).toBe('MCP_AUTHORIZATION_REQUIRED');
    expect((await api('GET', '/api/mcp/servers/orders')).body).toMatchObject({
      status: 'needs_authorization',
      authorization: { status: 'needs_authorization', authorizedUsers: 0 },
    });
    expect((await api('DELETE', '/api/mcp/servers/orders/authorization')).status).toBe(404);
    await authorize('orders', 'alice');
    expect((await api('POST', '/api/tools/orders.whoami/execute', { arguments: {} })).body).toMatchObject({ ok: true });
    expect(provider.clients.size).toBe(registrations);
  });

  it('the callback refuses a code issued for another PKCE challenge, another user, and a denied consent', async () => {
    // Someone else's browser presenting the admin's state: refused, and the state stays usable for the admin.
    const started = (await api('POST', '/api/mcp/servers/orders/authorize')).body;
    const back = await consent(started.authorizationUrl, 'alice');
    const otherUser = await fetch(back, { headers: { authorization: `Bearer ${operator}` } });
    expect(otherUser.status).toBe(403);

    // A code obtained with another PKCE challenge (an attacker's own authorization), injected with the admin's state.
    const attacker = new URL(started.authorizationUrl);
    attacker.searchParams.set('code_challenge', createHash('sha256').update(randomBytes(32).toString('base64url')).digest('base64url'));
    attacker.searchParams.set('state', 'attacker');
    const attackerCode = new URL(await consent(attacker.href, 'mallory')).searchParams.get('code')!;
    const injected = await fetch(`${base}/api/mcp/oauth/callback?code=${attackerCode}&state=${new URL(back).searchParams.get('state')}`);
    expect(injected.status).toBe(502);
    expect(((await injected.json()) as Json).code).toBe('OAUTH_FAILED');
    // The user's own code is useless now too: its state was used up by the failed attempt.
    expect((await fetch(back)).status).toBe(400);
    // What stays connected is the earlier authorization; the failure is recorded.
    expect((await api('GET', '/api/mcp/servers/orders')).body.authorization.lastError).toMatch(/exchanged/);

    const denied = (await api('POST', '/api/mcp/servers/orders/authorize')).body;
    const deniedBack = await fetch(await consent(denied.authorizationUrl, 'alice', false));
    expect(deniedBack.status).toBe(502);
    expect(((await deniedBack.json()) as Json).detail).toMatch(/access_denied/);
  });

  it('refuses authorization server metadata whose issuer does not match', async () => {
    const created = await api('POST', '/api/mcp/servers', { name: 'impostor', transport: 'streamable-http', url: badIssuerMcpUrl });
    expect(created.status).toBe(502);
    expect(created.body).toMatchObject({ code: 'OAUTH_UNSAFE', detail: expect.stringMatching(/names issuer/) });
    expect((await api('GET', '/api/mcp/servers/impostor')).status).toBe(404);
  });

  it('a per-user server: each user consents for themselves and calls run with their own tokens', async () => {
    const created = await api('POST', '/api/mcp/servers', { name: 'personal', transport: 'streamable-http', url: mcpUrl, perUser: true });
    expect(created.status).toBe(201);
    expect(created.body.authorization).toMatchObject({ perUser: true, status: 'needs_authorization' });
    await authorize('personal', 'alice');
    const asAdmin = await api('POST', '/api/tools/personal.whoami/execute', { arguments: {} });
    expect(JSON.parse(asAdmin.body.result[0].text).user).toBe('alice');

    // The operator has not authorized yet: their call needs their own consent.
    const before = await api('POST', '/api/tools/personal.whoami/execute', { arguments: {} }, operator);
    expect(before.status).toBe(409);
    expect(before.body.error.code).toBe('MCP_AUTHORIZATION_REQUIRED');
    expect((await api('GET', '/api/mcp/servers/personal', undefined, operator)).body.authorization).toMatchObject({
      status: 'needs_authorization',
      authorizedUsers: 1,
    });
    await authorize('personal', 'bob', operator);
    const asOperator = await api('POST', '/api/tools/personal.whoami/execute', { arguments: {} }, operator);
    expect(JSON.parse(asOperator.body.result[0].text).user).toBe('bob');
    expect(JSON.parse((await api('POST', '/api/tools/personal.whoami/execute', { arguments: {} })).body.result[0].text).user).toBe('alice');
    expect((await api('GET', '/api/mcp/servers/personal')).body.authorization).toMatchObject({ status: 'authorized', authorizedUsers: 2 });
    // A shared server is authorized by someone with tools:write only; the operator has it, a per-user server needs no more.
    expect((await api('POST', '/api/mcp/servers/orders/authorize', undefined, operator)).status).toBe(200);
  });

  it("elicitation: the streamed caller is asked, the answer is checked against the server's schema, defaults fill the rest", async () => {
    const events = await streamCall('orders.confirm_order', async (question) => {
      expect(question).toMatchObject({ id: expect.any(String), serverMessage: 'How many?', requestedSchema: { required: ['quantity'] } });
      const wrong = await api('POST', `/api/tools/elicitations/${question.id}`, { action: 'accept', content: { quantity: 99 } });
      expect(wrong.status).toBe(422);
      expect(wrong.body.code).toBe('ELICITATION_INVALID');
      const notMine = await api('POST', `/api/tools/elicitations/${question.id}`, { action: 'decline' }, operator);
      expect(notMine.status).toBe(404);
      expect((await api('POST', `/api/tools/elicitations/${question.id}`, { action: 'maybe' })).status).toBe(400);
      expect((await api('POST', `/api/tools/elicitations/${question.id}`, { action: 'accept', content: { quantity: 3 } })).status).toBe(
        204,
      );
    });
    expect(events.map((e) => e.event)).toEqual(['elicitation', 'result']);
    expect(JSON.parse(events[1]!.data.result[0].text)).toEqual({ action: 'accept', content: { quantity: 3, gift: false, note: 'none' } });
  });

  it('elicitation: concurrent calls each get their own answer; unanswered is declined at the timeout; no stream declines at once', async () => {
    const [first, second] = await Promise.all(
      [1, 2].map((quantity) =>
        streamCall('orders.confirm_order', async (question) => {
          await new Promise((r) => setTimeout(r, quantity * 100));
          await api('POST', `/api/tools/elicitations/${question.id}`, { action: 'accept', content: { quantity } });
        }),
      ),
    );
    expect(JSON.parse(first!.at(-1)!.data.result[0].text).content.quantity).toBe(1);
    expect(JSON.parse(second!.at(-1)!.data.result[0].text).content.quantity).toBe(2);

    const unanswered = await streamCall('orders.confirm_order');
    expect(JSON.parse(unanswered.at(-1)!.data.result[0].text)).toEqual({ action: 'decline' });
    const plain = await api('POST', '/api/tools/orders.confirm_order/execute', { arguments: {} });
    expect(JSON.parse(plain.body.result[0].text)).toEqual({ action: 'decline' });
  });
});
