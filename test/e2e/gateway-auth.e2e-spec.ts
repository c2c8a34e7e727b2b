import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { ModulesContainer } from '@nestjs/core';
import { PATH_METADATA, METHOD_METADATA } from '@nestjs/common/constants';
import { RequestMethod } from '@nestjs/common';
import { createHmac, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadEnv } from '@libs/config';
import { createApp } from 'src/app.factory';
import { PUBLIC_ROUTE, REQUIRED_PERMISSION } from 'src/core/auth/auth.decorators';
import { bearer, loginInProcess, TEST_ADMIN } from 'test/utils/auth';
import { tmpDataDir } from 'test/utils/services';

jest.setTimeout(120_000);

const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
function forge(header: object, payload: object, key: string | Buffer): string {
  const unsigned = `${b64(header)}.${b64(payload)}`;
  return `${unsigned}.${createHmac('sha256', key).update(unsigned).digest('base64url')}`;
}

interface RouteInfo {
  method: string;
  path: string;
  isPublic: boolean;
  permission?: string;
}

/** Every route Nest serves, with the auth metadata the guard will read. */
function routeTable(app: NestFastifyApplication): RouteInfo[] {
  const routes: RouteInfo[] = [];
  for (const module of app.get(ModulesContainer).values()) {
    for (const { metatype } of module.controllers.values()) {
      if (!metatype) continue;
      const base = Reflect.getMetadata(PATH_METADATA, metatype) as string;
      for (const name of Object.getOwnPropertyNames(metatype.prototype)) {
        const handler = metatype.prototype[name];
        const path = typeof handler === 'function' ? (Reflect.getMetadata(PATH_METADATA, handler) as string | undefined) : undefined;
        if (path === undefined || name === 'constructor') continue;
        const method = RequestMethod[Reflect.getMetadata(METHOD_METADATA, handler) as number];
        const full = `/${[base, path].filter((p) => p && p !== '/').join('/')}`.replace(/\/+/g, '/');
        const isPublic = Reflect.getMetadata(PUBLIC_ROUTE, handler) ?? Reflect.getMetadata(PUBLIC_ROUTE, metatype);
        const permission = Reflect.getMetadata(REQUIRED_PERMISSION, handler) ?? Reflect.getMetadata(REQUIRED_PERMISSION, metatype);
        routes.push({ method, path: full, isPublic: Boolean(isPublic), permission });
      }
    }
  }
  return routes;
}

