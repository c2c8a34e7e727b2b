import { BatchingWriter } from './batching-writer';

function deferred() {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

describe(BatchingWriter.name, () => {
  it('writes nothing until the interval passes, then one batch', async () => {
    const batches: number[][] = [];
    const writer = new BatchingWriter<number>({ name: 't', write: async (b) => void batches.push(b), intervalMs: 20 });
    for (let i = 0; i < 5; i++) void writer.add(i);
    expect(batches).toEqual([]);
    await new Promise((r) => setTimeout(r, 40));
    expect(batches).toEqual([[0, 1, 2, 3, 4]]);
  });

  it('flushes on size without waiting for the interval', async () => {
    const batches: number[][] = [];
    const writer = new BatchingWriter<number>({ name: 't', write: async (b) => void batches.push(b), maxBatch: 3, intervalMs: 60_000 });
    for (let i = 0; i < 7; i++) void writer.add(i);
    await writer.flush();
    expect(batches).toEqual([[0, 1, 2], [3, 4, 5], [6]]);
  });

  it('coalesces items with the same key, keeping the latest', async () => {
    const batches: Array<Array<{ id: string; v: number }>> = [];
    const writer = new BatchingWriter<{ id: string; v: number }>({
      name: 't',
      write: async (b) => void batches.push(b),
      keyOf: (x) => x.id,
    });
    void writer.add({ id: 'a', v: 1 });
    void writer.add({ id: 'b', v: 1 });
    void writer.add({ id: 'a', v: 2 });
    expect(writer.peek('a')).toEqual({ id: 'a', v: 2 });
    await writer.flush();
    expect(batches).toEqual([
      [
        { id: 'b', v: 1 },
        { id: 'a', v: 2 },
      ],
    ]);
  });

  it('makes callers wait when the database falls behind', async () => {
    const gate = deferred();
    const writer = new BatchingWriter<number>({ name: 't', write: () => gate.promise, maxBatch: 2, highWaterMark: 4 });
    expect(await Promise.race([writer.add(1), Promise.resolve('free')])).toBe(undefined);
    void writer.add(2); // first batch now writing, blocked on the gate
    void writer.add(3);
    let released = false;
    const blocked = writer.add(4).then(() => (released = true)); // 4 items unwritten: at the high-water mark
    await new Promise((r) => setTimeout(r, 10));
    expect(released).toBe(false);
    gate.resolve();
    await blocked;
    expect(writer.getStats()).toMatchObject({ pending: 0, written: 4 });
  });

  it('drops and counts items past maxBuffered', async () => {
    const writer = new BatchingWriter<number>({ name: 't', write: async () => undefined, maxBuffered: 2, intervalMs: 60_000 });
    for (let i = 0; i < 5; i++) void writer.add(i);
    expect(writer.getStats()).toMatchObject({ pending: 2, dropped: 3 });
    await writer.close();
    expect(writer.getStats()).toMatchObject({ pending: 0, written: 2 });
  });

  it('counts a failed batch, reports it, and retries it when asked without overwriting newer writes', async () => {
    const errors: number[] = [];
    let fail = true;
    const written: Array<{ id: string; v: number }> = [];
    const writer = new BatchingWriter<{ id: string; v: number }>({
      name: 't',
      keyOf: (x) => x.id,
      retryFailed: true,
      intervalMs: 5,
      write: async (b) => {
        if (fail) throw new Error('db down');
        written.push(...b);
      },
      onError: (_e, n) => errors.push(n),
    });
    void writer.add({ id: 'a', v: 1 });
    void writer.add({ id: 'b', v: 1 });
    await writer.flush();
    expect(errors).toEqual([2]);
    void writer.add({ id: 'a', v: 2 });
    fail = false;
    await writer.flush();
    expect(written.sort((x, y) => x.id.localeCompare(y.id))).toEqual([
      { id: 'a', v: 2 },
      { id: 'b', v: 1 },
    ]);
    expect(writer.getStats()).toMatchObject({ failedBatches: 1, written: 2, pending: 0 });
  });

  it('commits: resolves once the item is written, groups concurrent commits, and rejects when the batch fails', async () => {
    const batches: number[][] = [];
    let release: () => void = () => undefined;
    let fail = false;
    const writer = new BatchingWriter<number>({
      name: 'log',
      intervalMs: 60_000, // a commit never waits for the timer
      write: async (b) => {
        batches.push(b);
        await new Promise<void>((resolve) => (release = resolve));
        if (fail) throw new Error('db down');
      },
    });
    const first = writer.commit(1);
    let firstDone = false;
    void first.then(() => (firstDone = true));
    await new Promise(setImmediate);
    await new Promise(setImmediate);
    expect(batches).toEqual([[1]]);
    // Committed while the first batch is being written: they wait, then go together.
    const later = [writer.commit(2), writer.commit(3)];
    expect(firstDone).toBe(false);
    release();
    await first;
    await new Promise(setImmediate);
    await new Promise(setImmediate);
    expect(batches).toEqual([[1], [2, 3]]);
    fail = true;
    release();
    await expect(Promise.all(later)).rejects.toThrow('log: the batch could not be written');
  });
});
