import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { EnvError, loadEnv } from '@libs/config';
import { Bus } from '@libs/bus';
import { createApp } from 'src/app.factory';
import { setupTelemetry, shutdownTelemetry } from 'src/core/telemetry';
import { ServiceRegistry } from 'src/core/discovery/service-registry';
import { advertisedHost } from 'src/core/discovery/advertised-host';
import { LocalModules } from 'src/core/local-modules';

async function main(): Promise<void> {
  const env = loadEnv();
  setupTelemetry('agentic-ai-acceleration', { otlpEndpoint: env.OTEL_EXPORTER_OTLP_ENDPOINT });
  const { app, processId } = await createApp(env);
  const logger = new Logger('Main');
  await app.listen({ port: env.port, host: env.HOST });
  const url = `http://${advertisedHost(env.SERVICE_HOST)}:${env.port}`;
  const routePrefixes = Object.fromEntries(
    app
      .get(LocalModules)
      .list()
      .flatMap((m) => m.routePrefixes.map((p) => [p, m.name])),
  );
  const now = new Date().toISOString();
  await app.get(ServiceRegistry).start({ processId, modules: env.modules, url, routePrefixes, startedAt: now, lastSeen: now });
  logger.log(`listening on ${url} with modules ${env.modules.join(', ')} (db ${env.dbDriver}, bus ${env.busDriver})`);

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.log(`${signal}: draining`);
    const force = setTimeout(() => process.exit(1), env.SHUTDOWN_TIMEOUT_MS + 1_500).unref();
    try {
      // Order matters: leave discovery, drain HTTP, drain the bus (flushing its log while the database is
      // still open), then let Nest close the rest (Chroma, database, Redis).
      const step = async (name: string, fn: () => Promise<unknown>) => {
        const started = Date.now();
        await fn();
        logger.log(`shutdown: ${name} took ${Date.now() - started} ms`);
      };
      await step('registry', () => app.get(ServiceRegistry).stop());
      // server.close() waits for keep-alive connections; close each one as soon as its last response is sent.
      const server = app.getHttpServer() as import('node:http').Server;
      const reaper = setInterval(() => server.closeIdleConnections(), 50);
      await step('http drain', () => app.getHttpAdapter().close());
      clearInterval(reaper);
      await step('bus drain', () => app.get(Bus).close(env.SHUTDOWN_TIMEOUT_MS / 2));
      await step('modules, chroma, database', () => app.close());
      await shutdownTelemetry();
      clearTimeout(force);
      process.exit(0);
    } catch (error) {
      logger.error(error);
      process.exit(1);
    }
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
}

main().catch((error) => {
  if (error instanceof EnvError) console.error(error.message);
  else console.error(error);
  process.exit(1);
});
