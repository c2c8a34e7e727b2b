import { context, trace } from '@opentelemetry/api';
import { Bus, BusError, BusErrorCode, type MessageLog, type MessageLogEntry } from '@libs/bus';
import { DomainError } from '@libs/contracts';
import { toProblem } from 'src/core/http-exception.filter';
import { setupTelemetry } from 'src/core/telemetry';
import { itWithServices, type TestService } from 'test/utils/services';

export class CollectingLog implements MessageLog {
  entries: MessageLogEntry[] = [];
  record(entry: MessageLogEntry): void {
    this.entries.push(entry);
  }
  async flush(): Promise<void> {}
}

export interface BusPair {
  /** Serves the handlers. */
  server: Bus;
  /** Sends the requests; the same instance as server for a single-process transport. */
  caller: Bus;
  log: CollectingLog;
  close(): Promise<void>;
}

class ConflictError extends DomainError {
  readonly code = 'NAME_TAKEN';
  readonly status = 409;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The bus contract: every transport must pass it unchanged. */
export function describeBusContract(name: string, makePair: () => Promise<BusPair>, services: TestService[] = []): void {
  describe(`Bus contract: ${name}`, () => {
    const maybe = itWithServices(...services);
    let pair: BusPair | undefined;
    let server: Bus;
    let caller: Bus;

    beforeAll(() => setupTelemetry('bus-contract-test'));

    beforeEach(async () => {
      if (maybe !== it) return;
      pair = await makePair();
      ({ server, caller } = pair);
      server.handle('bus.echo', async ({ value, delayMs }) => {
        if (delayMs) await sleep(delayMs);
        return { value, handledBy: server.processId };
      });
      server.handle('bus.fail', ({ message }) => {
        throw new Error(message);
      });
      await settle();
    });

    afterEach(async () => pair?.close());

    // Subscriptions on a network transport take a moment to reach the broker.
    const settle = () => sleep(name === 'memory' ? 0 : 50);

    maybe('answers a request with the handler result', async () => {
      await expect(caller.request('bus.echo', { value: { a: 1 } })).resolves.toEqual({ value: { a: 1 }, handledBy: server.processId });
    });

    maybe('correlates 200 concurrent requests with varied delays', async () => {
      const values = Array.from({ length: 200 }, (_, i) => i);
      const replies = await Promise.all(values.map((i) => caller.request('bus.echo', { value: i, delayMs: (i * 7) % 25 })));
      expect(replies.map((r) => r.value)).toEqual(values);
    });

    maybe('times out when no handler serves the method', async () => {
      const started = Date.now();
      const error = await caller.request('gateway.card', {}, { timeoutMs: 150 }).catch((e) => e);
      expect(error).toBeInstanceOf(BusError);
      expect([BusErrorCode.TIMEOUT, BusErrorCode.NO_HANDLER]).toContain(error.code);
      expect(Date.now() - started).toBeLessThan(5_000);
    });

    maybe('times out on a handler slower than the timeout', async () => {
      const error = await caller.request('bus.echo', { value: 1, delayMs: 500 }, { timeoutMs: 100 }).catch((e) => e);
      expect(error).toMatchObject({ code: BusErrorCode.TIMEOUT });
    });

    maybe('turns a throwing handler into an error reply and keeps serving', async () => {
      const error = await caller.request('bus.fail', { message: 'boom' }).catch((e) => e);
      expect(error).toBeInstanceOf(BusError);
      expect(error).toMatchObject({ code: BusErrorCode.HANDLER_FAILED, message: 'boom', rpcCode: -32603 });
      await expect(caller.request('bus.echo', { value: 'still here' })).resolves.toMatchObject({ value: 'still here' });
    });

    maybe('carries a typed error code across intact', async () => {
      const stop = server.handle('gateway.health', () => {
        throw Object.assign(new Error('nope'), { code: 'GATEWAY_SICK', rpcCode: -32004 });
      });
      await settle();
      const error = await caller.request('gateway.health', {}).catch((e) => e);
      expect(error).toMatchObject({ code: 'GATEWAY_SICK', message: 'nope', rpcCode: -32004 });
      stop();
    });

    maybe("keeps a domain error's code, HTTP status and details, so the HTTP answer is the same as in-process", async () => {
      const stop = server.handle('gateway.health', () => {
        throw new ConflictError('Name taken', { name: 'analyst' });
      });
      await settle();
      const error = await caller.request('gateway.health', {}).catch((e) => e);
      expect(error).toBeInstanceOf(BusError);
      expect(error).toMatchObject({
        code: 'NAME_TAKEN',
        message: 'Name taken',
        rpcCode: -32053,
        status: 409,
        details: { name: 'analyst' },
      });
      const direct = toProblem(new ConflictError('Name taken', { name: 'analyst' }));
      expect(toProblem(error)).toEqual(direct);
      stop();
    });

    maybe('fans an event out to every subscriber and stops after unsubscribe', async () => {
      const seenA: unknown[] = [];
      const seenB: unknown[] = [];
      const stopA = server.subscribe('bus.echo.published', (event) => void seenA.push(event.value));
      caller.subscribe('bus.echo.published', (event) => void seenB.push(event.value));
      await settle();
      await caller.publish('bus.echo.published', { value: 1 });
      await waitFor(() => seenA.length === 1 && seenB.length === 1);
      stopA();
      await settle();
      await caller.publish('bus.echo.published', { value: 2 });
      await waitFor(() => seenB.length === 2);
      await sleep(50);
      expect(seenA).toEqual([1]);
      expect(seenB).toEqual([1, 2]);
    });

    maybe('carries the W3C trace context to the handler', async () => {
      let seen: string | undefined;
      const stop = server.handle('observability.card', (_params, ctx) => {
        seen = ctx.meta.traceparent;
        return { traceId: trace.getActiveSpan()?.spanContext().traceId } as never;
      });
      await settle();
      const span = trace.getTracer('test').startSpan('outer');
      const reply = (await context.with(trace.setSpan(context.active(), span), () =>
        caller.request('observability.card', {}),
      )) as unknown as {
        traceId: string;
      };
      span.end();
      const traceId = span.spanContext().traceId;
      expect(seen?.split('-')[1]).toBe(traceId);
      expect(reply.traceId).toBe(traceId);
      stop();
    });

    maybe('logs every request with its outcome, and every event', async () => {
      pair!.log.entries.length = 0;
      await caller.request('bus.echo', { value: 1 });
      await caller.request('bus.fail', { message: 'x' }).catch(() => undefined);
      await caller.publish('bus.echo.published', { value: 1 });
      const summary = pair!.log.entries.map((e) => `${e.kind}:${e.method}:${e.status}`);
      expect(summary).toEqual(['request:bus.echo:ok', 'request:bus.fail:error', 'event:bus.echo.published:ok']);
      expect(pair!.log.entries[0]).toMatchObject({ source: caller.processId, target: 'bus', handledBy: server.processId });
    });

    maybe('drains an in-flight handler on close', async () => {
      const reply = caller.request('bus.echo', { value: 'late', delayMs: 200 });
      await sleep(50);
      const closing = server.close();
      await expect(reply).resolves.toMatchObject({ value: 'late' });
      await closing;
    });
  });
}

async function waitFor(condition: () => boolean, timeoutMs = 3_000): Promise<void> {
  const started = Date.now();
  while (!condition()) {
    if (Date.now() - started > timeoutMs) throw new Error('condition not met in time');
    await sleep(10);
  }
}
