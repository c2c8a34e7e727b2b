import { JsSandbox } from './js-sandbox';

describe('JavaScript sandbox (isolated-vm)', () => {
  const sandbox = new JsSandbox({ poolSize: 2, memoryMb: 32, maxOutputBytes: 10_000 });
  afterAll(() => sandbox.dispose());

  it('runs code with input and returns JSON results and logs', async () => {
    const out = await sandbox.run('console.log("sum", input.a + input.b); return { sum: input.a + input.b };', { a: 2, b: 3 }, 1000);
    expect(out.result).toEqual({ sum: 5 });
    expect(out.logs).toEqual(['sum 5']);
  });

  it.each([
    ['process', 'return process.env', /process is not defined/],
    ['require', "return require('fs').readFileSync('/etc/passwd', 'utf8')", /require is not defined/],
    ['constructor escape', "return globalThis.constructor.constructor('return process')().env", /process is not defined/],
    ['Function escape', "return (function(){}).constructor('return this')().process.mainModule", /Cannot read properties of undefined/],
    ['fetch', "return await fetch('http://example.com')", /fetch is not defined/],
  ])('refuses %s', async (_name, code, expected) => {
    await expect(sandbox.run(code, null, 1000)).rejects.toThrow(expected);
  });

  it('stops an infinite loop, a memory bomb, a huge output and a promise that never resolves, and keeps working', async () => {
    await expect(sandbox.run('while (true) {}', null, 200)).rejects.toMatchObject({ code: 'TOOL_TIMEOUT' });
    await expect(sandbox.run('const a = []; while (true) a.push(new Array(1e6).fill(1));', null, 5000)).rejects.toMatchObject({
      code: 'SANDBOX_ERROR',
      message: expect.stringMatching(/memory/),
    });
    await expect(sandbox.run("return 'x'.repeat(100000)", null, 1000)).rejects.toThrow(/larger than/);
    await expect(sandbox.run('await new Promise(() => {})', null, 200)).rejects.toMatchObject({ code: 'TOOL_TIMEOUT' });
    expect((await sandbox.run('return 40 + 2', null, 1000)).result).toBe(42);
  });
});
