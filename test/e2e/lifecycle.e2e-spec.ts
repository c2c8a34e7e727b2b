import { spawnSync } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { freePort, tmpDataDir } from 'test/utils/services';
import { startPlatform } from 'test/utils/platform-process';

jest.setTimeout(90_000);

const MAIN = resolve(__dirname, '..', '..', 'dist', 'src', 'main.js');

async function waitFor(check: () => Promise<boolean>, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return true;
    await new Promise((r) => setTimeout(r, 200));
  }
  return false;
}

const chromaAnswers = (port: number) =>
  fetch(`http://127.0.0.1:${port}/api/v2/heartbeat`, { signal: AbortSignal.timeout(1_000) }).then(
    (r) => r.ok,
    () => false,
  );

describe('platform lifecycle on embedded defaults', () => {
  const dataDir = tmpDataDir('lifecycle-');
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('starts its own Chroma, drains on SIGTERM, stops Chroma and exits 0 within 10 s', async () => {
    const chromaPort = await freePort();
    const platform = await startPlatform({
      DATA_DIR: dataDir,
      PORT: String(await freePort()),
      CHROMA_AUTOSTART: 'true',
      LOG_LEVEL: 'info',
      CHROMA_PORT: String(chromaPort),
    });
    try {
      expect((await fetch(`${platform.url}/health`)).status).toBe(200);
      const chromaUp = await waitFor(async () => {
        const body = (await (await fetch(`${platform.url}/health/detailed`)).json()) as { details: Record<string, { status: string }> };
        return body.details.chroma?.status === 'up';
      }, 30_000);
      expect(chromaUp).toBe(true);
      expect(existsSync(join(dataDir, 'chroma'))).toBe(true);

      // A request in flight when SIGTERM arrives still gets its answer.
      const inFlight = fetch(`${platform.url}/health/detailed`).then((r) => r.status);
      const started = Date.now();
      const stopped = platform.stop(15_000);
      await expect(inFlight).resolves.toBeGreaterThanOrEqual(200);
      const code = await stopped;
      if (code !== 0) console.log(platform.output().slice(-3000));
      expect(code).toBe(0);
      expect(Date.now() - started).toBeLessThan(10_000);
      expect(await chromaAnswers(chromaPort)).toBe(false);
    } finally {
      await platform.kill();
    }
  });

  it('keeps what it wrote across a restart on the same DATA_DIR', async () => {
    const countMessages = () => {
      const db = new Database(join(dataDir, 'platform.sqlite'), { readonly: true });
      try {
        return (db.prepare('SELECT COUNT(*) AS n FROM a2a_messages').get() as { n: number }).n;
      } finally {
        db.close();
      }
    };
    const before = countMessages();
    expect(before).toBeGreaterThan(0); // the first run's bus health checks were logged
    const platform = await startPlatform({ DATA_DIR: dataDir, PORT: String(await freePort()) });
    await fetch(`${platform.url}/health`);
    await expect(platform.stop()).resolves.toBe(0);
    expect(countMessages()).toBeGreaterThan(before);
  });

  it.each([
    ['PORT', { PORT: 'abc' }],
    ['MODULES', { MODULES: 'rag,nope' }],
    ['DATABASE_URL', { DATABASE_URL: 'mysql://root@localhost/test' }],
  ])('refuses to start with a bad %s and names it', (name, env) => {
    const result = spawnSync(process.execPath, [MAIN], {
      env: { PATH: process.env.PATH, DATA_DIR: dataDir, ...env },
      encoding: 'utf8',
      timeout: 15_000,
    });
    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain(`${name}:`);
  });
});
