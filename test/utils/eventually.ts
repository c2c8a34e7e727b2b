/** Reads until ok(value) or the timeout (then returns the last value, so the caller's assertion says what was seen). */
export async function eventually<T>(read: () => Promise<T>, ok: (value: T) => boolean, timeoutMs = 10_000, everyMs = 200): Promise<T> {
  const started = Date.now();
  for (;;) {
    const value = await read();
    if (ok(value) || Date.now() - started > timeoutMs) return value;
    await new Promise((r) => setTimeout(r, everyMs));
  }
}
