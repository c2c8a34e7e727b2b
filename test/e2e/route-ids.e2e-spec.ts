import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { loadEnv } from '@libs/config';
import { createApp } from 'src/app.factory';
import { bearer, loginInProcess, TEST_ADMIN } from 'test/utils/auth';
import { tmpDataDir } from 'test/utils/services';

const spec = JSON.parse(readFileSync(join(__dirname, '..', '..', 'libs', 'sdk', 'openapi.json'), 'utf8')) as {
  paths: Record<string, Record<string, unknown>>;
};

// A2A mounts answer in the A2A protocol's own terms (a JSON-RPC or A2A error), not with a problem body.
const PROTOCOL_MOUNTS = /^\/a2a\/agents\/\{id\}/;

/** Every documented operation whose path has an `{id}`, with the method it takes. */
const operations = Object.entries(spec.paths)
  .filter(([path]) => path.includes('{id}') && !PROTOCOL_MOUNTS.test(path))
  .flatMap(([path, methods]) => Object.keys(methods).map((method) => ({ method: method.toUpperCase(), path })));

describe('ids in paths: a malformed id is a 400 problem on every route that takes one', () => {
  let app: NestFastifyApplication;
  let token: string;
  const dataDir = tmpDataDir('ids-');

  beforeAll(async () => {
    ({ app } = await createApp(loadEnv({ DATA_DIR: dataDir, CHROMA_AUTOSTART: 'false', ...TEST_ADMIN }), { logger: false }));
    await app.init();
    await app.getHttpAdapter().getInstance().ready();
    token = await loginInProcess(app);
  });

  afterAll(async () => {
    await app.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('covers a meaningful share of the API', () => {
    expect(operations.length).toBeGreaterThan(20);
  });

  it.each(operations)('$method $path', async ({ method, path }) => {
    const url = path.replace(/\{id\}/g, encodeURIComponent('not a uuid!')).replace(/\{[^}]+\}/g, 'x');
    const res = await app.inject({
      method: method as 'GET',
      url,
      headers: { ...bearer(token), ...(method === 'GET' || method === 'DELETE' ? {} : { 'content-type': 'application/json' }) },
      ...(method === 'GET' || method === 'DELETE' ? {} : { payload: '{}' }),
    });
    expect({ status: res.statusCode, code: res.json().code }).toEqual({ status: 400, code: 'INVALID_ID' });
    expect(res.headers['content-type']).toContain('application/problem+json');
  });

  it('answers an unknown but well-formed id with 404, not a failure of something else', async () => {
    const unknown = '00000000-0000-4000-8000-000000000000';
    const res = await app.inject({ method: 'POST', url: `/api/sql/connections/${unknown}/test`, headers: bearer(token) });
    expect(res.statusCode).toBe(404);
    expect(res.json().code).toBe('CONNECTION_NOT_FOUND');
  });
});
