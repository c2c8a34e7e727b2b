/**
 * npm run bench:request-cpu — the request tax as CPU time: microseconds of server CPU per request, read from
 * /proc/<pid>/stat of each server process while a separate load process (this one) sends a fixed number of
 * requests. Unlike requests per second, CPU per request hardly moves when other work shares the machine, so
 * before/after figures of one change can be compared on a busy machine too. Linux only.
 *
 * Servers, each in its own process: a bare node:http JSON route and a bare NestJS-on-Fastify JSON route (the
 * baselines), then one platform process (embedded defaults, auth, rate limits and tracing on) and its hot routes.
 */
import 'reflect-metadata';
import autocannon from 'autocannon';
import { execSync, spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { bareNest, signInWithEchoAgent } from 'bench/bench-baselines';

const CONNECTIONS = 20;
const SCALE = Number(process.env.BENCH_REQUESTS_SCALE ?? 1);
const ADMIN = { ADMIN_EMAIL: 'bench@local.test', ADMIN_PASSWORD: 'bench-password-1234' };
const CLOCK_TICKS = Number(execSync('getconf CLK_TCK', { encoding: 'utf8' }).trim()) || 100;

/** Child mode: serve one baseline on the given port. */
async function serveBaseline(kind: string, port: number): Promise<void> {
  if (kind === 'bare-node') {
    const body = JSON.stringify({ items: [], total: 0 });
    createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(body);
    }).listen(port, '127.0.0.1');
    return;
  }
  await bareNest(port);
}

/** User + system CPU of a process so far, in microseconds. */
function cpuMicros(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1e6) / CLOCK_TICKS;
}

