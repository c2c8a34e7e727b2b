import type { AgentExecutor } from '@a2a-js/sdk/server';
import { rmSync } from 'node:fs';
import { uuidFromKey } from '@libs/contracts';
import { startSdkPeer, transformingExecutor } from 'test/fixtures/sdk-a2a-peer';
import { loginOverHttp, TEST_ADMIN } from 'test/utils/auth';
import { startPlatform, type PlatformProcess } from 'test/utils/platform-process';
import { freePort, tmpDataDir } from 'test/utils/services';

jest.setTimeout(120_000);

type Json = Record<string, any>;

describe('orchestrator: a session killed with kill -9 mid-plan', () => {
  const dataDir = tmpDataDir('orch-crash-');
  const received: string[] = [];
  let release: () => void = () => undefined;
  const held = new Promise<void>((resolve) => (release = resolve));
  let secondArrived: () => void = () => undefined;
  const second = new Promise<void>((resolve) => (secondArrived = resolve));
  const inner = transformingExecutor((t) => t.toUpperCase());
  // The second message is held: the platform dies while that task is in flight.
  const executor: AgentExecutor = {
    async execute(context, bus) {
      received.push(context.userMessage.messageId);
      if (received.length === 2) {
        secondArrived();
        await held;
      }
      return inner.execute(context, bus);
    },
    cancelTask: inner.cancelTask.bind(inner),
  };
  let peer: Awaited<ReturnType<typeof startSdkPeer>>;
  let platform: PlatformProcess;

  afterAll(async () => {
    release();
    await platform?.kill();
    await peer?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('resumes after a restart and finishes, no finished task sent again and the in-flight one only under its own messageId', async () => {
    peer = await startSdkPeer({ name: 'crash-peer', executor });
    const env = {
      DATA_DIR: dataDir,
      PORT: String(await freePort()),
      A2A_REMOTE_ALLOW_PRIVATE: 'true',
      WORKFLOW_LEASE_MS: '2000',
      ...TEST_ADMIN,
    };
    platform = await startPlatform(env);
    let token = await loginOverHttp(platform.url);
    const api = async (method: string, path: string, body?: unknown) => {
      const res = await fetch(`${platform.url}${path}`, {
        method,
        headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      return { status: res.status, body: (await res.json()) as Json };
    };
    const agent = await api('POST', '/api/agents', { name: 'crash-peer', cardUrl: `${peer.url}/` });
    expect(agent.status).toBe(201);
    const started = await api('POST', '/api/orchestrate', {
      goal: 'shout three times',
      capabilities: ['uppercase', 'uppercase', 'uppercase'],
    });
    expect(started.status).toBe(201);
    const { id, runId } = started.body;

    await second; // t1 answered, t2 in flight
    await platform.kill();
    platform = await startPlatform(env);
    token = await loginOverHttp(platform.url);
    release();

    let session: Json = {};
    for (let i = 0; i < 300 && !['succeeded', 'failed'].includes(session.status); i++) {
      session = (await api('GET', `/api/orchestrate/${id}`)).body;
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(session.status).toBe('succeeded');
    expect(session.plan.map((t: Json) => t.state)).toEqual(['succeeded', 'succeeded', 'succeeded']);
    const ids = ['t1', 't2', 't3'].map((task) => uuidFromKey(`${runId}:${task}`));
    const count = (messageId: string) => received.filter((r) => r === messageId).length;
    expect(count(ids[0])).toBe(1); // finished before the kill: never sent again
    expect(count(ids[1])).toBeGreaterThanOrEqual(1); // in flight at the kill: re-sent after the restart, same messageId
    expect(count(ids[1])).toBeLessThanOrEqual(2);
    expect(count(ids[2])).toBe(1);
    expect(new Set(received)).toEqual(new Set(ids)); // no task ever went out under another id
  });
});
