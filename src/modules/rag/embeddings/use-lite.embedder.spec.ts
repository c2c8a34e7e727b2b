import { readdirSync } from 'node:fs';
import type { Worker } from 'node:worker_threads';
import { RagError } from 'src/modules/rag/rag.errors';
import { UseLiteEmbedder } from 'src/modules/rag/embeddings/use-lite.embedder';

// The real model (no mocks): each embedder start loads it into every worker, about 1.5 s on two idle cores.
jest.setTimeout(60_000);

const dot = (a: number[], b: number[]) => a.reduce((sum, value, i) => sum + value * b[i], 0);
const norm = (a: number[]) => Math.sqrt(dot(a, a));
const LONG = 'The billing service generates invoices on the first business day of each month. '.repeat(20);
// OS threads of this process, to see worker_threads really end (Linux only).
const threadCount = () => (process.platform === 'linux' ? readdirSync('/proc/self/task').length : 0);

describe(UseLiteEmbedder.name, () => {
  let embedder: UseLiteEmbedder;
  let threadsBefore: number;

  beforeAll(async () => {
    threadsBefore = threadCount();
    embedder = await UseLiteEmbedder.create({ workers: 2, batchSize: 4, preload: true });
  });

  afterAll(() => embedder.close());

  it('loads the SIMD build and passes its self-check against the stock graph', () => {
    expect(embedder.info).toMatchObject({ workers: 2, readyWorkers: 2 });
    expect(embedder.info.worker).toMatchObject({ simd: true, optimised: true, backend: 'wasm' });
    expect(embedder.info.worker!.drift).toBeLessThan(1e-4);
  });

  it('returns one 512-dimensional unit vector per text, empty and unusual texts included', async () => {
    const texts = ['How do I reset my password?', '', '🙂', 'line one\nline two', LONG];
    const vectors = await embedder.embed(texts);
    expect(embedder.dimensions).toBe(512);
    expect(vectors).toHaveLength(texts.length);
    for (const vector of vectors) {
      expect(vector).toHaveLength(512);
      expect(vector.every(Number.isFinite)).toBe(true);
      expect(norm(vector)).toBeCloseTo(1, 9);
    }
  });

  it('is deterministic for the same text, whatever batch it lands in', async () => {
    const [alone] = await embedder.embed(['Steps to change a forgotten login password']);
    const [again, , , , inBatch] = await embedder.embed([
      'Steps to change a forgotten login password',
      LONG,
      'Short.',
      'Another sentence entirely.',
      'Steps to change a forgotten login password',
    ]);
    expect(dot(alone, again)).toBeGreaterThan(0.99999);
    expect(dot(alone, inBatch)).toBeGreaterThan(0.99999);
  });

  it('scores related sentences much higher than unrelated ones', async () => {
    const [reset, forgotten, paris] = await embedder.embed([
      'How do I reset my password?',
      'Steps to change a forgotten login password',
      'The capital of France is Paris',
    ]);
    expect(dot(reset, forgotten)).toBeGreaterThan(0.6);
    expect(dot(reset, paris)).toBeLessThan(0.2);
    expect(dot(reset, forgotten) - dot(reset, paris)).toBeGreaterThan(0.4);
  });

  it('keeps the input order across batches and workers', async () => {
    const topics = ['invoices', 'holidays', 'passwords', 'shipping', 'databases', 'weather', 'football', 'cooking'];
    const texts = Array.from({ length: 24 }, (_, i) => `Question ${i} is about ${topics[i % topics.length]}${'!'.repeat(i % 5)}`);
    const together = await embedder.embed(texts);
    const oneByOne = await Promise.all(texts.map(async (text) => (await embedder.embed([text]))[0]));
    together.forEach((vector, i) => expect(dot(vector, oneByOne[i])).toBeGreaterThan(0.99999));
  });

  it('returns an empty array for no texts and rejects anything but strings', async () => {
    await expect(embedder.embed([])).resolves.toEqual([]);
    await expect(embedder.embed([42 as unknown as string])).rejects.toThrow(TypeError);
  });

  it('fails a batch that overruns its timeout and replaces the worker', async () => {
    const slow = await UseLiteEmbedder.create({ workers: 1, batchSize: 128, batchTimeoutMs: 1000, preload: true });
    try {
      // One batch of 128 full-length texts takes several seconds.
      await expect(slow.embed(Array.from({ length: 128 }, (_, i) => `${i} ${LONG}`))).rejects.toThrow(/longer than 1000 ms/);
      expect(slow.info.workers).toBe(1);
      const [vector] = await slow.embed(['still works']);
      expect(norm(vector)).toBeCloseTo(1, 9);
    } finally {
      await slow.close();
    }
  });

  it('fails the batch of a worker that dies and replaces the worker', async () => {
    const crashy = await UseLiteEmbedder.create({ workers: 1, batchSize: 32, preload: true });
    // Reach the private pool to kill the busy worker, as an out-of-memory abort would.
    const slots = (crashy as unknown as { slots: Set<{ worker: Worker; job?: unknown }> }).slots;
    try {
      const pending = crashy.embed(Array.from({ length: 32 }, (_, i) => `${i} ${LONG}`));
      while (![...slots].some((slot) => slot.job)) await new Promise((resolve) => setImmediate(resolve));
      await [...slots][0].worker.terminate();
      await expect(pending).rejects.toThrow(/USE lite worker failed: exited with code/);
      const [vector] = await crashy.embed(['still works']);
      expect(norm(vector)).toBeCloseTo(1, 9);
    } finally {
      await crashy.close();
    }
  });

  it('close() ends the workers and later calls reject', async () => {
    await embedder.close();
    expect(embedder.info.workers).toBe(0);
    expect(threadCount()).toBeLessThanOrEqual(threadsBefore);
    await expect(embedder.embed(['too late'])).rejects.toThrow(RagError);
  });
});
