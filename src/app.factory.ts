import helmet from '@fastify/helmet';
import multipart from '@fastify/multipart';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import { randomUUID } from 'node:crypto';
import type { Env } from '@libs/config';
import { AppModule } from 'src/app.module';
import { PinoLogger } from 'src/core/logger';
import { globalValidationPipe } from 'src/core/validation';
import { PLATFORM_VERSION } from 'src/core/platform-version';
import { assertUniqueOperationIds, patchOpenApi } from 'src/core/openapi';
import { installHttpTelemetry } from 'src/core/http-telemetry';
import { setupTelemetry } from 'src/core/telemetry';
import { PlatformMetrics } from 'src/core/metrics/platform-metrics';
import { registerWebConsole } from 'src/core/web-console';

export interface CreatedApp {
  app: NestFastifyApplication;
  processId: string;
  openapi: OpenAPIObject;
}

/**
 * Helmet's response headers, taken once from a throwaway instance: they do not depend on the request, and running
 * helmet's middleware chain on every request was ~5% of the CPU of GET /health in a profile.
 */
async function helmetHeaders(): Promise<Record<string, string>> {
  const probe = new FastifyAdapter({ logger: false }).getInstance();
  await probe.register(helmet, { contentSecurityPolicy: false, global: true });
  probe.get('/', (_request, reply) => reply.send(''));
  const { headers } = await probe.inject({ method: 'GET', url: '/' });
  await probe.close();
  const ownHeaders = new Set(['content-type', 'content-length', 'date', 'connection', 'keep-alive']);
  return Object.fromEntries(
    Object.entries(headers)
      .filter(([name]) => !ownHeaders.has(name))
      .map(([name, value]) => [name, String(value)]),
  );
}

/** Builds the platform app for env without listening: main.ts, tests and sync-openapi all start here. */
export async function createApp(env: Env, options: { logger?: PinoLogger | false } = {}): Promise<CreatedApp> {
  const processId = `${env.modules.length === 8 ? 'platform' : env.modules.join('+')}-${process.pid}-${randomUUID().slice(0, 8)}`;
  const adapter = new FastifyAdapter({ bodyLimit: env.BODY_LIMIT_BYTES, trustProxy: true, logger: false, return503OnClosing: true });
  const fastify = adapter.getInstance();
  // Idempotent: main.ts sets it up first (with its exporter); tests and tools get the same span pipeline.
  setupTelemetry('agentic-ai-acceleration', { otlpEndpoint: env.OTEL_EXPORTER_OTLP_ENDPOINT });
  const metrics = new PlatformMetrics();
  installHttpTelemetry(fastify, metrics, processId);

  const logger = options.logger ?? new PinoLogger(env.LOG_LEVEL, { processId });
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forRoot(env, processId, metrics), adapter, {
    logger: logger === false ? false : logger,
    bufferLogs: false,
  });
  app.useGlobalPipes(globalValidationPipe());
  // JSON API: the security headers matter, a content security policy would only break the /docs UI.
  const securityHeaders = await helmetHeaders();
  fastify.addHook('onRequest', (_request, reply, done) => {
    void reply.headers(securityHeaders);
    done();
  });
  // Document uploads (rag): one file, streamed with a hard size cap; JSON bodies keep BODY_LIMIT_BYTES.
  await app.register(multipart, { limits: { fileSize: env.RAG_MAX_UPLOAD_BYTES, files: 1, fields: 20, fieldSize: 64 * 1024 } });
  const origins = env.CORS_ORIGINS?.split(',')
    .map((o) => o.trim())
    .filter(Boolean);
  // `*` never goes with credentials: a wildcard origin gets no cookies or Authorization from browsers.
  if (origins?.length) app.enableCors({ origin: origins.includes('*') ? '*' : origins, credentials: !origins.includes('*') });
  const openapi = buildOpenApi(app);
  SwaggerModule.setup('docs', app, openapi, { jsonDocumentUrl: 'openapi.json', yamlDocumentUrl: 'openapi.yaml', raw: ['json', 'yaml'] });
  // The web console (console/dist) at /, from the process that answers browsers: the gateway.
  if (env.modules.includes('gateway')) await registerWebConsole(app);
  return { app, processId, openapi };
}

function buildOpenApi(app: NestFastifyApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('Agentic AI Acceleration')
    .setDescription('Agents over A2A, MCP tools, RAG, SQL and workflows. Errors are RFC 9457 problem details.')
    .setVersion(PLATFORM_VERSION)
    .addBearerAuth()
    .addApiKey({ type: 'apiKey', in: 'header', name: 'X-API-Key' }, 'apiKey')
    .build();
  const document = patchOpenApi(SwaggerModule.createDocument(app, config, { operationIdFactory: (_controller, method) => method }));
  assertUniqueOperationIds(document);
  return document;
}
