/**
 * npm run bench:http — GET /health of the platform (embedded defaults, in this process) beside a bare
 * node:http server answering a similar JSON body, same run, same load (autocannon, 50 connections).
 * Then an authenticated JSON route (GET /api/agents) beside a bare NestJS-on-Fastify JSON route, and cold start
 * (spawn to first 200 on /health) and idle memory of a started platform process.
 */
import 'reflect-metadata';
import autocannon from 'autocannon';
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { loadEnv } from '@libs/config';
import { createApp } from 'src/app.factory';
import { setupTelemetry } from 'src/core/telemetry';
import { bareNest } from 'bench/bench-baselines';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);

async function load(url: string, headers?: Record<string, string>): Promise<{ rps: number; p50: number; p99: number }> {
  const result = await autocannon({ url, connections: 50, duration: SECONDS, headers });
  if (result.non2xx) console.log(`  (${result.non2xx} of ${result.requests.total} answers were not 2xx)`);
  return { rps: result.requests.average, p50: result.latency.p50, p99: result.latency.p99 };
}

function bareServer(): Promise<Server> {
  const body = JSON.stringify({ status: 'ok', info: { database: { status: 'up' } }, error: {}, details: { database: { status: 'up' } } });
  const server = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(body);
  });
  return new Promise((done) => server.listen(0, '127.0.0.1', () => done(server)));
}

const print = (name: string, r: { rps: number; p50: number; p99: number }) =>
  console.log(`${name.padEnd(28)} ${r.rps.toFixed(0).padStart(7)} req/s   p50 ${r.p50} ms   p99 ${r.p99} ms`);

async function coldStart(): Promise<{ ms: number; rssMb: number }> {
  const port = 20_000 + Math.floor(Math.random() * 20_000);
  const started = performance.now();
  const child = spawn(process.execPath, [resolve(__dirname, '..', 'src', 'main.js')], {
    env: {
      PATH: process.env.PATH,
      PORT: String(port),
      DATA_DIR: mkdtempSync(join(tmpdir(), 'cold-')),
      LOG_LEVEL: 'warn',
      CHROMA_AUTOSTART: 'false',
    },
    stdio: 'ignore',
  });
  try {
    for (;;) {
      const ok = await fetch(`http://127.0.0.1:${port}/health`).then(
        (r) => r.status === 200,
        () => false,
      );
      if (ok) break;
      if (performance.now() - started > 30_000) throw new Error('no healthy /health within 30 s');
      await new Promise((r) => setTimeout(r, 25));
    }
    const ms = performance.now() - started;
    await new Promise((r) => setTimeout(r, 2_000)); // idle
    const { readFileSync } = await import('node:fs');
    const rssKb = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'))![1]);
    return { ms, rssMb: rssKb / 1024 };
  } finally {
    child.kill('SIGTERM');
  }
}

async function main(): Promise<void> {
  setupTelemetry('bench-http');
  const bare = await bareServer();
  const bareUrl = `http://127.0.0.1:${(bare.address() as AddressInfo).port}/`;
  // The rate limiter stays on, with a limit above this load: at the default (per IP) nearly every request of 50
  // connections from one address answers 429, and the figure measured the refusals rather than the route.
  const env = loadEnv({
    DATA_DIR: mkdtempSync(join(tmpdir(), 'bench-http-')),
    CHROMA_AUTOSTART: 'false',
    LOG_LEVEL: 'warn',
    RATE_LIMIT_PER_MINUTE: '1000000',
    ADMIN_EMAIL: 'bench@example.com',
    ADMIN_PASSWORD: 'bench-password-123456',
  });
  const { app } = await createApp(env, { logger: false });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const appUrl = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}/health`;

  console.log(`GET /health, 50 connections, ${SECONDS} s each (bare, platform, bare again)\n`);
  await load(appUrl); // warm-up
  const bare1 = await load(bareUrl);
  const platform = await load(appUrl);
  const bare2 = await load(bareUrl);
  print('bare node:http', bare1);
  print('platform GET /health', platform);
  print('bare node:http (again)', bare2);
  const baseline = (bare1.rps + bare2.rps) / 2;
  console.log(`\nratio platform / bare: ${(platform.rps / baseline).toFixed(3)} (goal >= 0.50)`);

  // An authenticated JSON route through the whole platform (auth, rate limit, validation, tracing, the database)
  // beside a bare NestJS-on-Fastify JSON route: what the framework alone costs, in the same run.
  const base = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
  const login = await fetch(`${base}/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: 'bench@example.com', password: 'bench-password-123456' }),
  });
  const { accessToken } = (await login.json()) as { accessToken: string };
  const nest = await bareNest();
  const nestUrl = `http://127.0.0.1:${(nest.getHttpServer().address() as AddressInfo).port}/items`;
  const auth = { authorization: `Bearer ${accessToken}` };
  console.log(`\nauthenticated GET /api/agents (empty list) beside a bare NestJS-on-Fastify JSON route, 50 connections\n`);
  await load(`${base}/api/agents`, auth); // warm-up
  const nest1 = await load(nestUrl);
  const agents = await load(`${base}/api/agents`, auth);
  const nest2 = await load(nestUrl);
  print('bare NestJS + Fastify', nest1);
  print('platform GET /api/agents', agents);
  print('bare NestJS + Fastify (again)', nest2);
  console.log(`\nratio platform / bare NestJS: ${(agents.rps / ((nest1.rps + nest2.rps) / 2)).toFixed(3)} (goal >= 0.40)`);
  await nest.close();
  await app.close();
  bare.close();

  const cold = await coldStart();
  console.log(`cold start to healthy /health: ${cold.ms.toFixed(0)} ms (goal < 3000)`);
  console.log(`idle RSS after start: ${cold.rssMb.toFixed(0)} MB (goal < 250)`);
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
