/**
 * npm run bench:split — load and chaos in split mode. The same mixed load (reads: GET /api/tools/javascript; writes:
 * POST /api/tools/javascript/execute) runs first against one embedded process, then through the gateway of a split
 * deployment (gateway + every module but tools in one process, two replicas of tools), where one tools replica is
 * killed with SIGKILL halfway. Prints throughput, p50/p99, every non-2xx by cause, and the side effects counted at the
 * source (rows in tool_executions) against the writes answered 200: none lost, none applied twice.
 * BENCH_SECONDS (default 60) is the split run's length; the embedded baseline runs a third of it.
 */
import 'reflect-metadata';
import autocannon from 'autocannon';
import { Client } from 'pg';
import { randomBytes } from 'node:crypto';
import { createServer, type AddressInfo } from 'node:net';
import { startPlatform, type PlatformProcess } from 'test/fixtures/platform-process';

const PG_ADMIN_URL = process.env.TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const ADMIN = { ADMIN_EMAIL: 'bench@split.local', ADMIN_PASSWORD: 'bench-split-password-1234' };

const SECONDS = Number(process.env.BENCH_SECONDS ?? 60);
const CONNECTIONS = 50;

interface Outcome {
  label: string;
  rps: number;
  p50: number;
  p99: number;
  total: number;
  writesOk: number;
  writesFailed: number;
  writesSent: number;
  causes: Map<string, number>;
}

const uniqueNamespace = (prefix: string) => `${prefix}-${randomBytes(4).toString('hex')}`;

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** A fresh PostgreSQL database for the run, dropped at the end. */
async function createDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `bench_split_${randomBytes(4).toString('hex')}`;
  const admin = async (sql: string) => {
    const client = new Client({ connectionString: PG_ADMIN_URL });
    await client.connect();
    await client.query(sql).finally(() => client.end());
  };
  await admin(`CREATE DATABASE ${name}`);
  return { url: PG_ADMIN_URL.replace(/\/[^/]*$/, `/${name}`), drop: () => admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) };
}

async function login(base: string): Promise<string> {
  const res = await fetch(`${base}/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: ADMIN.ADMIN_EMAIL, password: ADMIN.ADMIN_PASSWORD }),
  });
  if (res.status !== 200) throw new Error(`login failed: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { accessToken: string }).accessToken;
}

async function countExecutions(url: string): Promise<number> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(`SELECT count(*)::int AS n FROM tool_executions WHERE tool_name = 'javascript'`)).rows[0].n as number;
  } finally {
    await client.end();
  }
}

/** Half reads, half writes, on every connection; each non-2xx is tallied by status and problem code. */
async function load(label: string, base: string, token: string, seconds: number, midway?: () => Promise<void>): Promise<Outcome> {
  const causes = new Map<string, number>();
  let writesOk = 0;
  let writesFailed = 0;
  // Sent, answered or not: the run stops at its deadline with requests still in flight, which may yet be applied.
  let writesSent = 0;
  const tally = (isWrite: boolean) => (status: number, body: string) => {
    if (isWrite) {
      if (status === 200) writesOk++;
      else writesFailed++;
    }
    if (status >= 200 && status < 300) return;
    let code: string;
    try {
      const problem = JSON.parse(body) as { code?: string; detail?: string };
      // The transport error behind a 502 (connection refused, reset, ...) tells one failure from another.
      code = `${problem.code ?? ''}${status === 502 ? ` (${(problem.detail ?? '').replace(/^.*?: /, '')})` : ''}`;
    } catch {
      code = 'non-JSON';
    }
    const key = `${isWrite ? 'write' : 'read'} ${status} ${code}`;
    causes.set(key, (causes.get(key) ?? 0) + 1);
  };
  const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
  const run = autocannon({
    url: base,
    connections: CONNECTIONS,
    duration: seconds,
    timeout: 30,
    requests: [
      { method: 'GET', path: '/api/tools/javascript', headers, onResponse: tally(false) },
      {
        method: 'POST',
        path: '/api/tools/javascript/execute',
        headers,
        body: JSON.stringify({ arguments: { code: 'return input + 1', input: 41 } }),
        setupRequest: (request) => (writesSent++, request),
        onResponse: tally(true),
      },
    ],
  });
  if (midway) setTimeout(() => void midway(), (seconds * 1000) / 2);
  const result = await run;
  for (const [kind, n] of [
    ['timeouts', result.timeouts],
    ['connection errors', result.errors - result.timeouts],
  ] as const)
    if (n > 0) causes.set(kind, n);
  return {
    label,
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    total: result.requests.total,
    writesOk,
    writesFailed,
    writesSent,
    causes,
  };
}

