import { BusError, BusErrorCode, RedisBus } from '@libs/bus';
import { itWithServices, REDIS_TEST_URL, uniqueNamespace } from 'test/utils/services';
import { eventually } from 'test/utils/eventually';

jest.setTimeout(30_000);

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** What a SIGKILL does to a process's bus: its connections drop and its heartbeat stops, with nothing said to Redis. */
function crash(bus: RedisBus): void {
  const internals = bus as unknown as {
    timers: NodeJS.Timeout[];
    commands: { disconnect(): void };
    subscriber: { disconnect(): void };
    reader: { disconnect(): void };
  };
  for (const timer of internals.timers) clearInterval(timer);
  internals.commands.disconnect();
  internals.subscriber.disconnect();
  internals.reader.disconnect();
}

describe('Redis bus replicas: competing consumers', () => {
  const maybe = itWithServices('redis');
  const buses: RedisBus[] = [];
  let namespace = '';

  const make = async (processId: string) => {
    const bus = new RedisBus({ processId, defaultTimeoutMs: 8_000, url: REDIS_TEST_URL, namespace, livenessTtlMs: 1_500 });
    buses.push(bus);
    await bus.whenReady();
    return bus;
  };

  beforeEach(() => {
    namespace = uniqueNamespace('replicas');
  });

  afterEach(async () => {
    await Promise.allSettled(buses.splice(0).map((bus) => bus.close(100)));
  });

  maybe('hands each request to exactly one of two replicas, and both take a share', async () => {
    const handled = new Map<string, string[]>();
    const replicas = await Promise.all(['tools-a', 'tools-b'].map(make));
    for (const replica of replicas) {
      replica.handle('bus.echo', async ({ value }) => {
        const seen = handled.get(String(value)) ?? [];
        handled.set(String(value), [...seen, replica.processId]);
        await sleep(5);
        return { value, handledBy: replica.processId };
      });
    }
    const caller = await make('gateway-1');
    const replies = await Promise.all(Array.from({ length: 300 }, (_, i) => caller.request('bus.echo', { value: i })));
    expect(replies.map((r) => r.value)).toEqual(Array.from({ length: 300 }, (_, i) => i));
    expect([...handled.values()].every((by) => by.length === 1)).toBe(true);
    expect(handled.size).toBe(300);
    const shares = replicas.map((r) => replies.filter((reply) => reply.handledBy === r.processId).length);
    expect(Math.min(...shares)).toBeGreaterThan(0);
  });

  maybe('still fans events out to every replica', async () => {
    const seen: string[] = [];
    const replicas = await Promise.all(['rag-a', 'rag-b'].map(make));
    for (const replica of replicas) replica.subscribe('bus.echo.published', () => void seen.push(replica.processId));
    await sleep(50);
    await (await make('gateway-1')).publish('bus.echo.published', { value: 1 });
    expect(
      (
        await eventually(
          async () => [...seen].sort(),
          (v) => v.length === 2,
        )
      ).sort(),
    ).toEqual(['rag-a', 'rag-b']);
  });

  maybe('serves a request sent before any replica runs, once one starts', async () => {
    const caller = await make('gateway-1');
    const reply = caller.request('bus.echo', { value: 'queued' });
    await sleep(300);
    const late = await make('tools-late');
    late.handle('bus.echo', ({ value }) => ({ value, handledBy: late.processId }));
    await expect(reply).resolves.toEqual({ value: 'queued', handledBy: 'tools-late' });
  });

  maybe('drops a queued request whose caller stopped waiting, instead of running it late', async () => {
    const ran: unknown[] = [];
    const caller = await make('gateway-1');
    await expect(caller.request('bus.echo', { value: 'stale' }, { timeoutMs: 200 })).rejects.toMatchObject({ code: BusErrorCode.TIMEOUT });
    const late = await make('tools-late');
    late.handle('bus.echo', ({ value }) => (ran.push(value), { value, handledBy: late.processId }));
    await expect(caller.request('bus.echo', { value: 'fresh' })).resolves.toMatchObject({ value: 'fresh' });
    expect(ran).toEqual(['fresh']);
  });

  maybe('runs a read again on another replica when the one handling it dies', async () => {
    const started: string[] = [];
    const doomed = await make('rag-doomed');
    doomed.handle('rag.search', async () => {
      started.push('rag-doomed');
      await new Promise(() => undefined); // never answers: its process is about to die
      return { results: [] };
    });
    const caller = await make('gateway-1');
    const reply = caller.request('rag.search', { collection: 'c', query: 'q' });
    expect(
      await eventually(
        async () => [...started],
        (v) => v.length > 0,
      ),
    ).toEqual(['rag-doomed']);
    const survivor = await make('rag-survivor');
    survivor.handle('rag.search', () => (started.push('rag-survivor'), { results: [] }));
    crash(doomed);
    await expect(reply).resolves.toEqual({ results: [] });
    expect(started).toEqual(['rag-doomed', 'rag-survivor']);
  });

  maybe('fails a write clearly, and never runs it twice, when its replica dies mid-request', async () => {
    const ran: string[] = [];
    const doomed = await make('tools-doomed');
    doomed.handle('tools.execute', async () => {
      ran.push('tools-doomed');
      await new Promise(() => undefined); // never answers: its process is about to die
      return { ok: true };
    });
    const caller = await make('gateway-1');
    const reply = caller.request('tools.execute', { toolId: 't', arguments: {} });
    expect(
      await eventually(
        async () => [...ran],
        (v) => v.length > 0,
      ),
    ).toEqual(['tools-doomed']);
    const survivor = await make('tools-survivor');
    survivor.handle('tools.execute', () => (ran.push('tools-survivor'), { ok: true }));
    crash(doomed);
    const error = await reply.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BusError);
    expect(error).toMatchObject({ code: BusErrorCode.REPLICA_LOST, message: expect.stringContaining('tools-doomed') });
    expect(ran).toEqual(['tools-doomed']);
    // The survivor keeps serving new writes.
    await expect(caller.request('tools.execute', { toolId: 't', arguments: {} })).resolves.toEqual({ ok: true });
  });
});
