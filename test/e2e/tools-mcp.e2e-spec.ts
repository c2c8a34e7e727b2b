import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { loadEnv } from '@libs/config';
import { createApp } from 'src/app.factory';
import { TEST_ADMIN, loginOverHttp } from 'test/utils/auth';
import { freePort, tmpDataDir } from 'test/utils/services';

jest.setTimeout(120_000);

type Json = Record<string, any>;
const ROOT = join(__dirname, '..', '..');
const pkg = (name: string, file: string) => join(ROOT, 'node_modules', '@modelcontextprotocol', name, 'dist', file);

describe('tools and MCP (real MCP reference servers, official SDK client)', () => {
  let app: NestFastifyApplication;
  let base: string;
  let token: string;
  let httpServer: ChildProcess;
  let httpPort: number;
  const dataDir = tmpDataDir('tools-');
  const files = join(dataDir, 'files');

  const api = async (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) => {
    const res = await fetch(`${base}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...headers },
      body: body !== undefined ? JSON.stringify(body) : undefined,
    });
    const text = await res.text();
    return { status: res.status, body: (text ? JSON.parse(text) : undefined) as Json };
  };
  const stdio = (name: string, script: string, args: string[] = []) =>
    api('POST', '/api/mcp/servers', { name, transport: 'stdio', command: process.execPath, args: [script, ...args] });

  beforeAll(async () => {
    mkdirSync(files, { recursive: true });
    writeFileSync(join(files, 'notes.txt'), 'the quick brown fox');
    httpPort = await freePort();
    httpServer = spawn(process.execPath, [pkg('server-everything', 'index.js'), 'streamableHttp'], {
      env: { ...process.env, PORT: String(httpPort) },
      stdio: 'ignore',
    });
    const env = loadEnv({
      DATA_DIR: dataDir,
      CHROMA_AUTOSTART: 'false',
      RATE_LIMIT_EXPENSIVE_PER_MINUTE: '100000',
      RATE_LIMIT_PER_MINUTE: '100000',
      ...TEST_ADMIN,
    });
    ({ app } = await createApp(env, { logger: false }));
    await app.listen({ port: 0, host: '127.0.0.1' });
    base = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
    token = await loginOverHttp(base);
    for (let i = 0; i < 50; i++) {
      const ok = await fetch(`http://127.0.0.1:${httpPort}/mcp`, { method: 'POST' }).then(
        () => true,
        () => false,
      );
      if (ok) break;
      await new Promise((r) => setTimeout(r, 100));
    }
  });

  afterAll(async () => {
    await app?.close();
    httpServer?.kill();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('lists the built-in tools with schemas and health', async () => {
    const tools = await api('GET', '/api/tools?origin=builtin');
    expect(tools.body.map((t: Json) => t.name)).toEqual(['ask_agent', 'http_request', 'javascript', 'knowledge_search', 'sql_query']);
    const schema = await api('GET', '/api/tools/javascript/schema');
    expect(schema.body.inputSchema.required).toEqual(['code']);
    expect((await api('GET', '/api/tools/javascript/health')).body.health).toBe('healthy');
    expect((await api('GET', '/api/tools/no-such-tool/schema')).status).toBe(404);
  });

  it('server-everything over stdio: registered, discovered, called; bad arguments refused by the schema', async () => {
    const created = await stdio('everything', pkg('server-everything', 'index.js'), ['stdio']);
    expect(created.status).toBe(201);
    expect(created.body.status).toBe('connected');
    expect(created.body.resources.length).toBeGreaterThan(0);
    const listed = await api('GET', '/api/mcp/tools');
    expect(listed.body.map((t: Json) => t.name)).toEqual(expect.arrayContaining(['everything.echo', 'everything.get-sum']));
    const echo = await api('POST', '/api/tools/everything.echo/execute', { arguments: { message: 'hello' } });
    expect(echo.body).toMatchObject({ ok: true, result: [{ type: 'text', text: 'Echo: hello' }] });
    const sum = await api('POST', '/api/tools/everything.get-sum/execute', { arguments: { a: 2, b: 40 } });
    expect(JSON.stringify(sum.body.result)).toContain('42');
    const bad = await api('POST', '/api/tools/everything.get-sum/execute', { arguments: { a: 'two' } });
    expect(bad.status).toBe(422);
    expect(bad.body.error.code).toBe('TOOL_ARGUMENTS_INVALID');
    expect(bad.body.error.details.errors.length).toBeGreaterThan(0);
    const rediscovered = await api('POST', '/api/mcp/discover', { serverId: 'everything' });
    expect(rediscovered.body.tools.length).toBe(listed.body.filter((t: Json) => t.name.startsWith('everything.')).length);
  });

  it('server-everything over Streamable HTTP, with MCP progress streamed to the caller as SSE', async () => {
    const created = await api('POST', '/api/mcp/servers', {
      name: 'everything-http',
      transport: 'streamable-http',
      url: `http://127.0.0.1:${httpPort}/mcp`,
    });
    expect(created.status).toBe(201);
    const echo = await api('POST', '/api/tools/everything-http.echo/execute', { arguments: { message: 'over http' } });
    expect(echo.body.result[0].text).toBe('Echo: over http');
    const res = await fetch(`${base}/api/tools/everything-http.trigger-long-running-operation/execute`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', accept: 'text/event-stream' },
      body: JSON.stringify({ arguments: { duration: 1, steps: 4 } }),
    });
    const text = await res.text();
    const events = text
      .split('\n\n')
      .filter(Boolean)
      .map((block) => ({ event: /event: (\w+)/.exec(block)?.[1], data: JSON.parse(/data: (.*)/.exec(block)![1]!) }));
    expect(events.filter((e) => e.event === 'progress').length).toBeGreaterThanOrEqual(3);
    expect(events.at(-1)).toMatchObject({ event: 'result', data: { ok: true } });
  });

  it('server-filesystem and server-memory over stdio work end to end', async () => {
    expect((await stdio('fs', pkg('server-filesystem', 'index.js'), [files])).status).toBe(201);
    const read = await api('POST', '/api/tools/fs.read_text_file/execute', { arguments: { path: join(files, 'notes.txt') } });
    expect(JSON.stringify(read.body.result)).toContain('the quick brown fox');
    const outside = await api('POST', '/api/tools/fs.read_text_file/execute', { arguments: { path: '/etc/passwd' } });
    expect(outside.body.ok).toBe(false);

    expect((await stdio('memory', pkg('server-memory', 'index.js'))).status).toBe(201);
    await api('POST', '/api/tools/memory.create_entities/execute', {
      arguments: { entities: [{ name: 'Ada', entityType: 'person', observations: ['wrote the first program'] }] },
    });
    const graph = await api('POST', '/api/tools/memory.read_graph/execute', { arguments: {} });
    expect(JSON.stringify(graph.body.result)).toContain('wrote the first program');
  });

  it('bad servers: a command that does not exist, a URL that never answers; nothing is registered', async () => {
    const missing = await api('POST', '/api/mcp/servers', { name: 'ghost', transport: 'stdio', command: '/nonexistent/mcp-server' });
    expect(missing.status).toBe(503);
    expect(missing.body.code).toBe('SERVER_UNREACHABLE');
    const silent = createServer(() => undefined);
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    try {
      const hung = await api('POST', '/api/mcp/servers', {
        name: 'silent',
        transport: 'streamable-http',
        url: `http://127.0.0.1:${(silent.address() as AddressInfo).port}/mcp`,
      });
      expect(hung.body.code).toBe('SERVER_UNREACHABLE');
    } finally {
      silent.closeAllConnections();
      silent.close();
    }
    const servers = (await api('GET', '/api/mcp/servers')).body.map((s: Json) => s.name);
    expect(servers).not.toContain('ghost');
    expect(servers).not.toContain('silent');
    expect((await api('POST', '/api/tools/ghost.anything/execute', { arguments: {} })).status).toBe(404);
  }, 60_000);

  it('a server that crashes mid-call fails fast, is marked unhealthy, and comes back', async () => {
    expect((await stdio('crashy', join(ROOT, 'test', 'fixtures', 'crashy-mcp-server.mjs'))).status).toBe(201);
    const started = Date.now();
    const crashed = await api('POST', '/api/tools/crashy.crash/execute', { arguments: { afterMs: 100 } });
    expect(crashed.body.ok).toBe(false);
    expect(Date.now() - started).toBeLessThan(10_000);
    const health = await api('GET', '/api/tools/crashy.ping/health');
    expect(health.body.health).toBe('unhealthy');
    const meanwhile = await api('POST', '/api/tools/crashy.ping/execute', { arguments: {} });
    expect(meanwhile.body.error.code).toBe('TOOL_UNAVAILABLE');
    for (let i = 0; i < 50 && (await api('GET', '/api/tools/crashy.ping/health')).body.health !== 'healthy'; i++)
      await new Promise((r) => setTimeout(r, 200));
    expect((await api('POST', '/api/tools/crashy.ping/execute', { arguments: {} })).body.result[0].text).toBe('pong');
  });

  it('the JavaScript sandbox refuses escapes and stays up; http_request refuses private addresses; secrets are redacted in the log', async () => {
    const escape = await api('POST', '/api/tools/javascript/execute', {
      arguments: { code: "return globalThis.constructor.constructor('return process')().env" },
    });
    expect(escape.body.error.code).toBe('SANDBOX_ERROR');
    const loop = await api('POST', '/api/tools/javascript/execute', { arguments: { code: 'while (true) {}' }, timeoutMs: 300 });
    expect(loop.body.error.code).toBe('TOOL_TIMEOUT');
    expect(
      (await api('POST', '/api/tools/javascript/execute', { arguments: { code: 'return [1,2,3].map((x) => x * 2)' } })).body.result.result,
    ).toEqual([2, 4, 6]);
    const ssrf = await api('POST', '/api/tools/http_request/execute', {
      arguments: { url: 'http://169.254.169.254/latest/meta-data', headers: { authorization: 'Bearer top-secret' } },
    });
    expect(ssrf.body.error.code).toBe('URL_NOT_ALLOWED');
    const log = await api('GET', '/api/tools/http_request/executions');
    expect(log.body[0]).toMatchObject({
      outcome: 'error',
      arguments: { url: 'http://169.254.169.254/latest/meta-data', headers: '[redacted]' },
    });
    expect(JSON.stringify(log.body)).not.toContain('top-secret');
  });

  it('a batch of 1,000 calls: per-item results, one failure does not fail the batch', async () => {
    const calls = Array.from({ length: 1000 }, (_, i) =>
      i % 100 === 7 ? { toolId: 'everything.get-sum', arguments: { a: 'x' } } : { toolId: 'everything.get-sum', arguments: { a: i, b: 1 } },
    );
    const res = await api('POST', '/api/tools/batch', { calls });
    expect(res.status).toBe(200);
    expect(res.body.results).toHaveLength(1000);
    expect(res.body.failed).toBe(10);
    expect(res.body.succeeded).toBe(990);
    expect(JSON.stringify(res.body.results[500].result)).toContain('501');
    expect(res.body.results[7].error.code).toBe('TOOL_ARGUMENTS_INVALID');
    expect((await api('POST', '/api/tools/batch', { calls: [] })).status).toBe(400);
  });

  it('per-tool permissions: a tool limited to admins is refused to an operator key', async () => {
    const key = await api('POST', '/api/keys', { name: 'ops-bot', role: 'operator' });
    expect((await api('PUT', '/api/tools/javascript/permissions', { roles: ['admin'], agents: [] })).status).toBe(200);
    const denied = await api(
      'POST',
      '/api/tools/javascript/execute',
      { arguments: { code: 'return 1' } },
      { authorization: `Bearer ${key.body.key}` },
    );
    expect(denied.status).toBe(403);
    expect(denied.body.error.code).toBe('TOOL_FORBIDDEN');
    await api('PUT', '/api/tools/javascript/permissions', { roles: [], agents: [] });
    const allowed = await api(
      'POST',
      '/api/tools/javascript/execute',
      { arguments: { code: 'return 1' } },
      { authorization: `Bearer ${key.body.key}` },
    );
    expect(allowed.body.ok).toBe(true);
  });

  it('A2A JSON-RPC tool execution', async () => {
    const ok = await api('POST', '/a2a/tools/execute', {
      jsonrpc: '2.0',
      id: 1,
      method: 'execute',
      params: { toolId: 'everything.echo', arguments: { message: 'rpc' } },
    });
    expect(ok.body.result.result[0].text).toBe('Echo: rpc');
    const invalid = await api('POST', '/a2a/tools/execute', {
      jsonrpc: '2.0',
      id: 2,
      method: 'execute',
      params: { toolId: 'everything.echo', arguments: {} },
    });
    expect(invalid.body.error.code).toBe(-32602);
    expect((await api('POST', '/a2a/tools/execute', { jsonrpc: '2.0', id: 3, method: 'nope' })).body.error.code).toBe(-32601);
  });

  it('the platform is an MCP server: the official SDK client lists and calls its tools at /mcp', async () => {
    const client = new Client({ name: 'test-client', version: '1.0.0' });
    await client.connect(
      new StreamableHTTPClientTransport(new URL(`${base}/mcp`), { requestInit: { headers: { authorization: `Bearer ${token}` } } }),
    );
    const { tools } = await client.listTools();
    expect(tools.map((t) => t.name)).toEqual(expect.arrayContaining(['javascript', 'everything.echo', 'fs.read_text_file']));
    const result = await client.callTool({ name: 'javascript', arguments: { code: 'return input.n + 1', input: { n: 41 } } });
    expect(result.structuredContent).toEqual({ result: 42, logs: [] });
    const relayed = await client.callTool({ name: 'everything.echo', arguments: { message: 'through two hops' } });
    expect(JSON.stringify(relayed.content)).toContain('Echo: through two hops');
    const failed = await client.callTool({ name: 'everything.get-sum', arguments: { a: 'x' } });
    expect(failed.isError).toBe(true);
    const { resources } = await client.listResources();
    expect(resources.length).toBeGreaterThan(5);
    const { prompts } = await client.listPrompts();
    expect(prompts.map((p) => p.name)).toContain('use-tool');
    await client.close();
    const anonymous = await fetch(`${base}/mcp`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream' },
      body: '{}',
    });
    expect(anonymous.status).toBe(401);
  });
});
