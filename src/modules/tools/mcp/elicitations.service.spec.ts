import type { Env } from '@libs/config';
import { ToolsErrorCode } from 'src/modules/tools/tools.errors';
import { ElicitationsService, type ElicitationEvent } from './elicitations.service';

const schema = {
  type: 'object' as const,
  properties: {
    name: { type: 'string' as const, default: 'John Doe' },
    age: { type: 'integer' as const, minimum: 0, default: 30 },
    status: { type: 'string' as const, enum: ['active', 'inactive'], default: 'active' },
    email: { type: 'string' as const, format: 'email' as const },
  },
  required: ['email'],
};

function setup(timeoutMs = 60_000) {
  const service = new ElicitationsService({ MCP_ELICITATION_TIMEOUT_MS: timeoutMs } as Env);
  const events: ElicitationEvent[] = [];
  const ask = service.askerFor('alice', (event) => events.push(event));
  return { service, events, ask };
}

const request = { mode: 'form' as const, message: 'Who are you?', requestedSchema: schema };

describe('ElicitationsService', () => {
  it('announces the question and fills the schema defaults into fields the answer omits', async () => {
    const { service, events, ask } = setup();
    const answer = ask(request, new AbortController().signal);
    expect(events).toEqual([
      { id: expect.any(String), serverMessage: 'Who are you?', requestedSchema: schema, expiresAt: expect.any(String) },
    ]);
    service.answer(events[0]!.id, 'alice', 'accept', { email: 'a@example.com', age: 41 });
    await expect(answer).resolves.toEqual({
      action: 'accept',
      content: { email: 'a@example.com', age: 41, name: 'John Doe', status: 'active' },
    });
    expect(service.size).toBe(0);
  });

  it('refuses an answer that breaks the schema and keeps the question open', async () => {
    const { service, events, ask } = setup();
    const answer = ask(request, new AbortController().signal);
    const id = events[0]!.id;
    for (const content of [
      { email: 'not-an-email' },
      { email: 'a@example.com', age: -1 },
      { email: 'a@example.com', status: 'gone' },
      {},
    ]) {
      expect(() => service.answer(id, 'alice', 'accept', content)).toThrow(
        expect.objectContaining({ code: ToolsErrorCode.ELICITATION_INVALID, details: { errors: expect.any(Array) } }),
      );
    }
    service.answer(id, 'alice', 'decline');
    await expect(answer).resolves.toEqual({ action: 'decline' });
  });

  it('does not let another user answer (reads as not found) and forgets answered questions', async () => {
    const { service, events, ask } = setup();
    const answer = ask(request, new AbortController().signal);
    const id = events[0]!.id;
    expect(() => service.answer(id, 'mallory', 'accept', { email: 'm@example.com' })).toThrow(
      expect.objectContaining({ code: ToolsErrorCode.ELICITATION_NOT_FOUND }),
    );
    service.answer(id, 'alice', 'cancel');
    await expect(answer).resolves.toEqual({ action: 'cancel' });
    expect(() => service.answer(id, 'alice', 'decline')).toThrow(expect.objectContaining({ code: ToolsErrorCode.ELICITATION_NOT_FOUND }));
  });

  it('declines when nobody answers in time, and cancels when the call ends first', async () => {
    const { ask } = setup(50);
    await expect(ask(request, new AbortController().signal)).resolves.toEqual({ action: 'decline' });
    const controller = new AbortController();
    const pending = ask(request, controller.signal);
    controller.abort();
    await expect(pending).resolves.toEqual({ action: 'cancel' });
  });
});
