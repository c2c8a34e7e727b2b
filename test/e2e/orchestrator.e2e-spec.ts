import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Message, Task } from '@a2a-js/sdk';
import { ClientFactory, ClientFactoryOptions, JsonRpcTransportFactory, RestTransportFactory } from '@a2a-js/sdk/client';
import type { AgentExecutor } from '@a2a-js/sdk/server';
import { randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { loadEnv } from '@libs/config';
import { createApp } from 'src/app.factory';
import { FakeOpenAi } from 'test/fixtures/fake-openai';
import { startSdkPeer, transformingExecutor } from 'test/fixtures/sdk-a2a-peer';
import { loginOverHttp, TEST_ADMIN } from 'test/utils/auth';
import { eventually } from 'test/utils/eventually';
import { tmpDataDir } from 'test/utils/services';

jest.setTimeout(120_000);

type Json = Record<string, any>;

/** An SDK-served executor that records every message id it receives and can be held until released. */
function countingExecutor(transform: (text: string) => string) {
  const received: string[] = [];
  let open: () => void = () => undefined;
  let gate: Promise<void> = Promise.resolve();
  const inner = transformingExecutor(transform);
  const executor: AgentExecutor = {
    async execute(context, bus) {
      received.push(context.userMessage.messageId);
      await gate;
      return inner.execute(context, bus);
    },
    cancelTask: inner.cancelTask.bind(inner),
  };
  return {
    executor,
    received,
    hold: () => {
      gate = new Promise((resolve) => (open = resolve));
    },
    release: () => open(),
  };
}

describe('orchestrator: sessions, planner, router, re-planning, broadcast, coordination, network', () => {
  let app: NestFastifyApplication;
  let base: string;
  let token: string;
  const dataDir = tmpDataDir('orch-');
  const model = new FakeOpenAi();
  const shout = countingExecutor((t) => t.toUpperCase());
  const peerA = countingExecutor((t) => `A:${t.length}`);
  const peerB = countingExecutor((t) => `B:${t.length}`);
  const peers: Array<Awaited<ReturnType<typeof startSdkPeer>>> = [];
  const ids: Json = {};

  const api = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${base}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, body: (text ? JSON.parse(text) : undefined) as Json };
  };
  const agent = async (body: Json) => {
    const res = await api('POST', '/api/agents', body);
    expect(res.status).toBe(201);
    return res.body.id as string;
  };
  const until = async (id: string, statuses: string[], timeoutMs = 30_000) => {
    const started = Date.now();
    for (;;) {
      const session = (await api('GET', `/api/orchestrate/${id}`)).body;
      if (statuses.includes(session.status)) return session;
      if (Date.now() - started > timeoutMs) throw new Error(`session ${id} stayed ${session.status}: ${JSON.stringify(session)}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  };

  beforeAll(async () => {
    await model.start();
    for (const [name, peer] of [
      ['shouter', shout],
      ['peer-a', peerA],
      ['peer-b', peerB],
    ] as const)
      peers.push(await startSdkPeer({ name, executor: peer.executor }));
    const env = loadEnv({
      DATA_DIR: dataDir,
      CHROMA_AUTOSTART: 'false',
      A2A_REMOTE_ALLOW_PRIVATE: 'true',
      RATE_LIMIT_EXPENSIVE_PER_MINUTE: '100000',
      WORKFLOW_LEASE_MS: '2000',
      ...TEST_ADMIN,
    });
    ({ app } = await createApp(env, { logger: false }));
    await app.listen({ port: 0, host: '127.0.0.1' });
    base = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
    token = await loginOverHttp(base);
    expect(
      (await api('POST', '/api/model-providers', { name: 'local', kind: 'openai-compatible', baseUrl: model.url, apiKey: 'sk-test' }))
        .status,
    ).toBe(201);
    expect(
      (await api('POST', '/api/model-providers', { name: 'badkey', kind: 'openai-compatible', baseUrl: model.url, apiKey: 'sk-wrong' }))
        .status,
    ).toBe(201);
    const skill = (tag: string) => [{ id: tag, name: tag, description: `Does ${tag} work`, tags: [tag] }];
    ids.summarizer = await agent({ name: 'summarizer', brain: 'echo', description: 'Summarises text', skills: skill('summarize') });
    ids.fragileA = await agent({ name: 'fragile-a', model: { provider: 'badkey', modelId: 'm' }, skills: skill('fragile') });
    ids.fragileB = await agent({ name: 'fragile-b', brain: 'echo', skills: skill('fragile') });
    ids.shouter = await agent({ name: 'shouter', cardUrl: `${peers[0].url}/` });
    ids.peerA = await agent({ name: 'peer-a', cardUrl: `${peers[1].url}/` });
    ids.peerB = await agent({ name: 'peer-b', cardUrl: `${peers[2].url}/` });
  });

  afterAll(async () => {
    peerA.release();
    peerB.release();
    await app?.close();
    for (const peer of peers) await peer.stop();
    await model.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  describe('bad input', () => {
    it('refuses an empty or huge goal and a zero budget before planning', async () => {
      expect((await api('POST', '/api/orchestrate', { goal: '' })).status).toBe(400);
      expect((await api('POST', '/api/orchestrate', { goal: 'x'.repeat(20_001) })).status).toBe(400);
      expect((await api('POST', '/api/orchestrate', { goal: 'hi', budget: { maxSteps: 0 } })).status).toBe(400);
    });

    it('refuses unknown agents and capabilities nobody has, naming the session it recorded', async () => {
      const unknown = await api('POST', '/api/orchestrate', { goal: 'hi', agentIds: ['00000000-0000-4000-8000-000000000000'] });
      expect({ status: unknown.status, code: unknown.body.code }).toEqual({ status: 422, code: 'NO_AGENT' });
      const nobody = await api('POST', '/api/orchestrate', { goal: 'hi', capabilities: ['juggling'] });
      expect(nobody.body.code).toBe('NO_AGENT');
      const recorded = (await api('GET', `/api/orchestrate/${nobody.body.details.sessionId}`)).body;
      expect(recorded).toMatchObject({ status: 'failed', error: { code: 'NO_AGENT' } });
    });

    it('asks the model again when its plan is invalid, then fails clearly', async () => {
      model.respond(
        { text: 'I think we should start by...' },
        { text: '{"tasks":[{"id":"a","title":"x","instructions":"y","dependsOn":["a"]}]}' },
      );
      const res = await api('POST', '/api/orchestrate', { goal: 'plan this', model: { provider: 'local', modelId: 'planner' } });
      expect({ status: res.status, code: res.body.code }).toEqual({ status: 422, code: 'PLAN_INVALID' });
      expect(res.body.details.rejected).toHaveLength(2);
      expect(res.body.detail).toMatch(/needs itself|cycle/);
    });
  });

  it('plans deterministically, runs over A2A (an SDK-served peer included), and hands each task the answers it needs', async () => {
    const res = await api('POST', '/api/orchestrate', {
      goal: 'announce the release',
      capabilities: ['uppercase', 'summarize'],
      agentIds: [ids.shouter, ids.summarizer],
      wait: true,
    });
    expect(res.status).toBe(201);
    const session = res.body;
    expect(session.status).toBe('succeeded');
    expect(session.plan.map((t: Json) => [t.id, t.agentId, t.state])).toEqual([
      ['t1', ids.shouter, 'succeeded'],
      ['t2', ids.summarizer, 'succeeded'],
    ]);
    expect(session.result.t1).toMatch(/^GOAL: ANNOUNCE THE RELEASE/);
    expect(session.result.t2).toContain(`Result of t1: ${session.result.t1}`);
    // The peer got exactly one message for its task: the step key's messageId, never a second dispatch.
    expect(shout.received).toHaveLength(1);
    const agents = (await api('GET', `/api/sessions/${session.id}/agents`)).body as Json[];
    expect(agents[0]).toMatchObject({ taskId: 't1', role: 'uppercase', agentName: 'shouter', state: 'succeeded' });
    expect(agents[0].score.chosen).toMatchObject({ agentId: ids.shouter, match: 1, health: 1 });
    expect(agents[0].reason).toMatch(/shouter/);
  });

  it('plans with a model (structured JSON), keeps the ledgers, and counts the tokens it spent', async () => {
    model.respond({
      text: JSON.stringify({
        facts: ['the release is 2.0'],
        guesses: ['the audience is users'],
        tasks: [
          { id: 'draft-note', title: 'Draft', instructions: 'Draft the note', capability: 'summarize' },
          { id: 'shout', title: 'Shout', instructions: 'Make it loud', capability: 'uppercase', dependsOn: ['draft-note'] },
        ],
      }),
    });
    const res = await api('POST', '/api/orchestrate', {
      goal: 'write the 2.0 release note',
      model: { provider: 'local', modelId: 'planner' },
      agentIds: [ids.summarizer, ids.shouter],
      wait: true,
    });
    const session = res.body;
    expect(session.status).toBe('succeeded');
    expect(session.ledger.facts).toEqual(['the release is 2.0']);
    expect(session.ledger.guesses).toEqual(['the audience is users']);
    expect(session.plan.map((t: Json) => t.id)).toEqual(['draft_note', 'shout']);
    expect(session.tokensUsed).toBeGreaterThan(0);
    expect(model.requests.at(-1)!.messages.at(-1)!.content).toMatch(/summarizer: summarize/);
  });

  it('re-plans a failed task onto the next best agent and keeps what succeeded', async () => {
    const res = await api('POST', '/api/orchestrate', {
      goal: 'do the fragile thing',
      capabilities: ['summarize', 'fragile'],
      agentIds: [ids.summarizer, ids.fragileA, ids.fragileB],
      wait: true,
    });
    const session = res.body;
    expect(session.status).toBe('succeeded');
    expect(session.replans).toBe(1);
    const agents = (await api('GET', `/api/sessions/${session.id}/agents`)).body as Json[];
    expect(agents.filter((a) => a.taskId === 't2').map((a) => [a.agentName, a.state])).toEqual([
      ['fragile-a', 'replaced'],
      ['fragile-b', 'succeeded'],
    ]);
    expect(session.ledger.progress.map((e: Json) => e.event)).toEqual(
      expect.arrayContaining(['task.reassigned', 'plan.revised', 'session.succeeded']),
    );
    // t1 ran once: the retry kept its answer.
    const events = await api('GET', `/api/workflows/runs/${session.runId}/events`);
    expect((events.body as Json[]).find((e) => e.stepPath === 't1')?.type).toBe('step.reused');
  });

  it('routes away from an agent holding many in-flight tasks, and the stored breakdown says why', async () => {
    peerA.hold();
    const busy: string[] = [];
    for (let i = 0; i < 3; i++)
      busy.push((await api('POST', '/api/orchestrate', { goal: `busy ${i}`, capabilities: ['uppercase'], agentIds: [ids.peerA] })).body.id);
    const res = await api('POST', '/api/orchestrate', {
      goal: 'new work',
      capabilities: ['uppercase'],
      agentIds: [ids.peerA, ids.peerB],
      wait: true,
    });
    const [chosen] = (await api('GET', `/api/sessions/${res.body.id}/agents`)).body as Json[];
    expect(chosen.agentId).toBe(ids.peerB);
    const other = chosen.score.alternatives.find((a: Json) => a.agentId === ids.peerA);
    expect(other.inFlight).toBe(3);
    expect(other.match).toBe(chosen.score.chosen.match);
    expect(other.total).toBeLessThan(chosen.score.chosen.total);
    peerA.release();
    for (const id of busy) expect((await until(id, ['succeeded'])).status).toBe('succeeded');
  });

  it('cancels a session and lets a person reassign or message a task, all in the ledger', async () => {
    peerA.hold();
    const started = (
      await api('POST', '/api/orchestrate', { goal: 'steer me', capabilities: ['uppercase'], agentIds: [ids.peerA, ids.peerB] })
    ).body;
    const task = started.plan[0];
    const target = task.agentId === ids.peerA ? ids.peerB : ids.peerA;
    const moved = await api('POST', '/api/coordinate', {
      sessionId: started.id,
      action: 'reassign',
      taskId: 't1',
      agentId: target,
      text: 'faster',
    });
    expect(moved.status).toBe(200);
    peerA.release();
    const done = await until(started.id, ['succeeded']);
    expect(done.plan[0].agentId).toBe(target);
    expect(
      done.ledger.progress.some((e: Json) => e.event === 'coordination.reassign' && e.detail.startsWith(`user:${TEST_ADMIN.ADMIN_EMAIL}`)),
    ).toBe(true);
    const message = await api('POST', '/api/coordinate', { sessionId: started.id, action: 'message', taskId: 't1', text: 'thanks' });
    expect(message.body.reply).toBeDefined();
    expect(
      (await api('POST', '/api/coordinate', { sessionId: started.id, action: 'reassign', taskId: 'nope', agentId: target })).status,
    ).toBe(404);
    peerA.hold();
    const other = (await api('POST', '/api/orchestrate', { goal: 'stop me', capabilities: ['uppercase'], agentIds: [ids.peerA] })).body;
    expect((await api('POST', `/api/orchestrate/${other.id}/cancel`)).body.status).toBe('canceled');
    expect((await api('POST', `/api/orchestrate/${other.id}/cancel`)).status).toBe(409);
    peerA.release();
  });

  it('lists sessions newest first, by status and by page, each with the trace it started in', async () => {
    const all = await api('GET', '/api/orchestrate?limit=200');
    expect(all.status).toBe(200);
    expect(all.body.total).toBe(all.body.items.length);
    const created = all.body.items.map((s: Json) => s.createdAt);
    expect(created).toEqual([...created].sort().reverse());
    const stopped = all.body.items.find((s: Json) => s.goal === 'stop me');
    expect(stopped).toMatchObject({ status: 'canceled', tasks: 1, agents: ['peer-a'], replans: 0 });
    expect(stopped.traceId).toMatch(/^[0-9a-f]{32}$/);
    expect((await api('GET', `/api/orchestrate/${stopped.id}`)).body.traceId).toBe(stopped.traceId);
    // The trace holds the request that started the session, which names the session and the run it launched.
    const trace = await eventually(
      () => api('GET', `/api/traces/${stopped.traceId}`),
      (r) => r.status === 200,
    );
    expect(trace.body.roots[0].name).toBe('POST /api/orchestrate');
    const bySession = await eventually(
      () => api('GET', `/api/traces?sessionId=${stopped.id}`),
      (r) => r.body.items?.length > 0,
    );
    expect(bySession.body.items.map((t: Json) => t.traceId)).toEqual([stopped.traceId]);
    const session = (await api('GET', `/api/orchestrate/${stopped.id}`)).body;
    const byRun = await api('GET', `/api/traces?runId=${session.runId}`);
    expect(byRun.body.items.map((t: Json) => t.traceId)).toContain(stopped.traceId);

    const canceled = await api('GET', '/api/orchestrate?status=canceled');
    expect(canceled.body.items.length).toBeGreaterThan(0);
    expect(canceled.body.items.every((s: Json) => s.status === 'canceled')).toBe(true);
    expect(canceled.body.total).toBe(all.body.items.filter((s: Json) => s.status === 'canceled').length);
    const page = await api('GET', '/api/orchestrate?limit=2&offset=2');
    expect(page.body.total).toBe(all.body.total);
    expect(page.body.items.map((s: Json) => s.createdAt)).toEqual(created.slice(2, 4));
    for (const bad of ['status=done', 'limit=0', 'limit=201', 'offset=-1', 'colour=red']) {
      const res = await api('GET', `/api/orchestrate?${bad}`);
      expect([bad, res.status, res.body.code]).toEqual([bad, 400, 'VALIDATION_FAILED']);
    }
  });

  describe('broadcast', () => {
    it('gathers answers until the quorum, respects the deadline with a slow agent, reports a failing one, and votes', async () => {
      peerB.hold();
      const started = Date.now();
      const res = await api('POST', '/a2a/broadcast', {
        message: 'Paris',
        agentIds: [ids.summarizer, ids.fragileB, ids.fragileA, ids.peerB],
        quorum: 2,
        deadlineMs: 3_000,
        resolution: 'majority',
      });
      expect(res.status).toBe(200);
      expect(Date.now() - started).toBeLessThan(3_000);
      expect(res.body.outcome).toBe('quorum-met');
      expect(res.body.resolution).toMatchObject({
        method: 'majority',
        answer: 'Paris',
        winners: expect.arrayContaining([ids.summarizer, ids.fragileB]),
      });
      const all = await api('POST', '/a2a/broadcast', {
        message: 'Paris',
        agentIds: [ids.summarizer, ids.fragileA, ids.peerB],
        deadlineMs: 1_500,
      });
      const byAgent = Object.fromEntries((all.body.answers as Json[]).map((a) => [a.agentId, a.status]));
      expect(byAgent).toEqual({ [ids.summarizer]: 'answered', [ids.fragileA]: 'failed', [ids.peerB]: 'timeout' });
      expect(all.body.outcome).toBe('deadline');
      peerB.release();
    });

    it('lets a model judge, with its reason kept, and refuses a broadcast to nobody or an impossible quorum', async () => {
      model.respond({ text: '{"choice": 1, "reason": "it is the capital"}' });
      const judged = await api('POST', '/a2a/broadcast', {
        message: 'capital of France?',
        agentIds: [ids.summarizer],
        resolution: 'judge',
        model: { provider: 'local', modelId: 'judge' },
      });
      expect(judged.body.resolution).toMatchObject({ method: 'judge', winners: [ids.summarizer], reason: 'it is the capital' });
      expect((await api('POST', '/a2a/broadcast', { message: 'x', capability: 'juggling' })).body.code).toBe('BROADCAST_EMPTY');
      expect((await api('POST', '/a2a/broadcast', { message: 'x', agentIds: [ids.summarizer], quorum: 2 })).body.code).toBe(
        'QUORUM_INVALID',
      );
      expect((await api('POST', '/a2a/broadcast', { message: 'x', agentIds: ['00000000-0000-4000-8000-000000000000'] })).body.code).toBe(
        'UNKNOWN_AGENT',
      );
    });
  });

  it('is one A2A agent: the official SDK client resolves the platform card and gets a goal orchestrated, streaming included', async () => {
    const authedFetch: typeof fetch = (input, init) => {
      const headers = new Headers(init?.headers);
      headers.set('authorization', `Bearer ${token}`);
      return fetch(input, { ...init, headers });
    };
    const factory = new ClientFactory(
      ClientFactoryOptions.createFrom(ClientFactoryOptions.default, {
        transports: [new JsonRpcTransportFactory({ fetchImpl: authedFetch }), new RestTransportFactory({ fetchImpl: authedFetch })],
      }),
    );
    const client = await factory.createFromUrl(`${base}/`);
    const message = () => Message.fromJSON({ messageId: randomUUID(), role: 'ROLE_USER', parts: [{ text: 'summarize the quarter' }] });
    const result = (await client.sendMessage({
      message: message(),
      configuration: undefined,
      metadata: undefined,
      tenant: '',
    } as never)) as Json;
    const task = Task.toJSON(result.payload?.value ?? result) as Json;
    expect(task.status.state).toBe('TASK_STATE_COMPLETED');
    expect(JSON.stringify(task.artifacts)).toMatch(/summarize the quarter/);
    expect(JSON.stringify(task.artifacts)).toMatch(/orchestration session/);
    const kinds: string[] = [];
    for await (const event of client.sendMessageStream({
      message: message(),
      configuration: undefined,
      metadata: undefined,
      tenant: '',
    } as never))
      kinds.push(String((event as Json).payload?.$case ?? Object.keys(event as Json)[0]));
    expect(kinds).toEqual(expect.arrayContaining(['task', 'statusUpdate', 'artifactUpdate']));
  });

  it('draws the network: task edges to agents and module traffic, with latency and error rates', async () => {
    const res = await api('GET', '/a2a/network?windowMs=3600000');
    expect(res.status).toBe(200);
    const edge = (res.body.edges as Json[]).find((e) => e.target === `agent:${ids.fragileA}`);
    expect(edge).toMatchObject({ source: 'orchestrator', kind: 'task' });
    expect(edge!.errorRate).toBeGreaterThan(0);
    expect((res.body.edges as Json[]).some((e) => e.kind === 'agents.send' && e.count > 0)).toBe(true);
    expect((res.body.nodes as Json[]).map((n) => n.kind)).toEqual(expect.arrayContaining(['orchestrator', 'agent', 'module', 'process']));
  });
});
