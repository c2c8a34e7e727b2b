/**
 * npm run bench:workflow — what the workflow engine costs per step, through the HTTP API of an in-process platform,
 * embedded (SQLite, in-process queue) and in server mode (PostgreSQL + Redis: Bull run queue, Redis bus), beside
 * raw Bull jobs on the same Redis in the same run:
 *
 * - no-op (transform) steps per second and per-step overhead for a 100-step chain and a 100-wide fan-out (100
 *   independent steps). Overhead per step is the gap between consecutive step completions in the run's journal:
 *   in a chain that is the time from a step becoming ready to its success being committed; in the fan-out it is
 *   the run's cost divided over its steps. Journal timestamps are whole milliseconds, so percentiles are too.
 * - journal bytes written per step for 10 and 1,000 steps (a map over 10 and 1,000 items with the same
 *   transform body): the run's workflow_events rows, summed as length(data) plus the fixed columns.
 *
 * BENCH_RUNS (default 10) runs per shape, one at a time, then the same number at once.
 */
import 'reflect-metadata';
import Bull from 'bull';
import Redis from 'ioredis';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { loadEnv } from '@libs/config';
import { createApp } from 'src/app.factory';
import { setupTelemetry } from 'src/core/telemetry';

const RUNS = Number(process.env.BENCH_RUNS ?? 10);
const PG_ADMIN_URL = process.env.TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const ADMIN = { ADMIN_EMAIL: 'bench@local.test', ADMIN_PASSWORD: 'bench-password-1234' };

type Json = Record<string, any>;

const chain = (n: number) => ({
  steps: Array.from({ length: n }, (_, i) => ({
    id: `s${i}`,
    kind: 'transform',
    needs: i ? [`s${i - 1}`] : [],
    expression: `{ "i": ${i} }`,
  })),
});
const fanout = (n: number) => ({
  steps: Array.from({ length: n }, (_, i) => ({ id: `s${i}`, kind: 'transform', expression: `{ "i": ${i} }` })),
});
const mapOver = (n: number) => ({
  steps: [{ id: 'items', kind: 'map', over: `[1..${n}]`, concurrency: 50, step: { kind: 'transform', expression: '{ "i": index }' } }],
});

const quantile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;

interface EventRow {
  runId: string;
  seq: number;
  type: string;
  stepPath: string | null;
  data: string | null;
  createdAt: number;
}

async function rawBull(namespace: string, jobs: number): Promise<number> {
  const queue = new Bull<{ i: number }>('raw-bench', REDIS_URL, { prefix: `${namespace}:rawbull` });
  let done = 0;
  let finish!: () => void;
  const finished = new Promise<void>((r) => (finish = r));
  void queue.process(50, async () => {
    if (++done === jobs) finish();
  });
  await queue.isReady();
  const started = performance.now();
  for (let i = 0; i < jobs; i += 500)
    await queue.addBulk(
      Array.from({ length: Math.min(500, jobs - i) }, (_, j) => ({ data: { i: i + j }, opts: { removeOnComplete: true, attempts: 1 } })),
    );
  await finished;
  const rate = jobs / ((performance.now() - started) / 1000);
  await queue.obliterate({ force: true }).catch(() => undefined);
  await queue.close();
  return rate;
}

