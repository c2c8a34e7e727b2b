/**
 * npm run bench:bus — bus request/reply throughput beside its raw ceiling, in one run:
 * MemoryBus vs a bare EventEmitter round trip, RedisBus vs a bare ioredis pub/sub round trip, same concurrency.
 */
import 'reflect-metadata';
import { EventEmitter } from 'node:events';
import { randomUUID } from 'node:crypto';
import Redis from 'ioredis';
import { BatchingMessageLog, MemoryBus, RedisBus, type Bus } from '@libs/bus';
import { setupTelemetry } from 'src/core/telemetry';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const CONCURRENCY = 50;
const SECONDS = Number(process.env.BENCH_SECONDS ?? 4);

/** Runs `once` with CONCURRENCY in flight for SECONDS; returns completed round trips per second. */
async function measure(once: () => Promise<unknown>): Promise<number> {
  const deadline = performance.now() + SECONDS * 1000;
  let done = 0;
  const worker = async () => {
    while (performance.now() < deadline) {
      await once();
      done++;
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  return done / ((performance.now() - started) / 1000);
}

function bareEmitter(): () => Promise<unknown> {
  const emitter = new EventEmitter();
  emitter.setMaxListeners(0);
  const pending = new Map<string, (value: unknown) => void>();
  emitter.on('request', (msg: { id: string; value: unknown }) => emitter.emit('reply', { id: msg.id, result: msg.value }));
  emitter.on('reply', (msg: { id: string; result: unknown }) => {
    pending.get(msg.id)?.(msg.result);
    pending.delete(msg.id);
  });
  return () =>
    new Promise((resolve) => {
      const id = randomUUID();
      pending.set(id, resolve);
      emitter.emit('request', { id, value: { n: 1 } });
    });
}

async function bareRedis(namespace: string): Promise<{ once: () => Promise<unknown>; close: () => void }> {
  const [pubA, subA, pubB, subB] = [0, 1, 2, 3].map(() => new Redis(REDIS_URL));
  const pending = new Map<string, (value: unknown) => void>();
  await subB.subscribe(`${namespace}:req`);
  subB.on('message', (_channel, raw) => {
    const msg = JSON.parse(raw) as { id: string; value: unknown };
    void pubB.publish(`${namespace}:rep`, JSON.stringify({ id: msg.id, result: msg.value }));
  });
  await subA.subscribe(`${namespace}:rep`);
  subA.on('message', (_channel, raw) => {
    const msg = JSON.parse(raw) as { id: string; result: unknown };
    pending.get(msg.id)?.(msg.result);
    pending.delete(msg.id);
  });
  return {
    once: () =>
      new Promise((resolve) => {
        const id = randomUUID();
        pending.set(id, resolve);
        void pubA.publish(`${namespace}:req`, JSON.stringify({ id, value: { n: 1 } }));
      }),
    close: () => [pubA, subA, pubB, subB].forEach((c) => c.disconnect()),
  };
}

function serveEcho(bus: Bus): void {
  bus.handle('bus.echo', ({ value }) => ({ value, handledBy: bus.processId }));
}

const log = () =>
  new BatchingMessageLog(
    async () => undefined,
    () => undefined,
  );
const row = (name: string, rate: number, ceiling: number) =>
  console.log(`${name.padEnd(34)} ${rate.toFixed(0).padStart(8)} msg/s   ${((rate / ceiling) * 100).toFixed(1).padStart(5)}% of ceiling`);

async function main(): Promise<void> {
  setupTelemetry('bench-bus');
  console.log(`bus request/reply, ${CONCURRENCY} in flight, ${SECONDS} s per figure\n`);

  const emitter = await measure(bareEmitter());
  const memory = new MemoryBus({ processId: 'bench-memory', defaultTimeoutMs: 10_000, log: log() });
  serveEcho(memory);
  const memoryRate = await measure(() => memory.request('bus.echo', { value: { n: 1 } }));
  await memory.close();
  row('bare EventEmitter (ceiling)', emitter, emitter);
  row('MemoryBus', memoryRate, emitter);
  console.log(`in-process ratio: ${(memoryRate / emitter).toFixed(3)} (goal >= 0.50)\n`);

  const namespace = `bench-${randomUUID().slice(0, 8)}`;
  const raw = await bareRedis(namespace);
  const redisCeiling = await measure(raw.once);
  raw.close();
  const server = new RedisBus({ processId: 'bench-server', defaultTimeoutMs: 10_000, url: REDIS_URL, namespace });
  const caller = new RedisBus({ processId: 'bench-caller', defaultTimeoutMs: 10_000, url: REDIS_URL, namespace, log: log() });
  serveEcho(server);
  await Promise.all([server.whenReady(), caller.whenReady()]);
  await new Promise((resolve) => setTimeout(resolve, 100));
  const redisRate = await measure(() => caller.request('bus.echo', { value: { n: 1 } }));
  await Promise.all([server.close(), caller.close()]);
  row('bare ioredis pub/sub (ceiling)', redisCeiling, redisCeiling);
  row('RedisBus', redisRate, redisCeiling);
  console.log(`redis ratio: ${(redisRate / redisCeiling).toFixed(3)} (goal >= 0.60)`);
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