async function until(url: string, timeoutMs = 60_000): Promise<void> {
  const started = Date.now();
  for (;;) {
    const ok = await fetch(url).then(
      (r) => r.status < 500,
      () => false,
    );
    if (ok) return;
    if (Date.now() - started > timeoutMs) throw new Error(`${url} did not answer within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

interface Route {
  name: string;
  url: string;
  requests: number;
  method?: 'GET' | 'POST';
  headers?: Record<string, string>;
  body?: string;
}

/** CPU the server spends with no requests (pollers, timers), in microseconds per millisecond of wall time. */
async function idleRate(server: ChildProcess): Promise<number> {
  const before = cpuMicros(server.pid!);
  const started = performance.now();
  await new Promise((r) => setTimeout(r, 3_000));
  return (cpuMicros(server.pid!) - before) / (performance.now() - started);
}

const optionsOf = (route: Route) => ({
  url: route.url,
  connections: CONNECTIONS,
  method: route.method ?? 'GET',
  headers: route.headers,
  body: route.body,
});

/** Server CPU per request over `requests` requests, less what the server spends idle over the same time. */
async function measure(server: ChildProcess, route: Route, idle: number): Promise<{ micros: number; non2xx: number }> {
  const before = cpuMicros(server.pid!);
  const started = performance.now();
  const result = await autocannon({ ...optionsOf(route), amount: route.requests });
  await new Promise((r) => setTimeout(r, 300)); // work behind the answers (log batches) belongs to these requests
  const spent = cpuMicros(server.pid!) - before - idle * (performance.now() - started);
  return { micros: spent / route.requests, non2xx: result.non2xx };
}

/** Every route once before any is measured, so the first measured route does not pay for JIT compilation. */
async function warmUp(routes: Route[]): Promise<void> {
  for (const route of routes) await autocannon({ ...optionsOf(route), amount: Math.max(1_000, Math.round(route.requests / 4)) });
}

function start(args: string[], env: Record<string, string> = {}): ChildProcess {
  return spawn(process.execPath, args, { env: { PATH: process.env.PATH, ...env }, stdio: ['ignore', 'ignore', 'inherit'] });
}

async function main(): Promise<void> {
  const [mode, kind, servePort] = process.argv.slice(2);
  if (mode === '--serve') return serveBaseline(kind, Number(servePort));
  const rows: Array<{ name: string; requests: number; micros: number; non2xx: number }> = [];
  const runAll = async (server: ChildProcess, routes: Route[]) => {
    await warmUp(routes);
    const idle = await idleRate(server);
    for (const route of routes) rows.push({ name: route.name, requests: route.requests, ...(await measure(server, route, idle)) });
  };
  const n = (count: number) => Math.round(count * SCALE);

  for (const [baseline, name, baselinePort] of [
    ['bare-node', 'bare node:http JSON route', 38_611],
    ['bare-nest', 'bare NestJS + Fastify JSON route', 38_612],
  ] as const) {
    const server = start([__filename, '--serve', baseline, String(baselinePort)]);
    try {
      const url = `http://127.0.0.1:${baselinePort}/items`;
      await until(url);
      await runAll(server, [{ name, url, requests: n(20_000) }]);
    } finally {
      server.kill();
    }
  }

  const port = 38_613;
  const base = `http://127.0.0.1:${port}`;
  const platform = start([resolve(__dirname, '..', 'src', 'main.js')], {
    PORT: String(port),
    DATA_DIR: mkdtempSync(join(tmpdir(), 'bench-cpu-')),
    LOG_LEVEL: 'warn',
    CHROMA_AUTOSTART: 'false',
    RATE_LIMIT_PER_MINUTE: '1000000',
    RATE_LIMIT_EXPENSIVE_PER_MINUTE: '1000000',
    ...ADMIN,
    // Settings to compare, e.g. BENCH_PLATFORM_ENV='{"TRACE_SAMPLE_RATIO":"0"}'.
    ...(JSON.parse(process.env.BENCH_PLATFORM_ENV ?? '{}') as Record<string, string>),
  });
  try {
    await until(`${base}/health/live`);
    const { auth, agentId } = await signInWithEchoAgent(base, ADMIN);
    const send = JSON.stringify({
      jsonrpc: '2.0',
      id: 1,
      method: 'SendMessage',
      params: { message: { messageId: randomUUID(), role: 'ROLE_USER', parts: [{ text: 'ping' }] } },
    });
    const routes: Route[] = [
      { name: 'platform GET /health/live (public)', url: `${base}/health/live`, requests: n(20_000) },
      { name: 'platform GET /health (cached aggregate)', url: `${base}/health`, requests: n(20_000) },
      { name: 'platform GET /api/agents/:id (auth, 404)', url: `${base}/api/agents/${randomUUID()}`, headers: auth, requests: n(10_000) },
      { name: 'platform GET /api/agents?limit=1 (auth)', url: `${base}/api/agents?limit=1`, headers: auth, requests: n(10_000) },
      { name: 'platform GET /api/agents (auth, 7 agents)', url: `${base}/api/agents`, headers: auth, requests: n(10_000) },
      {
        name: 'platform A2A SendMessage (echo agent)',
        url: `${base}/a2a/agents/${agentId}`,
        method: 'POST',
        headers: { ...auth, 'content-type': 'application/json', 'a2a-version': '1.0' },
        body: send,
        requests: n(5_000),
      },
    ];
    await runAll(platform, routes);
  } finally {
    platform.kill();
  }

  const nest = rows.find((row) => row.name.startsWith('bare NestJS'))!.micros;
  console.log(`server CPU per request (user + system, /proc), ${CONNECTIONS} connections, load from another process\n`);
  for (const row of rows)
    console.log(
      `${row.name.padEnd(44)} ${row.micros.toFixed(0).padStart(6)} µs/request   ${(row.micros / nest).toFixed(1).padStart(5)}× bare NestJS   (${row.requests} requests${row.non2xx ? `, ${row.non2xx} not 2xx` : ''})`,
    );
  const live = rows.find((row) => row.name.includes('/health/live'))!.micros;
  const list = rows.find((row) => row.name.includes('limit=1'))!.micros;
  console.log(`\nCPU ratio bare NestJS / platform GET /health/live: ${(nest / live).toFixed(3)} (the pipeline every route pays)`);
  console.log(`CPU ratio bare NestJS / platform GET /api/agents?limit=1: ${(nest / list).toFixed(3)} (goal >= 0.40 as throughput)`);
}

main().then(
  () => {
    if (process.argv[2] !== '--serve') process.exit(0);
  },
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
