import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { loadEnv } from '@libs/config';
import { createApp } from 'src/app.factory';
import { itWithServices, REDIS_TEST_URL, tmpDataDir, uniqueNamespace } from 'test/utils/services';

describe('rate limiting across processes sharing Redis', () => {
  let apps: NestFastifyApplication[] = [];
  const itWithRedis = itWithServices('redis');

  beforeAll(async () => {
    if (itWithRedis !== it) return;
    const namespace = uniqueNamespace('rl');
    const env = () =>
      loadEnv({
        DATA_DIR: tmpDataDir('rl-'),
        CHROMA_AUTOSTART: 'false',
        REDIS_URL: REDIS_TEST_URL,
        BUS_NAMESPACE: namespace,
        JWT_SECRET: 'rate-limit-test-secret-0123456789',
        RATE_LIMIT_PER_MINUTE: '6',
      });
    for (let i = 0; i < 2; i++) {
      const { app } = await createApp(env(), { logger: false });
      await app.init();
      await app.getHttpAdapter().getInstance().ready();
      apps.push(app);
    }
  });

  afterAll(async () => {
    await Promise.all(apps.map((app) => app.close()));
    apps = [];
  });

  itWithRedis(
    'shares one budget per caller between two app instances, then answers 429 with Retry-After and RateLimit headers',
    async () => {
      const hit = (i: number) => apps[i % 2].inject({ method: 'GET', url: '/health', remoteAddress: '10.20.30.40' });
      const responses = [];
      for (let i = 0; i < 6; i++) responses.push(await hit(i));
      expect(responses.map((r) => r.statusCode)).toEqual([200, 200, 200, 200, 200, 200]);
      expect(responses[0].headers['ratelimit-limit']).toBe('6');
      expect(responses.map((r) => r.headers['ratelimit-remaining'])).toEqual(['5', '4', '3', '2', '1', '0']);
      const limited = await hit(6);
      expect(limited.statusCode).toBe(429);
      expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
      expect(limited.json()).toMatchObject({ status: 429, code: 'RATE_LIMITED' });
      // Another caller has its own budget.
      expect((await apps[0].inject({ method: 'GET', url: '/health', remoteAddress: '10.20.30.41' })).statusCode).toBe(200);
    },
  );
});

describe('rate limiting in one process (the in-memory fixed-window store)', () => {
  let app: NestFastifyApplication;

  beforeAll(async () => {
    ({ app } = await createApp(loadEnv({ DATA_DIR: tmpDataDir('rl-mem-'), CHROMA_AUTOSTART: 'false', RATE_LIMIT_PER_MINUTE: '4' }), {
      logger: false,
    }));
    await app.init();
    await app.getHttpAdapter().getInstance().ready();
  });

  afterAll(() => app.close());

  it('counts per caller, answers 429 with Retry-After once over, and keeps answering 429 (the same refusal each time)', async () => {
    const hit = (ip = '10.9.8.7') => app.inject({ method: 'GET', url: '/health', remoteAddress: ip });
    const responses = [];
    for (let i = 0; i < 4; i++) responses.push(await hit());
    expect(responses.map((r) => r.headers['ratelimit-remaining'])).toEqual(['3', '2', '1', '0']);
    for (let i = 0; i < 3; i++) {
      const limited = await hit();
      expect(limited.statusCode).toBe(429);
      expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
      expect(limited.json()).toMatchObject({ status: 429, code: 'RATE_LIMITED' });
    }
    expect((await hit('10.9.8.6')).statusCode).toBe(200);
  });
});
