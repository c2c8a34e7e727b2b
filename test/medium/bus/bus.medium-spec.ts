import { MemoryBus, RedisBus } from '@libs/bus';
import { REDIS_TEST_URL, uniqueNamespace } from 'test/utils/services';
import { CollectingLog, describeBusContract } from './bus-contract';

describeBusContract('memory', async () => {
  const log = new CollectingLog();
  const bus = new MemoryBus({ processId: 'memory-1', defaultTimeoutMs: 2_000, log });
  return { server: bus, caller: bus, log, close: () => bus.close() };
});

describeBusContract(
  'redis',
  async () => {
    const namespace = uniqueNamespace('bus');
    const log = new CollectingLog();
    // Two instances stand for two processes: one serves, the other calls.
    const server = new RedisBus({ processId: 'redis-server', defaultTimeoutMs: 2_000, url: REDIS_TEST_URL, namespace });
    const caller = new RedisBus({ processId: 'redis-caller', defaultTimeoutMs: 2_000, url: REDIS_TEST_URL, namespace, log });
    await Promise.all([server.whenReady(), caller.whenReady()]);
    return { server, caller, log, close: async () => void (await Promise.all([server.close(), caller.close()])) };
  },
  ['redis'],
);