function print(o: Outcome): void {
  console.log(`${o.label.padEnd(44)} ${o.rps.toFixed(0).padStart(6)} req/s   p50 ${o.p50} ms   p99 ${o.p99} ms   ${o.total} requests`);
  for (const [cause, n] of o.causes) console.log(`    non-2xx  ${cause.padEnd(36)} ${n}`);
}

async function main(): Promise<void> {
  const db = await createDatabase();
  const processes: PlatformProcess[] = [];
  const shared = {
    DATABASE_URL: db.url,
    REDIS_URL,
    JWT_SECRET: 'bench-split-secret-0123456789abcdef',
    RATE_LIMIT_PER_MINUTE: '1000000',
    RATE_LIMIT_EXPENSIVE_PER_MINUTE: '1000000',
    LOG_LEVEL: 'error',
    ...ADMIN,
  };
  try {
    console.log(`split mode under load: ${CONNECTIONS} connections, half reads, half writes; split run ${SECONDS} s\n`);
    const embedded = await startPlatform({ ...shared, BUS_NAMESPACE: uniqueNamespace('embedded'), PORT: String(await freePort()) }, 60_000);
    processes.push(embedded);
    const embeddedToken = await login(embedded.url);
    const before = await countExecutions(db.url);
    const baseline = await load('embedded (one process)', embedded.url, embeddedToken, Math.max(5, Math.round(SECONDS / 3)));
    print(baseline);
    await embedded.stop();
    processes.splice(0);
    await new Promise((r) => setTimeout(r, 1500));
    const baselineApplied = (await countExecutions(db.url)) - before;

    const namespace = uniqueNamespace('split');
    const main = await startPlatform(
      {
        ...shared,
        BUS_NAMESPACE: namespace,
        MODULES: 'gateway,agents,orchestrator,rag,sqltool,workflow-engine,observability',
        PORT: String(await freePort()),
      },
      60_000,
    );
    const replicas = await Promise.all(
      [0, 1].map(async () =>
        startPlatform({ ...shared, BUS_NAMESPACE: namespace, MODULES: 'tools', PORT: String(await freePort()) }, 60_000),
      ),
    );
    processes.push(main, ...replicas);
    await new Promise((r) => setTimeout(r, 2500)); // both replicas in the registry
    const token = await login(main.url);
    const splitBefore = await countExecutions(db.url);
    let killedAt = 0;
    const split = await load('split: gateway + 2 tools replicas, 1 killed', main.url, token, SECONDS, async () => {
      killedAt = Date.now();
      await replicas[0]!.kill();
    });
    await new Promise((r) => setTimeout(r, 1500));
    const applied = (await countExecutions(db.url)) - splitBefore;
    print(split);

    console.log(`\nreplica killed with SIGKILL at ${SECONDS / 2} s (${killedAt ? 'done' : 'not reached'})`);
    // A write in flight on the killed replica may fail (it cannot be replayed safely); anything else is unintended.
    const unintended = [...split.causes].filter(
      ([cause]) => / 5\d\d /.test(cause) && !/^write 50[23] (UPSTREAM_FAILED|BUS_REPLICA_LOST)/.test(cause),
    );
    console.log(`unintended 5xx (anything but a write in flight on the killed replica): ${unintended.reduce((n, [, c]) => n + c, 0)}`);
    console.log(`embedded writes: answered ok ${baseline.writesOk}, sent ${baseline.writesSent}, applied ${baselineApplied}`);
    console.log(
      `split writes: answered ok ${split.writesOk}, failed ${split.writesFailed}, sent ${split.writesSent} (the rest in flight at the deadline), applied ${applied}`,
    );
    console.log(`  lost (answered ok, not applied): ${Math.max(0, split.writesOk - applied)}`);
    // Requests still in flight when the run stops may yet be applied: only more than were sent means a write ran twice.
    console.log(`  applied beyond every write sent (a write run twice): ${Math.max(0, applied - split.writesSent)}`);
    console.log(`\nratio split / embedded throughput: ${(split.rps / baseline.rps).toFixed(3)} (goal >= 0.50)`);
  } finally {
    await Promise.allSettled(processes.map((p) => p.kill()));
    await db.drop();
  }
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
