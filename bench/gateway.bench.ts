/**
 * npm run bench:gateway — the same route with and without the front door: GET /metrics served by two app
 * instances in this process, one with PUBLIC_METRICS=true (no auth) and one with PUBLIC_METRICS=false
 * (JWT verified, RBAC `metrics:read` checked, rate limit counted), beside a bare node:http server.
 */
import 'reflect-metadata';
import autocannon from 'autocannon';
import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadEnv } from '@libs/config';
import { createApp } from 'src/app.factory';
import { setupTelemetry } from 'src/core/telemetry';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const ADMIN = { ADMIN_EMAIL: 'bench@local.test', ADMIN_PASSWORD: 'bench-password-1234' };

async function load(url: string, headers: Record<string, string> = {}) {
  const r = await autocannon({ url, headers, connections: 50, duration: SECONDS });
  return { rps: r.requests.average, p50: r.latency.p50, p99: r.latency.p99, non2xx: r.non2xx };
}

const print = (name: string, r: Awaited<ReturnType<typeof load>>) =>
  console.log(`${name.padEnd(40)} ${r.rps.toFixed(0).padStart(7)} req/s   p50 ${r.p50} ms   p99 ${r.p99} ms   non-2xx ${r.non2xx}`);

async function main(): Promise<void> {
  setupTelemetry('bench-gateway');
  const bare = createServer((_q, s) => s.writeHead(200, { 'content-type': 'application/json' }).end('{"me":"x"}'));
  await new Promise<void>((r) => bare.listen(0, '127.0.0.1', r));
  const start = async (publicMetrics: string) => {
    const env = loadEnv({
      DATA_DIR: mkdtempSync(join(tmpdir(), 'bench-gw-')),
      CHROMA_AUTOSTART: 'false',
      RATE_LIMIT_PER_MINUTE: '1000000',
      PUBLIC_METRICS: publicMetrics,
      ...ADMIN,
    });
    const { app } = await createApp(env, { logger: false });
    await app.listen({ port: 0, host: '127.0.0.1' });
    return { app, base: `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}` };
  };
  const open = await start('true');
  const closed = await start('false');
  const base = closed.base;
  const login = await fetch(`${base}/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: ADMIN.ADMIN_EMAIL, password: ADMIN.ADMIN_PASSWORD }),
  });
  const { accessToken } = (await login.json()) as { accessToken: string };
  const auth = { authorization: `Bearer ${accessToken}` };

  console.log(`50 connections, ${SECONDS} s each\n`);
  const unauthorized = await fetch(`${base}/metrics`);
  if (unauthorized.status !== 401) throw new Error(`expected 401 without a token, got ${unauthorized.status}`);
  await load(`${open.base}/metrics`);
  const bareRun = await load(`http://127.0.0.1:${(bare.address() as AddressInfo).port}/`);
  const noAuth = await load(`${open.base}/metrics`);
  const authed = await load(`${base}/metrics`, auth);
  const noAuthAgain = await load(`${open.base}/metrics`);
  print('bare node:http', bareRun);
  print('GET /metrics, public', noAuth);
  print('GET /metrics, JWT + RBAC + rate limit', authed);
  print('GET /metrics, public (again)', noAuthAgain);
  const baseline = (noAuth.rps + noAuthAgain.rps) / 2;
  console.log(`\nauthenticated / unauthenticated: ${(authed.rps / baseline).toFixed(3)} (goal >= 0.80)`);
  console.log(`authenticated / bare node:http: ${(authed.rps / bareRun.rps).toFixed(3)}`);
  await open.app.close();
  await closed.app.close();
  bare.close();
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
