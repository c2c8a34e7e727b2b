import { Body, Controller, Module, Post } from '@nestjs/common';
import { APP_FILTER, NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { IsInt, IsString, Max, MaxLength, Min } from 'class-validator';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadEnv } from '@libs/config';
import { createApp } from 'src/app.factory';
import { HttpExceptionFilter } from 'src/core/http-exception.filter';
import { globalValidationPipe } from 'src/core/validation';

class EchoDto {
  @IsString() @MaxLength(20) name: string;
  @IsInt() @Min(1) @Max(10) count: number;
}

@Controller('echo')
class EchoController {
  @Post()
  echo(@Body() body: EchoDto) {
    return body;
  }
}

@Module({ controllers: [EchoController], providers: [{ provide: APP_FILTER, useClass: HttpExceptionFilter }] })
class EchoModule {}

describe('HTTP error contract', () => {
  describe('on the platform app', () => {
    let app: NestFastifyApplication;
    let dataDir: string;

    beforeAll(async () => {
      dataDir = mkdtempSync(join(tmpdir(), 'errors-'));
      ({ app } = await createApp(loadEnv({ DATA_DIR: dataDir, CHROMA_AUTOSTART: 'false', BODY_LIMIT_BYTES: '2048' }), { logger: false }));
      await app.init();
      await app.getHttpAdapter().getInstance().ready();
    });

    afterAll(async () => {
      await app.close();
      rmSync(dataDir, { recursive: true, force: true });
    });

    it("sends helmet's security headers on answers, errors and unknown routes alike", async () => {
      for (const url of ['/health', '/api/agents', '/no/such/route']) {
        const res = await app.inject({ method: 'GET', url });
        expect(res.headers).toMatchObject({
          'x-content-type-options': 'nosniff',
          'x-frame-options': 'SAMEORIGIN',
          'strict-transport-security': expect.stringContaining('max-age='),
          'referrer-policy': 'no-referrer',
          'cross-origin-opener-policy': 'same-origin',
        });
        expect(res.headers['x-powered-by']).toBeUndefined();
      }
    });

    it('answers malformed JSON with a 400 problem, never a 500', async () => {
      const res = await app.inject({ method: 'POST', url: '/health', headers: { 'content-type': 'application/json' }, payload: '{"a":' });
      expect(res.statusCode).toBe(400);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(res.json()).toMatchObject({ status: 400, code: 'MALFORMED_JSON', type: expect.stringContaining('malformed-json') });
    });

    it('answers a body over the size limit with 413', async () => {
      const res = await app.inject({
        method: 'POST',
        url: '/health',
        headers: { 'content-type': 'application/json' },
        payload: JSON.stringify({ x: 'y'.repeat(4096) }),
      });
      expect(res.statusCode).toBe(413);
      expect(res.json()).toMatchObject({ status: 413, code: 'PAYLOAD_TOO_LARGE' });
    });

    it('answers an unknown route with a 404 problem', async () => {
      const res = await app.inject({ method: 'GET', url: '/no/such/route' });
      expect(res.statusCode).toBe(404);
      expect(res.json()).toMatchObject({ status: 404, code: 'NOT_FOUND', instance: '/no/such/route' });
    });
  });

  describe('with the global validation policy', () => {
    let app: NestFastifyApplication;

    beforeAll(async () => {
      const adapter = new FastifyAdapter({ bodyLimit: 4096 });
      app = await NestFactory.create<NestFastifyApplication>(EchoModule, adapter, { logger: false });
      app.useGlobalPipes(globalValidationPipe());
      await app.init();
      await app.getHttpAdapter().getInstance().ready();
    });

    afterAll(() => app.close());

    const post = (payload: unknown) => app.inject({ method: 'POST', url: '/echo', payload: payload as object });

    it('accepts a valid body', async () => {
      const res = await post({ name: 'a', count: 3 });
      expect(res.statusCode).toBe(201);
      expect(res.json()).toEqual({ name: 'a', count: 3 });
    });

    it('rejects unknown fields by name', async () => {
      const res = await post({ name: 'a', count: 3, isAdmin: true });
      expect(res.statusCode).toBe(400);
      expect(res.json()).toMatchObject({ code: 'VALIDATION_FAILED', errors: [{ field: 'isAdmin' }] });
    });

    it('reports every bad field: wrong types and out-of-bounds sizes', async () => {
      const res = await post({ name: 'x'.repeat(21), count: 'many' });
      const fields = (res.json().errors as Array<{ field: string }>).map((e) => e.field).sort();
      expect(res.statusCode).toBe(400);
      expect(fields).toEqual(['count', 'name']);
    });

    it('answers an unsupported content type with 415', async () => {
      const res = await app.inject({ method: 'POST', url: '/echo', headers: { 'content-type': 'application/x-foo' }, payload: 'abc' });
      expect(res.statusCode).toBe(415);
      expect(res.json()).toMatchObject({ status: 415, code: 'UNSUPPORTED_MEDIA_TYPE' });
    });

    it('rejects a JSON array where an object is expected', async () => {
      const res = await post([1, 2]);
      expect(res.statusCode).toBe(400);
      expect(res.json().status).toBe(400);
    });
  });
});
