import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Message, Task } from '@a2a-js/sdk';
import { ClientFactory, ClientFactoryOptions, JsonRpcTransportFactory, RestTransportFactory } from '@a2a-js/sdk/client';
import { GrpcTransportFactory } from '@a2a-js/sdk/client/grpc';
import { LegacyJsonRpcTransport } from '@a2a-js/sdk/compat/v0_3/client';
import { A2AService } from '@a2a-js/sdk/server/grpc';
import { Metadata, credentials, makeGenericClientConstructor, status as grpcStatus } from '@grpc/grpc-js';
import Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { loadEnv } from '@libs/config';
import { createApp } from 'src/app.factory';
import { loginOverHttp, TEST_ADMIN } from 'test/utils/auth';
import { startChroma, type TestChroma } from 'test/fixtures/chroma-server';
import { freePort, tmpDataDir } from 'test/utils/services';

jest.setTimeout(60_000);

type Json = Record<string, any>;
type Transport = 'JSONRPC' | 'HTTP+JSON' | 'GRPC';

describe('module agents: each module role is an A2A agent any A2A client can use', () => {
  let app: NestFastifyApplication;
  let base: string;
  let token: string;
  const dataDir = tmpDataDir('module-agents-');
  const ids: Record<string, string> = {};
  let grpcPort: number;
  let chroma: TestChroma;

  const api = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${base}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, body: (text ? JSON.parse(text) : undefined) as Json };
  };
  const client = (agentId: string, transport: Transport) => {
    const authedFetch: typeof fetch = (input, init) => {
      const headers = new Headers(init?.headers);
      headers.set('authorization', `Bearer ${token}`);
      return fetch(input, { ...init, headers });
    };
    return new ClientFactory(
      ClientFactoryOptions.createFrom(ClientFactoryOptions.default, {
        transports: [
          new JsonRpcTransportFactory({ fetchImpl: authedFetch }),
          new RestTransportFactory({ fetchImpl: authedFetch }),
          new GrpcTransportFactory({ grpcChannelCredentials: credentials.createInsecure() }),
        ],
        preferredTransports: [transport],
      }),
    ).createFromUrl(`${base}/a2a/agents/${agentId}/`);
  };
  const ask = async (agent: string, text: string, transport: Transport = 'JSONRPC', metadata?: Json) => {
    const c = await client(ids[agent], transport);
    const message = Message.fromJSON({ messageId: randomUUID(), role: 'ROLE_USER', parts: [{ text }], metadata });
    // gRPC carries credentials as metadata and names the agent in `tenant`, as its card's GRPC interface says.
    const grpc = transport === 'GRPC';
    const result = (await c.sendMessage(
      { message, configuration: undefined, metadata: undefined, tenant: grpc ? ids[agent] : '' } as never,
      grpc ? { serviceParameters: { authorization: `Bearer ${token}` } } : undefined,
    )) as Json;
    const task = Task.toJSON(result.payload?.value ?? result) as Json;
    const answer = (task.artifacts ?? []).flatMap((a: Json) => a.parts.map((p: Json) => p.text ?? '')).join('');
    return { state: task.status.state as string, answer, status: task.status };
  };

  beforeAll(async () => {
    const shop = new Database(join(dataDir, 'shop.sqlite'));
    shop.exec("CREATE TABLE items (id INTEGER PRIMARY KEY, name TEXT); INSERT INTO items (name) VALUES ('a'), ('b'), ('c');");
    shop.close();
    grpcPort = await freePort();
    chroma = await startChroma();
    ({ app } = await createApp(
      loadEnv({
        DATA_DIR: dataDir,
        A2A_GRPC_PORT: String(grpcPort),
        SQL_SQLITE_DIR: dataDir,
        CHROMA_URL: chroma.url,
        RATE_LIMIT_EXPENSIVE_PER_MINUTE: '10000',
        ...TEST_ADMIN,
      }),
      { logger: false },
    ));
    await app.listen({ port: 0, host: '127.0.0.1' });
    base = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
    token = await loginOverHttp(base);
    const cards = (await api('GET', '/a2a/cards')).body.cards as Json[];
    const agents = (await api('GET', '/api/agents?limit=100')).body.items as Json[];
    for (const agent of agents) ids[agent.name] = agent.id;
    expect(cards.length).toBeGreaterThanOrEqual(6);
    expect((await api('POST', '/api/sql/connections', { name: 'shop', dialect: 'sqlite', filePath: 'shop.sqlite' })).status).toBe(201);
  });

  afterAll(async () => {
    await app?.close();
    await chroma?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('lists the module agents on a fresh platform, tagged as such, and discovery finds them', async () => {
    const cards = (await api('GET', '/a2a/cards')).body.cards as Json[];
    const modules = cards.filter((c) => c.skills.some((s: Json) => s.tags.includes('module-agent'))).map((c) => c.name);
    expect(modules.sort()).toEqual(['database-agent', 'knowledge-agent', 'monitor-agent', 'tools-agent', 'workflow-coordinator']);
    const found = await api('POST', '/a2a/discover', { query: 'run read-only sql on a database', limit: 3 });
    expect(found.body.matches[0].name).toBe('database-agent');
  });

  it('database agent: SQL in, rows out, over JSON-RPC, HTTP+JSON and gRPC', async () => {
    for (const transport of ['JSONRPC', 'HTTP+JSON', 'GRPC'] as const) {
      const { state, answer } = await ask('database-agent', 'SELECT COUNT(*) AS n FROM items', transport);
      expect(state).toBe('TASK_STATE_COMPLETED');
      expect(JSON.parse(answer)).toEqual({ columns: ['n'], rows: [[3]], truncated: false });
    }
  });

  it('a 0.3 client reaches a module agent through the compatibility layer', async () => {
    const authedFetch: typeof fetch = (input, init) =>
      fetch(input, { ...init, headers: { ...(init?.headers as Record<string, string>), authorization: `Bearer ${token}` } });
    const legacy = new LegacyJsonRpcTransport({ endpoint: `${base}/a2a/agents/${ids['database-agent']}`, fetchImpl: authedFetch });
    const message = Message.fromJSON({ messageId: randomUUID(), role: 'ROLE_USER', parts: [{ text: 'SELECT COUNT(*) AS n FROM items' }] });
    const task = Task.toJSON((await legacy.sendMessage({ message, tenant: '' } as never)) as Task) as Json;
    expect(task.status.state).toBe('TASK_STATE_COMPLETED');
    expect(JSON.parse(task.artifacts[0].parts[0].text).rows).toEqual([[3]]);
  });

  it('tools agent: a tool call by message; a message it cannot read fails with the format it wants', async () => {
    const ok = await ask('tools-agent', JSON.stringify({ tool: 'javascript', arguments: { code: 'return 6 * 7' } }));
    expect(ok.state).toBe('TASK_STATE_COMPLETED');
    expect(JSON.parse(ok.answer).result).toBe(42);
    const bad = await ask('tools-agent', 'please run something');
    expect(bad.state).toBe('TASK_STATE_FAILED');
    expect(JSON.stringify(bad.status)).toMatch(/Send JSON.*tool.*arguments/);
  });

  it('workflow coordinator: runs a workflow by name and answers with its output', async () => {
    const wf = await api('POST', '/api/workflows', {
      name: 'double',
      definition: { steps: [{ id: 'twice', kind: 'transform', expression: 'input.n * 2' }] },
    });
    expect(wf.status).toBe(201);
    const { state, answer } = await ask('workflow-coordinator', JSON.stringify({ workflow: 'double', input: { n: 21 } }));
    expect(state).toBe('TASK_STATE_COMPLETED');
    expect(JSON.parse(answer)).toMatchObject({ status: 'succeeded', output: { twice: 42 } });
  });

  it('monitor agent: the health of every module; knowledge agent: asks which collection when there is none', async () => {
    const health = await ask('monitor-agent', 'how is the platform?');
    expect(health.answer).toMatch(/sqltool: up/);
    expect(health.answer.split('\n\n')[0].split('\n')).toHaveLength(8);
    expect(health.answer).toMatch(/Last hour:\nrequests: \d+, errors [\d.]+%/);
    expect(health.answer).toMatch(/firing alerts: none/);
    const knowledge = await ask('knowledge-agent', 'what is our refund policy?');
    expect(knowledge.state).toBe('TASK_STATE_FAILED');
    expect(JSON.stringify(knowledge.status)).toMatch(/collection/);
  });

  it('knowledge agent: one skill per collection; a skill picks its collection; answers cite documents; unknown skills fail', async () => {
    for (const [name, file, text] of [
      ['handbook', 'leave.txt', 'Employees get thirty days of paid leave per year. Leave requests go to the team lead.'],
      ['recipes', 'bread.txt', 'Sourdough bread needs flour, water, salt and a starter; bake it at 230 degrees for forty minutes.'],
    ]) {
      expect((await api('POST', '/api/collections', { name, description: `The ${name}` })).status).toBe(201);
      const form = new FormData();
      form.set('collection', name);
      form.set('file', new Blob([text], { type: 'text/plain' }), file);
      const res = await fetch(`${base}/api/documents?wait=true`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}` },
        body: form,
      });
      expect(((await res.json()) as Json).status).toBe('indexed');
    }
    const skillIds = async () =>
      ((await api('GET', `/a2a/agents/${ids['knowledge-agent']}/.well-known/agent-card.json`)).body.skills as Json[]).map((s) => s.id);
    for (let i = 0; i < 50 && (await skillIds()).length < 3; i++) await new Promise((r) => setTimeout(r, 100));
    expect(await skillIds()).toEqual(['ask-knowledge', 'kb.handbook', 'kb.recipes']);

    const bread = await ask('knowledge-agent', 'how long do I bake sourdough?', 'HTTP+JSON', { skillId: 'kb.recipes' });
    expect(bread.state).toBe('TASK_STATE_COMPLETED');
    expect(bread.answer).toMatch(/forty minutes/);
    expect(bread.answer).toMatch(/Sources:\n\[1\] bread\.txt/);
    expect(bread.answer).not.toMatch(/leave\.txt/);
    const both = await ask('knowledge-agent', 'how many days of paid leave?', 'GRPC');
    expect(both.answer).toMatch(/leave\.txt \(handbook\)/);
    const unknown = await ask('knowledge-agent', 'anything', 'JSONRPC', { skillId: 'kb.nope' });
    expect(unknown.state).toBe('TASK_STATE_FAILED');
    expect(JSON.stringify(unknown.status)).toMatch(/Unknown skill kb\.nope; this agent has: ask-knowledge, kb\.handbook, kb\.recipes/);

    expect((await api('DELETE', '/api/collections/recipes')).status).toBe(204);
    for (let i = 0; i < 50 && (await skillIds()).length > 2; i++) await new Promise((r) => setTimeout(r, 100));
    expect(await skillIds()).toEqual(['ask-knowledge', 'kb.handbook']);
  });

  it('gRPC: every module agent answers over it; no credentials, wrong credentials and an unknown agent are refused', async () => {
    const sql = await ask('database-agent', 'SELECT name FROM items ORDER BY id LIMIT 1', 'GRPC');
    expect(JSON.parse(sql.answer).rows).toEqual([['a']]);
    const tool = await ask('tools-agent', JSON.stringify({ tool: 'javascript', arguments: { code: 'return 1 + 1' } }), 'GRPC');
    expect(JSON.parse(tool.answer).result).toBe(2);
    const health = await ask('monitor-agent', 'status', 'GRPC');
    expect(health.answer).toMatch(/tools: up/);

    // Streaming over gRPC: the task, then its updates, ending completed.
    const streaming = await client(ids['tools-agent'], 'GRPC');
    const message = Message.fromJSON({
      messageId: randomUUID(),
      role: 'ROLE_USER',
      parts: [{ text: JSON.stringify({ tool: 'javascript', arguments: { code: 'return 3' } }) }],
    });
    const kinds: string[] = [];
    let finalState = '';
    for await (const event of streaming.sendMessageStream({ message, tenant: ids['tools-agent'] } as never, {
      serviceParameters: { authorization: `Bearer ${token}` },
    })) {
      const payload = (event as Json).payload;
      kinds.push(payload.$case);
      if (payload.$case === 'statusUpdate') finalState = String(payload.value.status.state);
      if (payload.$case === 'task') finalState = String(payload.value.status.state);
    }
    expect(kinds[0]).toBe('task');
    expect(finalState).toBe('3'); // TASK_STATE_COMPLETED

    const card = (await api('GET', `/a2a/agents/${ids['tools-agent']}/.well-known/agent-card.json`)).body;
    expect(card.supportedInterfaces).toContainEqual({
      url: `127.0.0.1:${grpcPort}`,
      protocolBinding: 'GRPC',
      protocolVersion: '1.0',
      tenant: ids['tools-agent'],
    });

    // The raw gRPC client, as any other language's client would call it.
    const A2AServiceClient = makeGenericClientConstructor(A2AService, 'A2AService');
    const raw = new A2AServiceClient(`127.0.0.1:${grpcPort}`, credentials.createInsecure()) as any;
    const call = (tenant: string, metadata: Metadata) =>
      new Promise<{ code: number; details: string }>((resolve) =>
        raw.getTask({ tenant, id: randomUUID(), historyLength: undefined }, metadata, (error: any) =>
          resolve({ code: error?.code ?? 0, details: error?.details ?? '' }),
        ),
      );
    const bearer = (value: string) => {
      const metadata = new Metadata();
      metadata.set('authorization', `Bearer ${value}`);
      return metadata;
    };
    const anonymous = await call(ids['database-agent'], new Metadata());
    expect(anonymous.code).toBe(grpcStatus.UNAUTHENTICATED);
    expect((await call(ids['database-agent'], bearer('not-a-token'))).code).toBe(grpcStatus.UNAUTHENTICATED);
    expect((await call(randomUUID(), bearer(token))).code).toBe(grpcStatus.NOT_FOUND);
    // A viewer's API key (in x-api-key, as on HTTP) may read cards but not run agents.
    const viewerKey = (await api('POST', '/api/keys', { name: 'grpc-viewer', role: 'viewer' })).body.key as string;
    const viewer = new Metadata();
    viewer.set('x-api-key', viewerKey);
    const denied = await call(ids['database-agent'], viewer);
    expect(denied.code).toBe(grpcStatus.PERMISSION_DENIED);
    expect(denied.details).toMatch(/agents:execute/);
    const future = bearer(token);
    future.set('a2a-version', '9.9');
    expect((await call(ids['database-agent'], future)).code).toBe(grpcStatus.UNIMPLEMENTED);
    const missingTask = await call(ids['database-agent'], bearer(token));
    expect(missingTask.code).toBe(grpcStatus.NOT_FOUND);
    expect(missingTask.details).toMatch(/task/i);
    raw.close();
  });
});
