/**
 * npm run bench:tools — an MCP tool call (server-everything's echo) through POST /api/tools/:id/execute
 * (auth, schema validation, permissions, call log) beside the same call made directly with the official SDK
 * client, same run, over stdio and over Streamable HTTP; and a trivial JavaScript sandbox call.
 */
import 'reflect-metadata';
import autocannon from 'autocannon';
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { loadEnv } from '@libs/config';
import { createApp } from 'src/app.factory';
import { setupTelemetry } from 'src/core/telemetry';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 4);
const CONNECTIONS = 10;
const ADMIN = { ADMIN_EMAIL: 'bench@local.test', ADMIN_PASSWORD: 'bench-password-1234' };
const EVERYTHING = join(__dirname, '..', '..', 'node_modules', '@modelcontextprotocol', 'server-everything', 'dist', 'index.js');

async function direct(client: Client) {
  const latencies: number[] = [];
  const deadline = performance.now() + SECONDS * 1000;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CONNECTIONS }, async () => {
      while (performance.now() < deadline) {
        const t = performance.now();
        await client.callTool({ name: 'echo', arguments: { message: 'ping' } });
        latencies.push(performance.now() - t);
      }
    }),
  );
  latencies.sort((a, b) => a - b);
  const at = (q: number) => latencies[Math.floor(q * (latencies.length - 1))]!;
  return { rps: latencies.length / ((performance.now() - started) / 1000), p50: at(0.5), p99: at(0.99) };
}

async function main(): Promise<void> {
  setupTelemetry('bench-tools');
  const env = loadEnv({
    DATA_DIR: mkdtempSync(join(tmpdir(), 'bench-tools-')),
    CHROMA_AUTOSTART: 'false',
    RATE_LIMIT_PER_MINUTE: '1000000',
    RATE_LIMIT_EXPENSIVE_PER_MINUTE: '1000000',
    LOG_LEVEL: 'error',
    ...ADMIN,
  });
  const { app } = await createApp(env, { logger: false });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const base = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
  const login = await fetch(`${base}/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: ADMIN.ADMIN_EMAIL, password: ADMIN.ADMIN_PASSWORD }),
  });
  const authorization = `Bearer ${((await login.json()) as { accessToken: string }).accessToken}`;
  const post = (path: string, body: unknown) =>
    fetch(`${base}${path}`, {
      method: 'POST',
      headers: { authorization, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    }).then((r) => r.json());

  const httpPort = 3900 + Math.floor(Math.random() * 500);
  const httpServer = spawn(process.execPath, [EVERYTHING, 'streamableHttp'], {
    env: { ...process.env, PORT: String(httpPort) },
    stdio: 'ignore',
  });
  await new Promise((r) => setTimeout(r, 1500));
  await post('/api/mcp/servers', { name: 'ev', transport: 'stdio', command: process.execPath, args: [EVERYTHING, 'stdio'] });
  await post('/api/mcp/servers', { name: 'evhttp', transport: 'streamable-http', url: `http://127.0.0.1:${httpPort}/mcp` });

  const platform = async (tool: string) => {
    const r = await autocannon({
      url: `${base}/api/tools/${tool}/execute`,
      method: 'POST',
      connections: CONNECTIONS,
      duration: SECONDS,
      headers: { authorization, 'content-type': 'application/json' },
      body: JSON.stringify({ arguments: { message: 'ping' } }),
    });
    return { rps: r.requests.average, p50: r.latency.p50, p99: r.latency.p99, non2xx: r.non2xx };
  };

  const stdioClient = new Client({ name: 'bench', version: '1' });
  await stdioClient.connect(new StdioClientTransport({ command: process.execPath, args: [EVERYTHING, 'stdio'], stderr: 'ignore' }));
  const httpClient = new Client({ name: 'bench', version: '1' });
  await httpClient.connect(new StreamableHTTPClientTransport(new URL(`http://127.0.0.1:${httpPort}/mcp`)));

  const report = (name: string, raw: Awaited<ReturnType<typeof direct>>, via: Awaited<ReturnType<typeof platform>>) =>
    console.log(
      `${name.padEnd(16)} direct SDK client ${raw.rps.toFixed(0).padStart(5)} calls/s p50 ${raw.p50.toFixed(2)} ms p99 ${raw.p99.toFixed(2)} ms | platform ${via.rps.toFixed(0).padStart(5)} calls/s p50 ${via.p50} ms p99 ${via.p99} ms (non-2xx ${via.non2xx}) | throughput ratio ${(via.rps / raw.rps).toFixed(3)} (goal >= 0.70), p50 overhead ${(via.p50 - raw.p50).toFixed(2)} ms (goal < 2)`,
    );
  await direct(stdioClient);
  await platform('ev.echo');
  report('stdio', await direct(stdioClient), await platform('ev.echo'));
  await direct(httpClient);
  report('streamable-http', await direct(httpClient), await platform('evhttp.echo'));

  const sandbox: number[] = [];
  for (let i = 0; i < 300; i++) {
    const t = performance.now();
    await post('/api/tools/javascript/execute', { arguments: { code: 'return 1 + 1' } });
    sandbox.push(performance.now() - t);
  }
  sandbox.sort((a, b) => a - b);
  const inner = (await post('/api/tools/javascript/execute', { arguments: { code: 'return 1 + 1' } })) as { durationMs: number };
  console.log(
    `sandbox trivial call through HTTP: p50 ${sandbox[150]!.toFixed(2)} ms p99 ${sandbox[297]!.toFixed(2)} ms; tool time alone ${inner.durationMs.toFixed(2)} ms (goal < 5 ms p50, warm isolate pool)`,
  );

  await stdioClient.close();
  await httpClient.close();
  httpServer.kill();
  await app.close();
}

void main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
