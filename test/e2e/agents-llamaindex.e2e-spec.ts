import { randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import { FakeOpenAi } from 'test/fixtures/fake-openai';
import { TEST_ADMIN, loginOverHttp } from 'test/utils/auth';
import { startPlatform, type PlatformProcess } from 'test/utils/platform-process';
import { freePort, tmpDataDir } from 'test/utils/services';

jest.setTimeout(90_000);

/**
 * LlamaIndex.TS loads its OpenAI client with a dynamic import(), which jest's module sandbox cannot run; so this
 * adapter is tested the way users run it: the built platform as its own process.
 */
describe('LlamaIndex.TS adapter (platform process, model server speaking the OpenAI wire protocol)', () => {
  const model = new FakeOpenAi();
  const dataDir = tmpDataDir('agents-li-');
  let platform: PlatformProcess;
  let token: string;

  beforeAll(async () => {
    await model.start();
    platform = await startPlatform({ PORT: String(await freePort()), DATA_DIR: dataDir, ...TEST_ADMIN });
    token = await loginOverHttp(platform.url);
  });

  afterAll(async () => {
    await platform?.stop();
    await model.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('streams a LlamaIndex LLM answer through A2A SendStreamingMessage', async () => {
    const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
      fetch(`${platform.url}${path}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...headers },
        body: JSON.stringify(body),
      });
    expect(
      (await post('/api/model-providers', { name: 'local', kind: 'openai-compatible', baseUrl: model.url, apiKey: 'sk-test' })).status,
    ).toBe(201);
    const agent = (await (
      await post('/api/agents', {
        name: 'llama',
        brain: 'llamaindex',
        instructions: 'Answer in one word.',
        model: { provider: 'local', modelId: 'li-model' },
      })
    ).json()) as { id: string };
    model.respond({ text: 'indexed answer here' });
    const stream = await post(
      `/a2a/agents/${agent.id}`,
      {
        jsonrpc: '2.0',
        id: 1,
        method: 'SendStreamingMessage',
        params: { message: { messageId: randomUUID(), role: 'ROLE_USER', parts: [{ text: 'hi llama' }] } },
      },
      { 'a2a-version': '1.0', accept: 'text/event-stream' },
    );
    expect(stream.headers.get('content-type')).toContain('text/event-stream');
    const events = (await stream.text())
      .split('\n\n')
      .filter((block) => block.startsWith('data:'))
      .map((block) => JSON.parse(block.slice(5)) as { result: Record<string, any> });
    const text = events
      .filter((e) => e.result.artifactUpdate)
      .flatMap((e) => e.result.artifactUpdate.artifact.parts.map((p: { text?: string }) => p.text ?? ''))
      .join('');
    expect(text).toBe('indexed answer here');
    expect(events.at(-1)!.result.statusUpdate.status.state).toBe('TASK_STATE_COMPLETED');
    expect(model.requests.at(-1)!.model).toBe('li-model');
    expect(model.requests.at(-1)!.messages).toEqual([
      { role: 'system', content: 'Answer in one word.' },
      { role: 'user', content: 'hi llama' },
    ]);
  });
});
