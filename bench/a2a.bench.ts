/**
 * npm run bench:a2a — A2A SendMessage against an echo agent through the whole platform (auth, our database task
 * store, execution records) beside @a2a-js/sdk's own Express server with its in-memory store and the same kind of
 * echo executor, in the same run; then time-to-first-event of SendStreamingMessage at 50 concurrent streams.
 * BENCH_DATABASE_URL=postgres://... persists to PostgreSQL instead of SQLite.
 */
import 'reflect-metadata';
import autocannon from 'autocannon';
import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadEnv } from '@libs/config';
import { createApp } from 'src/app.factory';
import { setupTelemetry } from 'src/core/telemetry';
import { startSdkPeer, transformingExecutor } from 'test/fixtures/sdk-a2a-peer';
import { signInWithEchoAgent } from 'bench/bench-baselines';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const CONNECTIONS = 10;
const STREAMS = 50;
const ADMIN = { ADMIN_EMAIL: 'bench@local.test', ADMIN_PASSWORD: 'bench-password-1234' };

const sendBody = (method: string) =>
  JSON.stringify({
    jsonrpc: '2.0',
    id: 1,
    method,
    params: { message: { messageId: randomUUID(), role: 'ROLE_USER', parts: [{ text: 'ping' }] } },
  });

async function load(url: string, headers: Record<string, string>) {
  const r = await autocannon({
    url,
    method: 'POST',
    connections: CONNECTIONS,
    duration: SECONDS,
    headers: { 'content-type': 'application/json', 'a2a-version': '1.0', ...headers },
    body: sendBody('SendMessage'),
  });
  return { rps: r.requests.average, p50: r.latency.p50, p99: r.latency.p99, non2xx: r.non2xx, errors: r.errors };
}

/** Time from request to the first SSE event, for STREAMS streams opened at once; a few rounds. */
async function firstEvent(url: string, headers: Record<string, string>) {
  const times: number[] = [];
  for (let round = 0; round < 5; round++) {
    await Promise.all(
      Array.from({ length: STREAMS }, async () => {
        const started = performance.now();
        const res = await fetch(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'a2a-version': '1.0', accept: 'text/event-stream', ...headers },
          body: sendBody('SendStreamingMessage'),
        });
        const reader = res.body!.getReader();
        await reader.read();
        times.push(performance.now() - started);
        while (!(await reader.read()).done);
      }),
    );
  }
  times.sort((a, b) => a - b);
  return { p50: times[Math.floor(times.length / 2)]!, p99: times[Math.floor(times.length * 0.99)]! };
}

async function main(): Promise<void> {
  setupTelemetry('bench-a2a');
  const env = loadEnv({
    DATA_DIR: mkdtempSync(join(tmpdir(), 'bench-a2a-')),
    CHROMA_AUTOSTART: 'false',
    RATE_LIMIT_PER_MINUTE: '1000000',
    RATE_LIMIT_EXPENSIVE_PER_MINUTE: '1000000',
    LOG_LEVEL: 'error',
    ...(process.env.BENCH_DATABASE_URL ? { DATABASE_URL: process.env.BENCH_DATABASE_URL } : {}),
    ...ADMIN,
  });
  const { app } = await createApp(env, { logger: false });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const base = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
  const { auth, agentId } = await signInWithEchoAgent(base, ADMIN);
  const peer = await startSdkPeer({ executor: transformingExecutor((text) => text) });
  const ours = `${base}/a2a/agents/${agentId}`;
  const theirs = `${peer.url}/a2a/jsonrpc`;

  // Warm both (JIT, pools, caches) before measuring.
  await load(ours, auth);
  await load(theirs, {});
  const sdk = await load(theirs, {});
  const platform = await load(ours, auth);
  const sdkStream = await firstEvent(theirs, {});
  const platformStream = await firstEvent(ours, auth);

  const line = (name: string, r: Awaited<ReturnType<typeof load>>) =>
    `${name.padEnd(34)} ${r.rps.toFixed(0).padStart(6)} req/s  p50 ${String(r.p50).padStart(3)} ms  p99 ${String(r.p99).padStart(3)} ms  (non-2xx ${r.non2xx}, errors ${r.errors})`;
  console.log(
    `SendMessage, echo agent, ${CONNECTIONS} connections, ${SECONDS} s each (${env.DATABASE_URL ? 'PostgreSQL' : 'SQLite'} task store)`,
  );
  console.log(line('@a2a-js/sdk Express + in-memory', sdk));
  console.log(line('platform (auth + database + records)', platform));
  console.log(`throughput ratio platform/sdk ${(platform.rps / sdk.rps).toFixed(3)} (goal >= 1.0)`);
  console.log(`SendStreamingMessage first event, ${STREAMS} concurrent streams x 5 rounds`);
  console.log(`  sdk      p50 ${sdkStream.p50.toFixed(1)} ms  p99 ${sdkStream.p99.toFixed(1)} ms`);
  console.log(`  platform p50 ${platformStream.p50.toFixed(1)} ms  p99 ${platformStream.p99.toFixed(1)} ms (goal p50 < 20 ms)`);
  await peer.stop();
  await app.close();
}

void main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
