import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { loadEnv } from '@libs/config';
import { createApp } from 'src/app.factory';
import { bearer, loginInProcess, TEST_ADMIN } from 'test/utils/auth';
import { tmpDataDir } from 'test/utils/services';

describe('POST /api/sql/validate', () => {
  let app: NestFastifyApplication;
  let token: string;

  beforeAll(async () => {
    ({ app } = await createApp(loadEnv({ DATA_DIR: tmpDataDir('sqlv-'), CHROMA_AUTOSTART: 'false', ...TEST_ADMIN }), { logger: false }));
    await app.init();
    await app.getHttpAdapter().getInstance().ready();
    token = await loginInProcess(app);
  });

  afterAll(() => app.close());

  const validate = (payload: object, headers = bearer(token)) => app.inject({ method: 'POST', url: '/api/sql/validate', headers, payload });

  it('returns every finding with its code', async () => {
    const res = await validate({ sql: 'SELECT pg_sleep(10); DELETE FROM t', dialect: 'postgres' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ valid: false });
    expect(res.json().findings.map((f: { code: string }) => f.code)).toEqual(
      expect.arrayContaining(['MULTIPLE_STATEMENTS', 'DANGEROUS_FUNCTION']),
    );
  });

  it('says valid for a plain SELECT', async () => {
    expect((await validate({ sql: 'SELECT id FROM t WHERE id = ?', dialect: 'mariadb' })).json()).toEqual({
      valid: true,
      statementType: 'select',
      findings: [],
    });
  });

  it('rejects an unknown dialect, an unknown field and an empty statement with 400', async () => {
    for (const payload of [
      { sql: 'SELECT 1', dialect: 'oracle' },
      { sql: 'SELECT 1', dialect: 'postgres', run: true },
      { sql: '', dialect: 'postgres' },
    ]) {
      const res = await validate(payload);
      expect(res.statusCode).toBe(400);
      expect(res.json().code).toBe('VALIDATION_FAILED');
    }
  });

  it('needs a credential', async () => {
    expect((await validate({ sql: 'SELECT 1', dialect: 'postgres' }, {} as never)).statusCode).toBe(401);
  });
});