async function platform(mode: 'embedded' | 'server', extraEnv: Record<string, string>) {
  const dataDir = mkdtempSync(join(tmpdir(), `bench-workflow-${mode}-`));
  const env = loadEnv({
    DATA_DIR: dataDir,
    CHROMA_AUTOSTART: 'false',
    RATE_LIMIT_PER_MINUTE: '1000000',
    RATE_LIMIT_EXPENSIVE_PER_MINUTE: '1000000',
    LOG_LEVEL: 'error',
    ...ADMIN,
    ...extraEnv,
  });
  const { app } = await createApp(env, { logger: false });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const base = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
  const login = await fetch(`${base}/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: ADMIN.ADMIN_EMAIL, password: ADMIN.ADMIN_PASSWORD }),
  });
  const auth = `Bearer ${((await login.json()) as { accessToken: string }).accessToken}`;
  const api = async (method: string, path: string, body?: unknown): Promise<Json> => {
    const res = await fetch(`${base}${path}`, {
      method,
      headers: { authorization: auth, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
      body: body !== undefined ? JSON.stringify(body) : undefined,
    });
    const json = (await res.json().catch(() => undefined)) as Json;
    if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(json)}`);
    return json;
  };
  const dataSource = app.get(DataSource);
  const journal = async (runId: string): Promise<EventRow[]> =>
    (
      (await dataSource.query(
        `SELECT run_id AS "runId", seq, type, step_path AS "stepPath", data, created_at AS "createdAt" FROM workflow_events WHERE run_id = ${
          mode === 'server' ? '$1' : '?'
        } ORDER BY seq`,
        [runId],
      )) as EventRow[]
    ).map((e) => ({ ...e, seq: Number(e.seq), createdAt: Number(e.createdAt) }));
  const create = async (name: string, definition: unknown) => (await api('POST', '/api/workflows', { name, definition })).id as string;
  const execute = async (workflowId: string) => {
    const run = await api('POST', `/api/workflows/${workflowId}/execute`, { input: {}, wait: true, waitMs: 300_000 });
    if (run.status !== 'succeeded') throw new Error(`run ${run.id} ended ${run.status}: ${JSON.stringify(run.error)}`);
    return run.id as string;
  };
  const close = async () => {
    await app.close();
    rmSync(dataDir, { recursive: true, force: true });
  };
  return { api, journal, create, execute, close };
}

/** Gaps between consecutive step completions, and the run's duration, from its journal. */
function timings(events: EventRow[]) {
  const started = events.find((e) => e.type === 'run.started')!.createdAt;
  const ended = events.find((e) => e.type === 'run.succeeded')!.createdAt;
  const done = events.filter((e) => e.type === 'step.succeeded').map((e) => e.createdAt);
  const gaps: number[] = [];
  let previous = started;
  for (const at of done) {
    gaps.push(at - previous);
    previous = at;
  }
  return { durationMs: Math.max(1, ended - started), steps: done.length, gaps };
}

function journalBytes(events: EventRow[]): number {
  // run_id (36) + seq (4) + attempt (4) + created_at (8) + type + step_path + data
  return events.reduce((sum, e) => sum + 36 + 4 + 4 + 8 + e.type.length + (e.stepPath?.length ?? 0) + Buffer.byteLength(e.data ?? ''), 0);
}

async function measure(mode: 'embedded' | 'server', extraEnv: Record<string, string>) {
  const p = await platform(mode, extraEnv);
  const lines: string[] = [];
  const results: Record<string, { stepsPerSecond: number; concurrentStepsPerSecond: number; p50: number; p99: number }> = {};
  try {
    const shapes = { 'chain 100': chain(100), 'fan-out 100': fanout(100) };
    for (const [label, definition] of Object.entries(shapes)) {
      const id = await p.create(`bench-${label.replace(/\W+/g, '-')}-${randomBytes(3).toString('hex')}`, definition);
      await p.execute(id); // warm-up: caches, JIT
      const gaps: number[] = [];
      let steps = 0;
      let ms = 0;
      for (let i = 0; i < RUNS; i++) {
        const t = timings(await p.journal(await p.execute(id)));
        gaps.push(...t.gaps);
        steps += t.steps;
        ms += t.durationMs;
      }
      gaps.sort((a, b) => a - b);
      const started = performance.now();
      const ids = await Promise.all(Array.from({ length: RUNS }, () => p.execute(id)));
      const concurrentStepsPerSecond = (ids.length * 100) / ((performance.now() - started) / 1000);
      const r = { stepsPerSecond: steps / (ms / 1000), concurrentStepsPerSecond, p50: quantile(gaps, 0.5), p99: quantile(gaps, 0.99) };
      results[label] = r;
      lines.push(
        `${mode.padEnd(8)} ${label.padEnd(11)} ${r.stepsPerSecond.toFixed(0).padStart(5)} steps/s one run at a time, ` +
          `${r.concurrentStepsPerSecond.toFixed(0).padStart(5)} steps/s with ${RUNS} runs at once (end to end over HTTP) | ` +
          `per-step overhead p50 ${r.p50} ms p99 ${r.p99} ms (${gaps.length} steps)`,
      );
    }
    const bytes: Record<number, number> = {};
    for (const n of [10, 1_000]) {
      const id = await p.create(`bench-bytes-${n}-${randomBytes(3).toString('hex')}`, mapOver(n));
      const events = await p.journal(await p.execute(id));
      bytes[n] = journalBytes(events) / n;
      lines.push(
        `${mode.padEnd(8)} journal for a map of ${String(n).padStart(4)} no-op items: ${events.length} events, ${journalBytes(events)} bytes, ${bytes[n].toFixed(0)} bytes/step`,
      );
    }
    const chainId = await p.create(`bench-bytes-chain10-${randomBytes(3).toString('hex')}`, chain(10));
    const chainEvents = await p.journal(await p.execute(chainId));
    lines.push(
      `${mode.padEnd(8)} journal for a chain of   10 no-op steps: ${chainEvents.length} events, ${journalBytes(chainEvents)} bytes, ${(journalBytes(chainEvents) / 10).toFixed(0)} bytes/step`,
    );
    return { lines, results, bytes };
  } finally {
    await p.close();
  }
}

