import type { NestFastifyApplication } from '@nestjs/platform-fastify';

/** Credentials tests pass as ADMIN_EMAIL / ADMIN_PASSWORD so the app creates this admin on first start. */
export const TEST_ADMIN = { ADMIN_EMAIL: 'admin@test.local', ADMIN_PASSWORD: 'test-admin-password-123' };

/** Logs in over HTTP (a started platform) and returns the access token. */
export async function loginOverHttp(
  baseUrl: string,
  email = TEST_ADMIN.ADMIN_EMAIL,
  password = TEST_ADMIN.ADMIN_PASSWORD,
): Promise<string> {
  const res = await fetch(`${baseUrl}/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  if (res.status !== 200) throw new Error(`login failed: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { accessToken: string }).accessToken;
}

/** Logs in through fastify's inject (an in-process app) and returns the access token. */
export async function loginInProcess(
  app: NestFastifyApplication,
  email = TEST_ADMIN.ADMIN_EMAIL,
  password = TEST_ADMIN.ADMIN_PASSWORD,
): Promise<string> {
  const res = await app.inject({ method: 'POST', url: '/auth/login', payload: { email, password } });
  if (res.statusCode !== 200) throw new Error(`login failed: ${res.statusCode} ${res.body}`);
  return res.json<{ accessToken: string }>().accessToken;
}

export const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
