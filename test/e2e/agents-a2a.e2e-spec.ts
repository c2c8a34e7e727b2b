import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createHmac, randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { rmSync } from 'node:fs';
import { Message, Task } from '@a2a-js/sdk';
import { Client, ClientFactory, ClientFactoryOptions, JsonRpcTransportFactory, RestTransportFactory } from '@a2a-js/sdk/client';
import { LegacyJsonRpcTransport } from '@a2a-js/sdk/compat/v0_3/client';
import WebSocket from 'ws';
import { loadEnv } from '@libs/config';
import { createApp } from 'src/app.factory';
import { FakeOpenAi } from 'test/fixtures/fake-openai';
import { startSdkPeer } from 'test/fixtures/sdk-a2a-peer';
import { TEST_ADMIN, loginOverHttp } from 'test/utils/auth';
import { tmpDataDir } from 'test/utils/services';

jest.setTimeout(120_000);

type Json = Record<string, any>;

async function startPlatform(dataDir: string, extra: Record<string, string> = {}) {
  const env = loadEnv({ DATA_DIR: dataDir, CHROMA_AUTOSTART: 'false', RATE_LIMIT_EXPENSIVE_PER_MINUTE: '10000', ...TEST_ADMIN, ...extra });
  const { app } = await createApp(env, { logger: false });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const base = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
  return { app, base, token: await loginOverHttp(base) };
}