/** Process warnings, counted and printed once at the end instead of interleaved with the numbers. */
const warnings = new Map<string, number>();

async function main(): Promise<void> {
  process.removeAllListeners('warning');
  process.on('warning', (warning) => {
    const text = `${warning.name}: ${warning.message}`;
    warnings.set(text, (warnings.get(text) ?? 0) + 1);
  });
  setupTelemetry('bench-workflow');
  console.log(`workflow engine, no-op transform steps; ${RUNS} runs per shape one at a time, then ${RUNS} at once\n`);
  const embedded = await measure('embedded', {});
  for (const line of embedded.lines) console.log(line);

  const pgName = `bench_wf_${randomBytes(4).toString('hex')}`;
  const admin = new Client({ connectionString: PG_ADMIN_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${pgName}`);
  const namespace = `bench-wf-${randomBytes(4).toString('hex')}`;
  try {
    const server = await measure('server', {
      DATABASE_URL: PG_ADMIN_URL.replace(/\/[^/]*$/, `/${pgName}`),
      REDIS_URL,
      BUS_NAMESPACE: namespace,
    });
    for (const line of server.lines) console.log(line);
    const bull = await rawBull(namespace, 5_000);
    console.log(`raw Bull (same Redis, no-op processor, concurrency 50): ${bull.toFixed(0)} jobs/s`);

    const e = embedded.results;
    const s = server.results;
    const ok = (pass: boolean) => (pass ? 'ok  ' : 'MISS');
    const worstP50 = Math.max(...Object.values(e).map((r) => r.p50), ...Object.values(s).map((r) => r.p50));
    const embeddedRate = Math.min(e['chain 100'].stepsPerSecond, e['fan-out 100'].stepsPerSecond);
    const serverBest = Math.max(...Object.values(s).map((r) => Math.max(r.stepsPerSecond, r.concurrentStepsPerSecond)));
    const flat = (b: Record<number, number>) => b[1_000] / b[10];
    console.log('\ngoals');
    console.log(`${ok(worstP50 <= 5)} per-step overhead p50 <= 5 ms: worst ${worstP50} ms`);
    console.log(`${ok(embeddedRate >= 200)} >= 200 steps/s embedded: slowest shape ${embeddedRate.toFixed(0)} steps/s (one run at a time)`);
    console.log(
      `${ok(serverBest >= bull / 2)} server mode >= 50% of raw Bull: best ${serverBest.toFixed(0)} steps/s vs ${bull.toFixed(0)} jobs/s = ${(
        (100 * serverBest) /
        bull
      ).toFixed(0)}%`,
    );
    console.log(
      `${ok(flat(embedded.bytes) < 1.25 && flat(server.bytes) < 1.25)} bytes per step flat from 10 to 1,000 steps: ` +
        `embedded ${embedded.bytes[10].toFixed(0)} -> ${embedded.bytes[1_000].toFixed(0)}, server ${server.bytes[10].toFixed(0)} -> ${server.bytes[1_000].toFixed(0)}`,
    );
    if (warnings.size) console.log(`\nprocess warnings during the run: ${[...warnings].map(([text, n]) => `${n}x ${text}`).join('; ')}`);
  } finally {
    await admin.query(`DROP DATABASE IF EXISTS ${pgName} WITH (FORCE)`);
    await admin.end();
    const redis = new Redis(REDIS_URL);
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${namespace}:*`, 'COUNT', 1000);
      if (keys.length) await redis.del(...keys);
      cursor = next;
    } while (cursor !== '0');
    redis.disconnect();
  }
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