describe('gateway: identity and access', () => {
  let app: NestFastifyApplication;
  let dataDir: string;
  let admin: string;

  beforeAll(async () => {
    dataDir = tmpDataDir('gateway-');
    ({ app } = await createApp(loadEnv({ DATA_DIR: dataDir, CHROMA_AUTOSTART: 'false', LOGIN_MAX_FAILURES: '5', ...TEST_ADMIN }), {
      logger: false,
    }));
    await app.init();
    await app.getHttpAdapter().getInstance().ready();
    admin = await loginInProcess(app);
  });

  afterAll(() => app.close());

  const login = (email: string, password: string, ip = '10.0.0.1') =>
    app.inject({ method: 'POST', url: '/auth/login', payload: { email, password }, remoteAddress: ip });

  describe('route table', () => {
    it('gives every route either @Public or a permission, and the public ones are the expected few', () => {
      const routes = routeTable(app);
      expect(routes.length).toBeGreaterThan(10);
      const unprotected = routes.filter((r) => !r.isPublic && !r.permission);
      expect(unprotected).toEqual([]);
      const publicRoutes = routes
        .filter((r) => r.isPublic)
        .map((r) => `${r.method} ${r.path}`)
        .sort();
      expect(publicRoutes).toEqual([
        'GET /.well-known/agent-card.json',
        'GET /api/mcp/oauth/callback',
        'GET /api/mcp/oauth/client-metadata.json',
        'GET /health',
        'GET /health/detailed',
        'GET /health/live',
        'GET /health/ready',
        'GET /metrics',
        'POST /auth/login',
        'POST /auth/logout',
        'POST /auth/refresh',
      ]);
    });

    it('answers 401 on every protected route without a token', async () => {
      for (const route of routeTable(app).filter((r) => !r.isPublic)) {
        const url = route.path.replace(/:\w+/g, randomUUID());
        const res = await app.inject({ method: route.method as 'GET', url, payload: route.method === 'GET' ? undefined : {} });
        expect({ route: `${route.method} ${route.path}`, status: res.statusCode }).toEqual({
          route: `${route.method} ${route.path}`,
          status: 401,
        });
        expect(res.json()).toMatchObject({ code: 'UNAUTHENTICATED' });
      }
    });
  });

  describe('sessions', () => {
    it('logs in, answers /auth/me, and refuses a wrong password without saying whether the email exists', async () => {
      const me = await app.inject({ method: 'GET', url: '/auth/me', headers: bearer(admin) });
      expect(me.json()).toMatchObject({ email: TEST_ADMIN.ADMIN_EMAIL, role: 'admin' });
      const wrong = await login(TEST_ADMIN.ADMIN_EMAIL, 'not-the-password', '10.0.1.1');
      const unknown = await login('nobody@test.local', 'not-the-password', '10.0.1.2');
      expect(wrong.statusCode).toBe(401);
      expect(unknown.statusCode).toBe(401);
      const strip = (body: Record<string, unknown>) => ({ ...body, instance: undefined });
      expect(strip(wrong.json())).toEqual(strip(unknown.json()));
      expect(wrong.json().code).toBe('INVALID_CREDENTIALS');
    });

    it('rotates refresh tokens, and a reused one revokes the whole family', async () => {
      const first = (await login(TEST_ADMIN.ADMIN_EMAIL, TEST_ADMIN.ADMIN_PASSWORD, '10.0.2.1')).json();
      const refresh = (token: string) => app.inject({ method: 'POST', url: '/auth/refresh', payload: { refreshToken: token } });
      const second = await refresh(first.refreshToken);
      expect(second.statusCode).toBe(200);
      const reuse = await refresh(first.refreshToken);
      expect(reuse.statusCode).toBe(401);
      expect(reuse.json().code).toBe('REFRESH_TOKEN_REUSED');
      // The legitimate newer token died with its family.
      expect((await refresh(second.json().refreshToken)).json().code).toBe('INVALID_REFRESH_TOKEN');
    });

    it('revokes a session on logout', async () => {
      const pair = (await login(TEST_ADMIN.ADMIN_EMAIL, TEST_ADMIN.ADMIN_PASSWORD, '10.0.3.1')).json();
      expect((await app.inject({ method: 'POST', url: '/auth/logout', payload: { refreshToken: pair.refreshToken } })).statusCode).toBe(
        204,
      );
      expect((await app.inject({ method: 'POST', url: '/auth/refresh', payload: { refreshToken: pair.refreshToken } })).statusCode).toBe(
        401,
      );
    });
  });

  describe('forged and broken tokens', () => {
    const claims = () => {
      const payload = JSON.parse(Buffer.from(admin.split('.')[1], 'base64url').toString());
      return payload as Record<string, unknown>;
    };
    const secret = () => readFileSync(join(dataDir, 'jwt-secret'), 'utf8').trim();
    const tryToken = (token: string) => app.inject({ method: 'GET', url: '/auth/me', headers: bearer(token) });

    it.each([
      ['alg none', () => `${b64({ alg: 'none', typ: 'JWT' })}.${b64(claims())}.`],
      ['a wrong key', () => forge({ alg: 'HS256', typ: 'JWT' }, claims(), 'a-completely-different-secret')],
      ['an expired token', () => forge({ alg: 'HS256', typ: 'JWT' }, { ...claims(), exp: Math.floor(Date.now() / 1000) - 60 }, secret())],
      [
        'a tampered payload',
        () => `${admin.split('.')[0]}.${b64({ ...claims(), role: 'admin', sub: randomUUID() })}.${admin.split('.')[2]}`,
      ],
      ['a wrong issuer', () => forge({ alg: 'HS256', typ: 'JWT' }, { ...claims(), iss: 'someone-else' }, secret())],
      ['a wrong audience', () => forge({ alg: 'HS256', typ: 'JWT' }, { ...claims(), aud: 'another-api' }, secret())],
      ['garbage', () => 'not.a.jwt'],
    ])('refuses %s with 401', async (_name, make) => {
      const res = await tryToken(make());
      expect(res.statusCode).toBe(401);
      expect(res.json().code).toBe('UNAUTHENTICATED');
    });

    it('accepts a token it signed itself (the forging helper is honest)', async () => {
      expect((await tryToken(forge({ alg: 'HS256', typ: 'JWT' }, claims(), secret()))).statusCode).toBe(200);
    });
  });

  describe('roles and API keys', () => {
    it('lets a viewer read but not write (403), and refuses keys above the creator role', async () => {
      const created = await app.inject({
        method: 'POST',
        url: '/api/users',
        headers: bearer(admin),
        payload: { email: 'viewer@test.local', password: 'viewer-password-123', role: 'viewer' },
      });
      expect(created.statusCode).toBe(201);
      const viewer = await loginInProcess(app, 'viewer@test.local', 'viewer-password-123');
      expect((await app.inject({ method: 'GET', url: '/api/services', headers: bearer(viewer) })).statusCode).toBe(200);
      const write = await app.inject({ method: 'POST', url: '/api/keys', headers: bearer(viewer), payload: { name: 'x' } });
      expect(write.statusCode).toBe(403);
      expect(write.json().code).toBe('FORBIDDEN');
    });

    it('creates a key shown once, accepts it as X-API-Key and Bearer, and refuses it after revocation', async () => {
      const created = await app.inject({
        method: 'POST',
        url: '/api/keys',
        headers: bearer(admin),
        payload: { name: 'ci-script', role: 'viewer' },
      });
      expect(created.statusCode).toBe(201);
      const { key, id, prefix } = created.json();
      expect(key.startsWith(prefix)).toBe(true);
      const list = (await app.inject({ method: 'GET', url: '/api/keys', headers: bearer(admin) })).json();
      expect(JSON.stringify(list)).not.toContain(key);
      expect((await app.inject({ method: 'GET', url: '/api/services', headers: { 'x-api-key': key } })).statusCode).toBe(200);
      expect((await app.inject({ method: 'GET', url: '/api/services', headers: bearer(key) })).statusCode).toBe(200);
      expect((await app.inject({ method: 'GET', url: '/api/keys', headers: { 'x-api-key': key } })).statusCode).toBe(403);
      expect((await app.inject({ method: 'DELETE', url: `/api/keys/${id}`, headers: bearer(admin) })).statusCode).toBe(204);
      // Revocation reaches every process's key cache through a bus event, a moment after the DELETE answers.
      let status = 0;
      for (let i = 0; i < 50 && status !== 401; i++) {
        await new Promise((r) => setTimeout(r, 20));
        status = (await app.inject({ method: 'GET', url: '/api/services', headers: { 'x-api-key': key } })).statusCode;
      }
      expect(status).toBe(401);
    });
  });

  describe('bad input and brute force', () => {
    it.each([
      ['SQL-ish email', { email: "admin@test.local' OR '1'='1", password: 'x' }, 400],
      ['SQL-ish password', { email: 'admin@test.local', password: "' OR 1=1 --" }, 401],
      ['an oversized password', { email: 'admin@test.local', password: 'x'.repeat(10_000) }, 400],
      ['an unknown field', { email: 'admin@test.local', password: 'x', role: 'admin' }, 400],
      ['a wrong type', { email: 42, password: ['x'] }, 400],
    ])('answers %s with a clear error', async (_name, payload, status) => {
      const res = await app.inject({
        method: 'POST',
        url: '/auth/login',
        payload,
        remoteAddress: `10.1.${Math.floor(Math.random() * 250)}.1`,
      });
      expect(res.statusCode).toBe(status);
      expect(res.json().status).toBe(status);
    });

    it('throttles 10,000 failed logins in a row, never enumerates, and stays responsive', async () => {
      const codes = new Map<string, number>();
      const attempt = async (i: number) => {
        const email = i % 2 ? TEST_ADMIN.ADMIN_EMAIL : `ghost${i}@test.local`;
        const res = await login(email, `wrong-${i}`, '10.9.9.9');
        const code = res.json().code as string;
        codes.set(code, (codes.get(code) ?? 0) + 1);
      };
      for (let i = 0; i < 10_000; i += 50) {
        await Promise.all(Array.from({ length: 50 }, (_, j) => attempt(i + j)));
        if (i % 2_000 === 0) expect((await app.inject({ method: 'GET', url: '/health' })).statusCode).toBe(200);
      }
      // Past the first few failures every attempt is refused before any password is checked.
      expect(codes.get('INVALID_CREDENTIALS')! + (codes.get('LOGIN_THROTTLED') ?? 0) + (codes.get('RATE_LIMITED') ?? 0)).toBe(10_000);
      expect(codes.get('INVALID_CREDENTIALS')).toBeLessThan(100);
      expect([...codes.keys()].sort()).not.toContain('USER_NOT_FOUND');
      // The attacked account is locked for the window, even with the right password; other accounts are not.
      expect((await login(TEST_ADMIN.ADMIN_EMAIL, TEST_ADMIN.ADMIN_PASSWORD, '10.8.8.8')).json().code).toBe('LOGIN_THROTTLED');
      expect((await login('viewer@test.local', 'viewer-password-123', '10.8.8.8')).statusCode).toBe(200);
    });
  });

  describe('audit and A2A routing', () => {
    it('shows logins, failures and key changes to admins only', async () => {
      for (const action of ['login', 'login_failed', 'apikey_created', 'apikey_revoked', 'user_created', 'token_reuse', 'logout']) {
        const page = (await app.inject({ method: 'GET', url: `/api/audit?action=${action}&limit=1`, headers: bearer(admin) })).json();
        expect({ action, total: page.total > 0, ip: page.items[0]?.ip !== undefined }).toEqual({ action, total: true, ip: true });
      }
      const viewer = await loginInProcess(app, 'viewer@test.local', 'viewer-password-123');
      expect((await app.inject({ method: 'GET', url: '/api/audit', headers: bearer(viewer) })).statusCode).toBe(403);
    });

    it('delivers a JSON-RPC message over the bus and answers JSON-RPC errors', async () => {
      const post = (payload: unknown) =>
        app.inject({ method: 'POST', url: '/a2a/route', headers: bearer(admin), payload: payload as object });
      const card = (await post({ jsonrpc: '2.0', id: 1, method: 'rag.card', params: {} })).json();
      expect(card).toMatchObject({ jsonrpc: '2.0', id: 1, result: { metadata: { module: 'rag' } } });
      expect((await post([{ jsonrpc: '2.0', id: 1, method: 'rag.card' }])).json().error.code).toBe(-32600);
      expect((await post({ jsonrpc: '1.0', id: 2, method: 'rag.card' })).json().error.code).toBe(-32600);
      expect((await post({ jsonrpc: '2.0', id: 3, method: 'DROP TABLE' })).json().error.code).toBe(-32601);
      expect((await post({ jsonrpc: '2.0', id: 4, method: 'rag.card', params: [1] })).json().error.code).toBe(-32602);
    });
  });
});
