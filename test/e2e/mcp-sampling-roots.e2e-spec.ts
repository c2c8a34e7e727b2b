import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { loadEnv } from '@libs/config';
import { createApp } from 'src/app.factory';
import { FakeOpenAi } from 'test/fixtures/fake-openai';
import { TEST_ADMIN, loginOverHttp } from 'test/utils/auth';
import { eventually } from 'test/utils/eventually';
import { tmpDataDir } from 'test/utils/services';

jest.setTimeout(120_000);

type Json = Record<string, any>;
const ROOT = join(__dirname, '..', '..');
const EVERYTHING = join(ROOT, 'node_modules', '@modelcontextprotocol', 'server-everything', 'dist', 'index.js');
const CHANGING = join(ROOT, 'test', 'fixtures', 'changing-mcp-server.mjs');

/**
 * The MCP client's sampling, roots, resources and prompts against the reference server (server-everything, which asks
 * for sampling and lists roots only when the client declares them) and a server whose lists change while it runs.
 * The model that answers sampling is a local server speaking OpenAI's wire protocol.
 */
describe('MCP client: sampling, roots, resources and prompts as tools, list changes', () => {
  let app: NestFastifyApplication;
  let base: string;
  let adminToken: string;
  let operatorToken: string;
  const model = new FakeOpenAi();
  const dataDir = tmpDataDir('mcp-sampling-');

  const call = async (token: string, method: string, path: string, body?: unknown) => {
    const res = await fetch(`${base}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
      body: body !== undefined ? JSON.stringify(body) : undefined,
    });
    const text = await res.text();
    return { status: res.status, body: (text ? JSON.parse(text) : undefined) as Json };
  };
  const api = (method: string, path: string, body?: unknown) => call(adminToken, method, path, body);
  const execute = (tool: string, args: Record<string, unknown>) => api('POST', `/api/tools/${tool}/execute`, { arguments: args });
  const samplingLog = async (server: string) => (await api('GET', `/api/mcp/servers/${server}/sampling-requests`)).body;

  beforeAll(async () => {
    await model.start();
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
    adminToken = await loginOverHttp(base);
    expect((await api('POST', '/api/users', { email: 'op@test.local', password: 'operator-password-123', role: 'operator' })).status).toBe(
      201,
    );
    operatorToken = await loginOverHttp(base, 'op@test.local', 'operator-password-123');
    const provider = await api('POST', '/api/model-providers', {
      name: 'local',
      kind: 'openai-compatible',
      baseUrl: model.url,
      apiKey: 'sk-test',
    });
    expect(provider.status).toBe(201);
    const created = await api('POST', '/api/mcp/servers', {
      name: 'everything',
      transport: 'stdio',
      command: process.execPath,
      args: [EVERYTHING, 'stdio'],
      roots: [{ uri: 'file:///srv/projects/alpha', name: 'alpha' }],
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      status: 'connected',
      sampling: null,
      roots: [{ uri: 'file:///srv/projects/alpha', name: 'alpha' }],
    });
  });

  afterAll(async () => {
    await app?.close();
    await model.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('tells the server its roots, and announces new ones without reconnecting', async () => {
    const first = await execute('everything.get-roots-list', {});
    expect(first.status).toBe(200);
    expect(JSON.stringify(first.body.result)).toContain('file:///srv/projects/alpha');
    const updated = await api('PUT', '/api/mcp/servers/everything', { roots: [{ uri: 'file:///srv/projects/beta', name: 'beta' }] });
    expect(updated.status).toBe(200);
    expect(updated.body).toMatchObject({ status: 'connected', roots: [{ uri: 'file:///srv/projects/beta' }] });
    // server-everything re-reads the roots when it gets roots/list_changed.
    const second = await eventually(
      () => execute('everything.get-roots-list', {}),
      (res) => JSON.stringify(res.body.result).includes('file:///srv/projects/beta'),
    );
    expect(JSON.stringify(second.body.result)).not.toContain('alpha');
  });

  it('refuses sampling from a server no admin allowed, and records the refusal', async () => {
    const before = model.requests.length;
    const res = await execute('everything.trigger-sampling-request', { prompt: 'hello', maxTokens: 20 });
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(JSON.stringify(res.body)).toContain('Sampling is not allowed');
    expect(model.requests.length).toBe(before);
    const log = await samplingLog('everything');
    expect(log.total).toBe(1);
    expect(log.items[0]).toMatchObject({ outcome: 'refused', messageCount: 1, maxTokensRequested: 20, inputTokens: 0 });
  });

  it('only an admin may allow sampling; bad settings are refused with the field named', async () => {
    const settings = { enabled: true, provider: 'local', modelId: 'tiny', maxTokens: 50, perMinute: 2 };
    const byOperator = await call(operatorToken, 'PUT', '/api/mcp/servers/everything', { sampling: settings });
    expect(byOperator.status).toBe(403);
    const zero = await api('PUT', '/api/mcp/servers/everything', { sampling: { ...settings, maxTokens: 0 } });
    expect(zero.status).toBe(400);
    expect(JSON.stringify(zero.body)).toContain('maxTokens');
    const unknown = await api('PUT', '/api/mcp/servers/everything', { sampling: { ...settings, budget: 5 } });
    expect(unknown.status).toBe(400);
    const notFile = await api('PUT', '/api/mcp/servers/everything', { roots: [{ uri: 'http://example.com/' }] });
    expect(notFile.status).toBe(400);
    expect(JSON.stringify(notFile.body)).toContain('file://');
  });

  it('answers an allowed server with the platform model, capped, within its rate, and records each request', async () => {
    const allowed = await api('PUT', '/api/mcp/servers/everything', {
      sampling: { enabled: true, provider: 'local', modelId: 'tiny', maxTokens: 50, perMinute: 2 },
    });
    expect(allowed.status).toBe(200);
    expect(allowed.body.sampling).toMatchObject({ enabled: true, maxTokens: 50, perMinute: 2 });
    model.respond({ text: 'sampled answer from the platform model' });
    const res = await execute('everything.trigger-sampling-request', { prompt: 'tell me something', maxTokens: 5000 });
    expect(res.status).toBe(200);
    expect(JSON.stringify(res.body.result)).toContain('sampled answer from the platform model');
    expect(JSON.stringify(res.body.result)).toContain('local/tiny');
    const sent = model.requests.at(-1) as unknown as Json;
    expect(sent.model).toBe('tiny');
    expect(sent.max_tokens).toBe(50);
    expect(JSON.stringify(sent.messages)).toContain('tell me something');
    expect(JSON.stringify(sent.messages)).toContain('You are a helpful test server.');

    model.respond({ text: 'second' });
    expect((await execute('everything.trigger-sampling-request', { prompt: 'again', maxTokens: 10 })).status).toBe(200);
    const third = await execute('everything.trigger-sampling-request', { prompt: 'once more', maxTokens: 10 });
    expect(third.status).toBeGreaterThanOrEqual(400);
    expect(JSON.stringify(third.body)).toContain('2 requests per minute');

    const log = await samplingLog('everything');
    expect(log.total).toBe(4);
    expect(log.items.map((item: Json) => item.outcome)).toEqual(['refused', 'completed', 'completed', 'refused']);
    expect(log.items[2]).toMatchObject({ model: 'local/tiny', maxTokensRequested: 5000 });
    expect(log.items[2].outputTokens).toBeGreaterThan(0);
    const off = await api('PUT', '/api/mcp/servers/everything', { sampling: null });
    expect(off.body.sampling).toBeNull();
  });

  it("reads the server's resources and gets its prompts through tools agents can call", async () => {
    const server = (await api('GET', '/api/mcp/servers/everything')).body;
    const tools = (await api('GET', '/api/mcp/tools')).body.map((tool: Json) => tool.name);
    expect(tools).toEqual(expect.arrayContaining(['everything.resources.read', 'everything.prompts.get']));
    const textResource = server.resources.find((r: Json) => String(r.mimeType ?? '').startsWith('text/')) ?? server.resources[0];
    const read = await execute('everything.resources.read', { uri: textResource.uri });
    expect(read.status).toBe(200);
    expect(read.body.result.contents[0].uri).toBe(textResource.uri);
    const simple = server.prompts.find((p: Json) => !(p.arguments ?? []).some((a: Json) => a.required));
    const prompt = await execute('everything.prompts.get', { name: simple.name });
    expect(prompt.status).toBe(200);
    expect(prompt.body.result.messages.length).toBeGreaterThan(0);
    const unknown = await execute('everything.prompts.get', { name: 'no-such-prompt' });
    expect(unknown.status).toBe(422);
  });

  it("asks the A2A caller a server's question during an agent run (input-required), checks the answer, and finishes the run", async () => {
    const tool = (await api('GET', '/api/tools/everything.trigger-elicitation-request')).body;
    const agent = (
      await api('POST', '/api/agents', { name: 'form-filler', model: { provider: 'local', modelId: 'tiny' }, tools: [tool.id] })
    ).body;
    expect(agent.id).toBeDefined();
    model.respond({ toolCalls: [{ name: 'everything_trigger-elicitation-request', arguments: {} }] }, (request) => {
      const result = request.messages.find((m) => m.role === 'tool');
      return { text: `The server got: ${JSON.stringify(result?.content)}` };
    });
    const rpc = async (message: Json) => {
      const res = await fetch(`${base}/a2a/agents/${agent.id}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json', 'a2a-version': '1.0' },
        body: JSON.stringify({
          jsonrpc: '2.0',
          id: 1,
          method: 'SendMessage',
          params: { message: { role: 'ROLE_USER', messageId: randomUUID(), ...message } },
        }),
      });
      return ((await res.json()) as Json).result.task;
    };
    const asked = await rpc({ parts: [{ text: 'Fill in the form' }] });
    expect(asked.status.state).toBe('TASK_STATE_INPUT_REQUIRED');
    const [question, form] = asked.status.message.parts;
    expect(question.text).toContain('Please provide inputs');
    expect(form.data.elicitation.requestedSchema.required).toEqual(['name']);

    // Breaks the schema (no name): still input-required, with the finding; the run keeps waiting.
    const refused = await rpc({ taskId: asked.id, contextId: asked.contextId, parts: [{ data: { check: true } }] });
    expect(refused.status.state).toBe('TASK_STATE_INPUT_REQUIRED');
    expect(refused.status.message.parts[0].text).toContain("must have required property 'name'");

    const done = await rpc({ taskId: asked.id, contextId: asked.contextId, parts: [{ data: { name: 'Ada Lovelace', check: true } }] });
    expect(done.status.state).toBe('TASK_STATE_COMPLETED');
    const answer = done.artifacts[0].parts.map((part: Json) => part.text).join('');
    expect(answer).toContain('Ada Lovelace');
    // The schema's defaults were filled in for fields the answer left out.
    expect(answer).toContain('It was a dark and stormy night.');
  });

  it('follows resources/list_changed and prompts/list_changed into the catalog and the tools', async () => {
    const created = await api('POST', '/api/mcp/servers', {
      name: 'changing',
      transport: 'stdio',
      command: process.execPath,
      args: [CHANGING],
    });
    expect(created.status).toBe(201);
    expect(created.body.resources.map((r: Json) => r.uri)).toEqual(['memo://first']);
    expect((await execute('changing.add-resource', { uri: 'memo://second', text: 'the second memo' })).status).toBe(200);
    expect((await execute('changing.add-prompt', { name: 'translate' })).status).toBe(200);
    const server = await eventually(
      async () => (await api('GET', '/api/mcp/servers/changing')).body,
      (body) => body.resources.length === 2 && body.prompts.length === 2,
    );
    expect(server.resources.map((r: Json) => r.uri).sort()).toEqual(['memo://first', 'memo://second']);
    const readTool = (await api('GET', '/api/tools/changing.resources.read')).body;
    expect(readTool.description).toContain('memo://second');
    const read = await execute('changing.resources.read', { uri: 'memo://second' });
    expect(read.body.result.contents[0].text).toBe('the second memo');
    const prompt = await execute('changing.prompts.get', { name: 'translate', arguments: { topic: 'tides' } });
    expect(JSON.stringify(prompt.body.result.messages)).toContain('translate about tides');
  });
});