describe('agents and the A2A protocol (real HTTP, official SDK clients and server)', () => {
  let app: NestFastifyApplication;
  let base: string;
  let token: string;
  const dataDir = tmpDataDir('agents-');
  const model = new FakeOpenAi();
  let peer: Awaited<ReturnType<typeof startSdkPeer>>;

  const api = async (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) => {
    const res = await fetch(`${base}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...headers },
      body: body !== undefined ? JSON.stringify(body) : undefined,
    });
    const text = await res.text();
    return { status: res.status, body: (text ? JSON.parse(text) : undefined) as Json, headers: res.headers };
  };
  const authedFetch: typeof fetch = (input, init) => {
    const headers = new Headers(init?.headers);
    headers.set('authorization', `Bearer ${token}`);
    return fetch(input, { ...init, headers });
  };
  const sdkClient = async (agentId: string, transport: 'JSONRPC' | 'HTTP+JSON' = 'JSONRPC'): Promise<Client> => {
    const factory = new ClientFactory(
      ClientFactoryOptions.createFrom(ClientFactoryOptions.default, {
        transports: [new JsonRpcTransportFactory({ fetchImpl: authedFetch }), new RestTransportFactory({ fetchImpl: authedFetch })],
        preferredTransports: [transport],
      }),
    );
    return factory.createFromUrl(`${base}/a2a/agents/${agentId}/`);
  };
  const userMessage = (text: string, extra: Json = {}) =>
    Message.fromJSON({ messageId: randomUUID(), role: 'ROLE_USER', parts: [{ text }], ...extra });
  const send = (client: Client, message: Message, configuration?: Json) =>
    client.sendMessage({ message, configuration, metadata: undefined, tenant: '' } as never);
  const rpc = async (agentId: string, body: unknown, headers: Record<string, string> = { 'a2a-version': '1.0' }) => {
    const res = await fetch(`${base}/a2a/agents/${agentId}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...headers },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json()) as Json };
  };

  let echo: Json;

  beforeAll(async () => {
    await model.start();
    peer = await startSdkPeer();
    ({ app, base, token } = await startPlatform(dataDir, { A2A_REMOTE_ALLOW_PRIVATE: 'true', SQL_SQLITE_DIR: dataDir }));
    echo = (
      await api('POST', '/api/agents', {
        name: 'echo-agent',
        brain: 'echo',
        description: 'Repeats messages; useful for wiring',
        skills: [{ id: 'echo', name: 'Echo', description: 'Repeats the message back', tags: ['echo', 'testing'] }],
      })
    ).body;
  });

  afterAll(async () => {
    await app?.close();
    await peer?.stop();
    await model.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  describe('registry', () => {
    it('creates, lists by capability, updates (card regenerated), reports capabilities and deletes', async () => {
      expect(echo.id).toMatch(/^[0-9a-f-]{36}$/);
      expect(echo.a2aUrl).toBe(`${base}/a2a/agents/${echo.id}`);
      const other = await api('POST', '/api/agents', {
        name: 'sql-analyst',
        brain: 'echo',
        sqlConnections: ['c1'],
        skills: [{ id: 'report', name: 'Report', description: 'Writes reports', tags: ['finance'] }],
      });
      expect(other.status).toBe(201);

      const byTag = await api('GET', '/api/agents?capability=finance');
      expect(byTag.body.items.map((a: Json) => a.name)).toEqual(['sql-analyst']);
      const both = await api('GET', '/api/agents?capability=finance,sql');
      expect(both.body.total).toBe(1);
      expect((await api('GET', '/api/agents?capability=finance,echo')).body.total).toBe(0);
      // Totals agree however the list is paged (a page that is not full is counted without a COUNT).
      const all = (await api('GET', '/api/agents?limit=100')).body;
      expect(all.total).toBe(all.items.length);
      expect(all.total).toBeGreaterThanOrEqual(2);
      const first = (await api('GET', '/api/agents?limit=1')).body;
      expect([first.items.length, first.total]).toEqual([1, all.total]);
      const last = (await api('GET', `/api/agents?limit=1&offset=${all.total - 1}`)).body;
      expect([last.items.map((a: Json) => a.name), last.total]).toEqual([[all.items.at(-1).name], all.total]);
      expect((await api('GET', `/api/agents?offset=${all.total + 5}`)).body).toMatchObject({ items: [], total: all.total });

      const updated = await api('PUT', `/api/agents/${other.body.id}`, {
        description: 'Finance reports from SQL',
        version: other.body.version,
      });
      expect(updated.status).toBe(200);
      expect(updated.body.version).toBe(other.body.version + 1);
      const stale = await api('PUT', `/api/agents/${other.body.id}`, { description: 'x', version: other.body.version });
      expect(stale.status).toBe(409);
      const card = (await (
        await fetch(`${base}/a2a/agents/${other.body.id}/.well-known/agent-card.json`, { headers: { 'a2a-version': '1.0' } })
      ).json()) as Json;
      expect(card.description).toBe('Finance reports from SQL');
      expect(card.version).toMatch(/\+2$/);

      const capabilities = await api('GET', `/api/agents/${other.body.id}/capabilities`);
      expect(capabilities.body.capabilities).toEqual(expect.arrayContaining(['finance', 'sql', 'report', 'brain:echo', 'streaming']));

      expect((await api('DELETE', `/api/agents/${other.body.id}`)).status).toBe(204);
      expect((await api('GET', `/api/agents/${other.body.id}`)).status).toBe(404);
      expect((await fetch(`${base}/a2a/agents/${other.body.id}/.well-known/agent-card.json`)).status).toBe(404);
    });

    it('refuses bad input with problem details and stores nothing', async () => {
      const before = (await api('GET', '/api/agents')).body.total;
      const unknown = await api('POST', '/api/agents', { name: 'x1', brain: 'echo', surprise: true });
      expect(unknown.status).toBe(400);
      expect(unknown.body.code).toBe('VALIDATION_FAILED');
      expect((await api('POST', '/api/agents', { name: 'x2', brain: 'telepathy' })).status).toBe(400);
      expect((await api('POST', '/api/agents', { name: 'x3', brain: 'echo', limits: { maxSteps: 'many' } })).status).toBe(400);
      expect((await api('POST', '/api/agents', { name: 'echo-agent', brain: 'echo' })).status).toBe(409);
      // A malformed id is refused before the lookup (UuidParam), as on every route that takes an id.
      expect((await api('GET', '/api/agents/not-a-uuid')).body.code).toBe('INVALID_ID');
      expect((await api('GET', '/api/agents')).body.total).toBe(before);
    });
  });

  describe('our A2A server, driven by the official SDK client', () => {
    it('JSON-RPC 1.0: SendMessage returns a completed, persisted task; GetTask and ListTasks find it', async () => {
      const client = await sdkClient(echo.id, 'JSONRPC');
      const result = Task.toJSON((await send(client, userMessage('hello over json-rpc'))) as Task) as Json;
      expect(result.status.state).toBe('TASK_STATE_COMPLETED');
      expect(result.artifacts[0].parts[0].text).toBe('hello over json-rpc');
      const fetched = Task.toJSON(await client.getTask({ id: result.id, historyLength: 10, tenant: '' } as never)) as Json;
      expect(fetched.id).toBe(result.id);
      expect(fetched.history[0].parts[0].text).toBe('hello over json-rpc');
      const listed = await client.listTasks({ contextId: result.contextId, status: 0 } as never);
      expect(listed.tasks.map((t) => t.id)).toEqual([result.id]);
    });

    it('HTTP+JSON: same agent, same behaviour', async () => {
      const client = await sdkClient(echo.id, 'HTTP+JSON');
      expect(client.transport.protocolName).toBe('HTTP+JSON');
      const result = Task.toJSON((await send(client, userMessage('hello over rest'))) as Task) as Json;
      expect(result.status.state).toBe('TASK_STATE_COMPLETED');
      expect(result.artifacts[0].parts[0].text).toBe('hello over rest');
    });

    it('streams over SSE in order: task, working, artifact chunk(s), completed', async () => {
      for (const transport of ['JSONRPC', 'HTTP+JSON'] as const) {
        const client = await sdkClient(echo.id, transport);
        const kinds: string[] = [];
        let finalState = '';
        for await (const event of client.sendMessageStream({ message: userMessage(`stream ${transport}`), tenant: '' } as never)) {
          const payload = (event as Json).payload;
          kinds.push(payload.$case);
          if (payload.$case === 'statusUpdate') finalState = String(payload.value.status.state);
        }
        expect(kinds[0]).toBe('task');
        expect(kinds).toContain('artifactUpdate');
        expect(kinds.at(-1)).toBe('statusUpdate');
        expect(finalState).toBe('3'); // TASK_STATE_COMPLETED
      }
    });

    it('multi-turn: a contextId carries the conversation to the next task', async () => {
      const client = await sdkClient(echo.id);
      const first = Task.toJSON((await send(client, userMessage('turn one'))) as Task) as Json;
      const second = Task.toJSON((await send(client, userMessage('turn two', { contextId: first.contextId }))) as Task) as Json;
      expect(second.contextId).toBe(first.contextId);
      expect(second.id).not.toBe(first.id);
      const listed = await client.listTasks({ contextId: first.contextId, status: 0 } as never);
      expect(listed.tasks).toHaveLength(2);
    });

    it('a 0.3 client (message/send without A2A-Version) is served by the compatibility layer', async () => {
      const legacy = new LegacyJsonRpcTransport({ endpoint: `${base}/a2a/agents/${echo.id}`, fetchImpl: authedFetch });
      const result = Task.toJSON(
        (await legacy.sendMessage({ message: userMessage('hello from 0.3'), tenant: '' } as never)) as Task,
      ) as Json;
      expect(result.status.state).toBe('TASK_STATE_COMPLETED');
      const raw = await rpc(
        echo.id,
        {
          jsonrpc: '2.0',
          id: 7,
          method: 'message/send',
          params: { message: { kind: 'message', messageId: randomUUID(), role: 'user', parts: [{ kind: 'text', text: 'raw 0.3' }] } },
        },
        {},
      );
      expect(raw.body.result.kind).toBe('task');
      expect(raw.body.result.status.state).toBe('completed');
    });

    it('cards: 1.0 at agent paths without a header, the 0.3 form at /v0.3 and at the host root for 0.3 discovery', async () => {
      const get = async (path: string, headers: Record<string, string> = {}) =>
        (await (await fetch(`${base}${path}`, { headers: { authorization: `Bearer ${token}`, ...headers } })).json()) as Json;
      const current = await get(`/a2a/agents/${echo.id}/.well-known/agent-card.json`);
      expect(current.supportedInterfaces.length).toBeGreaterThan(0);
      expect(current).not.toHaveProperty('preferredTransport');
      expect(current).not.toHaveProperty('protocolVersion');
      const legacy = await get(`/a2a/agents/${echo.id}/v0.3/.well-known/agent-card.json`);
      expect(legacy.protocolVersion).toMatch(/^0\.3/);
      expect(legacy.url).toBe(`${base}/a2a/agents/${echo.id}`);
      expect(legacy.preferredTransport).toBe('JSONRPC');
      const root = await get('/.well-known/agent-card.json');
      expect(root.protocolVersion).toMatch(/^0\.3/);
      expect(root.preferredTransport).toBe('JSONRPC');
      expect(root.additionalInterfaces.map((i: Json) => i.transport)).toContain('HTTP+JSON');
      const root10 = await get('/.well-known/agent-card.json', { 'a2a-version': '1.0' });
      expect(root10).not.toHaveProperty('preferredTransport');
      expect(root10.supportedInterfaces.map((i: Json) => i.protocolVersion)).toContain('1.0');
    });

    it('needs a credential unless the agent is public; cards follow PUBLIC_AGENT_CARDS', async () => {
      const res = await fetch(`${base}/a2a/agents/${echo.id}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'a2a-version': '1.0' },
        body: JSON.stringify({
          jsonrpc: '2.0',
          id: 1,
          method: 'SendMessage',
          params: { message: { messageId: 'm', role: 'ROLE_USER', parts: [{ text: 'x' }] } },
        }),
      });
      expect(res.status).toBe(401);
      expect(res.headers.get('www-authenticate')).toBe('Bearer');
      const card = await fetch(`${base}/a2a/agents/${echo.id}/.well-known/agent-card.json`, { headers: { 'a2a-version': '1.0' } });
      expect(card.status).toBe(200);
      const json = (await card.json()) as Json;
      expect(json.securitySchemes.bearer).toBeDefined();
      expect(json.supportedInterfaces.map((i: Json) => `${i.protocolBinding}/${i.protocolVersion}`)).toEqual([
        'JSONRPC/1.0',
        'HTTP+JSON/1.0',
        'JSONRPC/0.3',
        'HTTP+JSON/0.3',
      ]);
      const bad = await fetch(`${base}/a2a/agents/${echo.id}`, {
        method: 'POST',
        headers: { authorization: 'Bearer nonsense', 'content-type': 'application/json' },
        body: '{}',
      });
      expect(bad.status).toBe(401);
    });
  });

  describe('spec errors for bad input (and nothing stored is touched)', () => {
    it('malformed JSON, batches, unknown methods, wrong params, unknown and terminal tasks', async () => {
      const parse = await rpc(echo.id, '{"jsonrpc": "2.0", "id": 1, "method": ');
      expect(parse.body.error.code).toBe(-32700);
      const batch = await rpc(echo.id, [{ jsonrpc: '2.0', id: 1, method: 'GetTask', params: { id: 'x' } }]);
      expect(batch.body.error.code).toBe(-32600);
      const unknown = await rpc(echo.id, { jsonrpc: '2.0', id: 2, method: 'DoMagic', params: {} });
      expect(unknown.body.error.code).toBe(-32601);
      const wrongType = await rpc(echo.id, { jsonrpc: '2.0', id: 3, method: 'SendMessage', params: { message: 'not an object' } });
      expect([-32602, -32600]).toContain(wrongType.body.error.code);
      const missing = await rpc(echo.id, { jsonrpc: '2.0', id: 4, method: 'GetTask', params: { id: randomUUID() } });
      expect(missing.body.error.code).toBe(-32001);

      const client = await sdkClient(echo.id);
      const done = Task.toJSON((await send(client, userMessage('finish me'))) as Task) as Json;
      const again = await rpc(echo.id, {
        jsonrpc: '2.0',
        id: 5,
        method: 'SendMessage',
        params: { message: { messageId: randomUUID(), role: 'ROLE_USER', taskId: done.id, parts: [{ text: 'more' }] } },
      });
      expect(again.body.error).toBeDefined();
      const cancel = await rpc(echo.id, { jsonrpc: '2.0', id: 6, method: 'CancelTask', params: { id: done.id } });
      expect(cancel.body.error.code).toBe(-32002);
      const intact = Task.toJSON(await client.getTask({ id: done.id, tenant: '' } as never)) as Json;
      expect(intact.status.state).toBe('TASK_STATE_COMPLETED');
      expect(intact.artifacts[0].parts[0].text).toBe('finish me');
    });

    it('a push-notification URL on a private address is refused with the spec error', async () => {
      const client = await sdkClient(echo.id);
      const task = Task.toJSON((await send(client, userMessage('push me'))) as Task) as Json;
      const res = await rpc(echo.id, {
        jsonrpc: '2.0',
        id: 8,
        method: 'CreateTaskPushNotificationConfig',
        params: { taskId: task.id, id: 'hook', url: 'http://169.254.169.254/latest/meta-data', token: 't' },
      });
      expect(res.body.error.code).toBe(-32003);
      expect(res.body.error.message).toMatch(/private|reserved/);
      const list = await rpc(echo.id, { jsonrpc: '2.0', id: 9, method: 'ListTaskPushNotificationConfigs', params: { taskId: task.id } });
      expect(list.body.result.configs ?? []).toHaveLength(0);
    });

    it('a card URL that answers garbage, or never answers, is refused and nothing is registered', async () => {
      const garbage = createServer((_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end('{"hello":'));
      const silent = createServer(() => undefined);
      await Promise.all([garbage, silent].map((s) => new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve))));
      const port = (s: Server) => (s.address() as AddressInfo).port;
      try {
        const bad = await api('POST', '/api/agents', { name: 'garbage-remote', cardUrl: `http://127.0.0.1:${port(garbage)}` });
        expect(bad.status).toBe(422);
        expect(bad.body.code).toBe('REMOTE_CARD_INVALID');
        const started = Date.now();
        const hung = await api('POST', '/api/agents', { name: 'silent-remote', cardUrl: `http://127.0.0.1:${port(silent)}/card.json` });
        expect(hung.status).toBeGreaterThanOrEqual(422);
        expect(Date.now() - started).toBeLessThan(60_000);
        expect((await api('GET', '/api/agents?q=remote')).body.total).toBe(0);
      } finally {
        garbage.close();
        silent.closeAllConnections();
        silent.close();
      }
    }, 90_000);
  });

  describe('remote agents: our client against the SDK’s own server', () => {
    it('registers by card URL, takes its skills, and is used like a local agent', async () => {
      const created = await api('POST', '/api/agents', { name: 'shouter', cardUrl: peer.url });
      expect(created.status).toBe(201);
      expect(created.body.brain).toBe('remote');
      expect(created.body.skills[0].id).toBe('shout');
      const run = await api('POST', `/api/agents/${created.body.id}/execute`, { input: 'quiet please' });
      expect(run.status).toBe(200);
      expect(run.body.state).toBe('completed');
      expect(run.body.output).toBe('QUIET PLEASE');
      // And through our own A2A endpoint, with the SDK client: we front the remote agent.
      const client = await sdkClient(created.body.id);
      const task = Task.toJSON((await send(client, userMessage('via a2a'))) as Task) as Json;
      expect(task.artifacts[0].parts[0].text).toBe('VIA A2A');
      const found = await api('POST', '/a2a/discover', { query: 'repeat my text in uppercase' });
      expect(found.body.matches[0].name).toBe('shouter');
    });

    it('refuses private card URLs unless allowed', async () => {
      const strict = await startPlatform(tmpDataDir('agents-strict-'));
      try {
        const res = await fetch(`${strict.base}/api/agents`, {
          method: 'POST',
          headers: { authorization: `Bearer ${strict.token}`, 'content-type': 'application/json' },
          body: JSON.stringify({ name: 'inside', cardUrl: peer.url }),
        });
        expect(res.status).toBe(422);
        expect(((await res.json()) as Json).code).toBe('URL_NOT_ALLOWED');
      } finally {
        await strict.app.close();
      }
    });
  });

  describe('LLM agents through a provider speaking the OpenAI wire protocol', () => {
    it('without a provider the run fails with a clear error naming the setting', async () => {
      const agent = (await api('POST', '/api/agents', { name: 'no-model', model: { provider: 'openai', modelId: 'gpt-4o-mini' } })).body;
      const res = await api('POST', `/api/agents/${agent.id}/execute`, { input: 'hi' });
      expect(res.status).toBe(503);
      expect(res.body.code).toBe('MODEL_NOT_CONFIGURED');
      expect(res.body.detail).toMatch(/OPENAI_API_KEY/);
    });

    it('runs the model loop with a real tool call (SQL over the bus) and records the steps', async () => {
      const { default: Database } = await import('better-sqlite3');
      const db = new Database(`${dataDir}/shop.sqlite`);
      db.exec("CREATE TABLE items (id INTEGER PRIMARY KEY, name TEXT); INSERT INTO items (name) VALUES ('a'), ('b'), ('c');");
      db.close();
      const connection = await api('POST', '/api/sql/connections', { name: 'shop', dialect: 'sqlite', filePath: 'shop.sqlite' });
      expect(connection.status).toBe(201);
      const provider = await api('POST', '/api/model-providers', {
        name: 'local',
        kind: 'openai-compatible',
        baseUrl: model.url,
        apiKey: 'sk-test',
        inputCostPerMTok: 1,
        outputCostPerMTok: 2,
      });
      expect(provider.status).toBe(201);
      expect(provider.body.hasApiKey).toBe(true);
      expect(JSON.stringify(provider.body)).not.toContain('sk-test');
      const agent = (
        await api('POST', '/api/agents', {
          name: 'shop-analyst',
          instructions: 'Answer questions about the shop database.',
          model: { provider: 'local', modelId: 'test-model' },
          sqlConnections: [connection.body.id],
        })
      ).body;
      const toolName = `sql_${connection.body.id.slice(0, 8)}`;
      model.respond({ toolCalls: [{ name: toolName, arguments: { sql: 'SELECT COUNT(*) AS n FROM items' } }] }, (request) => {
        const toolMessage = request.messages.find((m) => m.role === 'tool');
        const rows = JSON.parse(String(toolMessage?.content ?? '{}'));
        return { text: `There are ${JSON.stringify(rows.rows ?? rows)} items.` };
      });
      const run = await api('POST', `/api/agents/${agent.id}/execute`, { input: 'How many items are there?' });
      expect(run.status).toBe(200);
      expect(run.body.state).toBe('completed');
      expect(run.body.output).toBe('There are [[3]] items.');
      const lastTwo = model.requests.slice(-2);
      expect(lastTwo[0]!.tools?.map((t) => t.function.name)).toEqual([toolName]);
      expect(lastTwo[0]!.messages[0]).toEqual({ role: 'system', content: 'Answer questions about the shop database.' });

      const executions = await api('GET', `/api/agents/${agent.id}/executions`);
      const [record] = executions.body as unknown as Json[];
      expect(record.status).toBe('completed');
      expect(record.steps.map((s: Json) => s.kind)).toEqual(['model', 'tool', 'model']);
      expect(record.inputTokens).toBe(22);
      expect(record.outputTokens).toBe(14);
      expect(record.costUsd).toBeCloseTo((22 * 1 + 14 * 2) / 1e6, 10);
    });

    it('streams model tokens to A2A clients and to WebSocket subscribers', async () => {
      const agent = (await api('POST', '/api/agents', { name: 'poet', model: { provider: 'local', modelId: 'test-model' } })).body;
      const ws = new WebSocket(`${base.replace('http', 'ws')}/a2a/message/stream?agentId=${agent.id}&token=${token}`);
      const received: Json[] = [];
      ws.on('message', (data) => received.push(JSON.parse(String(data))));
      await new Promise((resolve, reject) => (ws.once('open', resolve), ws.once('error', reject)));
      model.respond({ text: 'roses are red violets are blue' });
      const client = await sdkClient(agent.id);
      const chunks: string[] = [];
      for await (const event of client.sendMessageStream({ message: userMessage('a poem'), tenant: '' } as never)) {
        const payload = (event as Json).payload;
        if (payload.$case === 'artifactUpdate') chunks.push(...payload.value.artifact.parts.map((p: Json) => p.content?.value ?? ''));
      }
      expect(chunks.filter(Boolean).length).toBeGreaterThan(3);
      expect(chunks.join('')).toBe('roses are red violets are blue');
      await new Promise((resolve) => setTimeout(resolve, 100));
      ws.close();
      expect(received[0]).toMatchObject({ ok: true, agents: [agent.id] });
      expect(
        received
          .filter((e) => e.kind === 'text')
          .map((e) => e.text)
          .join(''),
      ).toBe('roses are red violets are blue');
      expect(received.at(-1)).toMatchObject({ kind: 'status', state: 'completed' });
      const anonymous = new WebSocket(`${base.replace('http', 'ws')}/a2a/message/stream?agentId=${agent.id}`);
      const status = await new Promise<number>((resolve) => {
        anonymous.once('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
        anonymous.once('open', () => resolve(101));
        anonymous.once('error', () => resolve(-1));
      });
      expect(status).toBe(401);
    });
  });

  describe('framework adapters: one brain interface', () => {
    it('a LangChain.js runnable as the brain: streams through A2A and keeps the conversation by contextId', async () => {
      const agent = (
        await api('POST', '/api/agents', {
          name: 'chain',
          brain: 'langchain',
          instructions: 'Be brief.',
          model: { provider: 'local', modelId: 'lc-model' },
        })
      ).body;
      model.respond({ text: 'first answer' }, (request) => ({ text: `I saw ${request.messages.length} messages` }));
      const first = await api('POST', `/api/agents/${agent.id}/execute`, { input: 'hello' });
      expect(first.body).toMatchObject({ state: 'completed', output: 'first answer' });
      const lcRequest = model.requests.at(-1)!;
      expect(lcRequest.model).toBe('lc-model');
      expect(lcRequest.stream).toBe(true);
      expect(lcRequest.messages[0]).toMatchObject({ role: 'system', content: 'Be brief.' });
      const second = await api('POST', `/api/agents/${agent.id}/execute`, { input: 'again', contextId: first.body.contextId });
      // system + (hello, first answer) from the earlier task of the same context + the new message
      expect(second.body.output).toBe('I saw 4 messages');
    });
  });

  describe('platform A2A endpoints', () => {
    it('lists cards, sends by capability, collaborates and serves the platform card', async () => {
      const cards = await api('GET', '/a2a/cards');
      expect(cards.body.cards.map((c: Json) => c.name)).toEqual(expect.arrayContaining(['echo-agent', 'shouter']));
      const byCapability = await api('POST', '/a2a/message', { capability: 'echo', text: 'find the echo' });
      expect(byCapability.body).toMatchObject({ agentId: echo.id, state: 'completed', output: 'find the echo' });
      const none = await api('POST', '/a2a/message', { capability: 'quantum-teleportation', text: 'x' });
      expect(none.status).toBe(404);
      const shouter = (await api('GET', '/api/agents?q=shouter')).body.items[0];
      const together = await api('POST', `/api/agents/${echo.id}/collaborate`, {
        task: 'hello team',
        agentIds: [echo.id, shouter.id],
        strategy: 'sequential',
      });
      expect(together.status).toBe(200);
      expect(together.body.contributions.map((c: Json) => c.output)).toEqual(['hello team', expect.stringContaining('HELLO TEAM')]);
      expect(together.body.state).toBe('completed');
      const platform = (await (await fetch(`${base}/.well-known/agent-card.json`)).json()) as Json;
      expect(platform.name).toBe('Agentic AI Acceleration');
      expect(platform.skills.map((s: Json) => s.id)).toEqual(expect.arrayContaining(['execute-agent', 'discover-agents']));
    });
  });

  describe('persistence and push notifications', () => {
    it('tasks survive a restart; push notifications are delivered signed to the registered webhook', async () => {
      const deliveries: Array<{ headers: Json; body: string }> = [];
      const hook = createServer((req, res) => {
        let body = '';
        req.on('data', (c) => (body += c));
        req.on('end', () => (deliveries.push({ headers: req.headers, body }), res.end('ok')));
      });
      await new Promise<void>((resolve) => hook.listen(0, '127.0.0.1', resolve));
      const hookUrl = `http://127.0.0.1:${(hook.address() as AddressInfo).port}/hook`;
      const dir = tmpDataDir('agents-restart-');
      let platform = await startPlatform(dir, { A2A_PUSH_ALLOW_PRIVATE: 'true' });
      try {
        const headers = { authorization: `Bearer ${platform.token}`, 'content-type': 'application/json', 'a2a-version': '1.0' };
        const agent = (await (
          await fetch(`${platform.base}/api/agents`, { method: 'POST', headers, body: JSON.stringify({ name: 'durable', brain: 'echo' }) })
        ).json()) as Json;
        const sent = (await (
          await fetch(`${platform.base}/a2a/agents/${agent.id}`, {
            method: 'POST',
            headers,
            body: JSON.stringify({
              jsonrpc: '2.0',
              id: 1,
              method: 'SendMessage',
              params: {
                message: { messageId: randomUUID(), role: 'ROLE_USER', parts: [{ text: 'remember me' }] },
                configuration: { taskPushNotificationConfig: { url: hookUrl, token: 'hook-secret' } },
              },
            }),
          })
        ).json()) as Json;
        const taskId = sent.result.task.id;
        for (let i = 0; i < 50 && !deliveries.some((d) => d.body.includes('TASK_STATE_COMPLETED')); i++)
          await new Promise((r) => setTimeout(r, 100));
        const final = deliveries.find((d) => d.body.includes('TASK_STATE_COMPLETED'))!;
        expect(final).toBeDefined();
        expect(final.body).toContain(taskId);
        expect(final.headers['x-a2a-notification-token']).toBe('hook-secret');
        expect(final.headers['x-a2a-signature']).toBe(`sha256=${createHmac('sha256', 'hook-secret').update(final.body).digest('hex')}`);

        await platform.app.close();
        platform = await startPlatform(dir, { A2A_PUSH_ALLOW_PRIVATE: 'true' });
        const again = (await (
          await fetch(`${platform.base}/a2a/agents/${agent.id}`, {
            method: 'POST',
            headers: { ...headers, authorization: `Bearer ${platform.token}` },
            body: JSON.stringify({ jsonrpc: '2.0', id: 2, method: 'GetTask', params: { id: taskId } }),
          })
        ).json()) as Json;
        expect(again.result.status.state).toBe('TASK_STATE_COMPLETED');
        expect(again.result.artifacts[0].parts[0].text).toBe('remember me');
      } finally {
        await platform.app.close();
        hook.close();
        rmSync(dir, { recursive: true, force: true });
      }
    });
  });
});
