import { spawn, type ChildProcess } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { eventually } from 'test/utils/eventually';
import { loginOverHttp, TEST_ADMIN } from 'test/utils/auth';
import { freePort } from 'test/utils/services';

type Json = any;

const ROOT = resolve(__dirname, '..', '..');
const BINARY = join(ROOT, 'build', 'agentic-ai');

interface Started {
  child: ChildProcess;
  url: string;
  msToHealthy: number;
  output: () => string;
  stop: () => Promise<void>;
}

/**
 * The single executable as a user gets it (`npm run build:binary`): the one file copied alone into an empty folder
 * outside the repository, started there with no node_modules reachable, then used over HTTP: an agent, a knowledge
 * collection, an uploaded document found by semantic and keyword search. A second start reuses the unpacked cache.
 */
describe('single executable (npm run build:binary)', () => {
  const sandbox = mkdtempSync(join(tmpdir(), 'agentic-binary-'));
  const folder = join(sandbox, 'run');
  const cache = join(sandbox, 'cache');
  const home = join(sandbox, 'home');
  let port: number;
  let chromaPort: number;
  let first: Started | undefined;
  let second: Started | undefined;

  function unpacked(): string[] {
    const base = join(cache, 'agentic-ai-acceleration');
    return existsSync(base) ? readdirSync(base).filter((name) => /^[0-9a-f]{64}$/.test(name)) : [];
  }

  async function start(): Promise<Started> {
    const started = Date.now();
    // No NODE_PATH, no inherited environment: only what a user's shell would have, plus the test's ports and admin.
    const child = spawn(join(folder, 'agentic-ai'), [], {
      cwd: folder,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: {
        PATH: process.env.PATH,
        HOME: home,
        XDG_CACHE_HOME: cache,
        PORT: String(port),
        HOST: '127.0.0.1',
        CHROMA_PORT: String(chromaPort),
        RAG_EMBEDDING_WORKERS: '1',
        ...TEST_ADMIN,
      },
    });
    let output = '';
    child.stdout!.on('data', (chunk) => (output += chunk));
    child.stderr!.on('data', (chunk) => (output += chunk));
    const exited = new Promise<void>((done) => child.once('exit', () => done()));
    const url = `http://127.0.0.1:${port}`;
    for (;;) {
      if (child.exitCode !== null) throw new Error(`the binary exited with ${child.exitCode}:\n${output}`);
      if (Date.now() - started > 150_000) throw new Error(`no healthy /health within 150 s:\n${output}`);
      const status = await fetch(`${url}/health`, { signal: AbortSignal.timeout(5_000) }).then(
        (res) => res.status,
        () => 0,
      );
      if (status === 200) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    const msToHealthy = Date.now() - started;
    return {
      child,
      url,
      msToHealthy,
      output: () => output,
      // The platform and the Chroma server it started share one process group: stop them together.
      stop: async () => {
        if (child.exitCode !== null || child.signalCode !== null) return;
        process.kill(-child.pid!, 'SIGTERM');
        const timer = setTimeout(() => process.kill(-child.pid!, 'SIGKILL'), 15_000);
        await exited;
        clearTimeout(timer);
        try {
          process.kill(-child.pid!, 'SIGKILL');
        } catch {
          // the group is already gone
        }
      },
    };
  }

  beforeAll(async () => {
    const build = spawn('npm', ['run', 'build:binary', '--silent'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let log = '';
    build.stdout.on('data', (chunk) => (log += chunk));
    build.stderr.on('data', (chunk) => (log += chunk));
    const code = await new Promise<number | null>((done) => build.once('exit', done));
    if (code !== 0) throw new Error(`npm run build:binary failed (${code}):\n${log}`);
    mkdirSync(folder, { recursive: true });
    mkdirSync(home, { recursive: true });
    copyFileSync(BINARY, join(folder, 'agentic-ai'));
    [port, chromaPort] = [await freePort(), await freePort()];
  }, 240_000);

  afterAll(async () => {
    await first?.stop();
    await second?.stop();
    rmSync(sandbox, { recursive: true, force: true });
  });

  it('is one file, in a folder with no node_modules anywhere above it', () => {
    expect(readdirSync(folder)).toEqual(['agentic-ai']);
    expect(folder.startsWith(ROOT)).toBe(false);
    for (let dir = folder; dir !== dirname(dir); dir = dirname(dir)) expect(existsSync(join(dir, 'node_modules'))).toBe(false);
    expect(statSync(BINARY).size).toBeGreaterThan(50e6);
  });

  it('reports an unwritable cache clearly and exits, without a stack trace', async () => {
    const blocker = join(sandbox, 'not-a-folder');
    writeFileSync(blocker, '');
    const child = spawn(join(folder, 'agentic-ai'), [], {
      cwd: folder,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { PATH: process.env.PATH, HOME: home, AGENTIC_CACHE_DIR: join(blocker, 'cache') },
    });
    let output = '';
    child.stderr.on('data', (chunk) => (output += chunk));
    const code = await new Promise<number | null>((done) => child.once('exit', done));
    expect(code).toBe(1);
    expect(output).toMatch(/^agentic-ai: cannot unpack into .*\nagentic-ai: set XDG_CACHE_HOME or AGENTIC_CACHE_DIR/);
    expect(output).not.toMatch(/\n\s+at /);
  });

  it('unpacks on first run (removing an abandoned unpack) and starts on its embedded defaults', async () => {
    const abandoned = join(cache, 'agentic-ai-acceleration', '.unpack-0123456789ab-999999999-1');
    mkdirSync(join(abandoned, 'dist'), { recursive: true });
    first = await start();
    expect(first.output()).toMatch(/agentic-ai: first run of build [0-9a-f]{12}: unpacking \d+ files into /);
    expect(first.output()).toMatch(/agentic-ai: unpacked in \d+ ms/);
    expect(existsSync(abandoned)).toBe(false);
    expect(unpacked()).toHaveLength(1);
    // Embedded defaults: SQLite and the local Chroma data in ./data of the folder it was started in.
    expect(existsSync(join(folder, 'data'))).toBe(true);
    const detailed = await eventually(
      () => fetch(`${first!.url}/health/detailed`).then((res) => res.json() as Promise<Json>),
      (body) => body.details?.chroma?.status === 'up',
      60_000,
      500,
    );
    expect(detailed.details).toMatchObject({ database: { status: 'up', driver: 'sqlite' }, chroma: { status: 'up' } });
    // The web console travels inside the file too.
    const page = await fetch(`${first!.url}/`, { headers: { accept: 'text/html' } });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<div id="root"></div>');
    console.log(`binary: first start (unpack included) healthy after ${first.msToHealthy} ms`);
  }, 200_000);

  it('creates an agent, uploads a document and finds it by meaning and by keyword', async () => {
    const token = await loginOverHttp(first!.url);
    const api = async (method: string, path: string, body?: unknown) => {
      const res = await fetch(`${first!.url}${path}`, {
        method,
        headers: { authorization: `Bearer ${token}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
        body: body !== undefined ? JSON.stringify(body) : undefined,
      });
      const text = await res.text();
      return { status: res.status, body: (text ? JSON.parse(text) : undefined) as Json };
    };

    const agent = await api('POST', '/api/agents', { name: 'keeper', brain: 'echo', description: 'Repeats messages' });
    expect([agent.status, agent.body.name]).toEqual([201, 'keeper']);
    expect((await api('GET', '/api/agents')).body.items.map((a: Json) => a.name)).toContain('keeper');

    const collection = await api('POST', '/api/collections', { name: 'notes' });
    expect([collection.status, collection.body.status]).toEqual([201, 'ready']);

    const text = [
      'Lighthouse keeping',
      'The lighthouse on Varnholm island is painted red and white. Its keeper, Ingrid Solberg, refuels the lamp every Tuesday.',
      'Bread baking',
      'Sourdough needs a starter fed with flour and water for five days before the first loaf comes out of the oven.',
    ].join('\n\n');
    const form = new FormData();
    form.set('collection', 'notes');
    form.set('file', new Blob([text], { type: 'text/plain' }), 'notes.txt');
    const uploaded = await fetch(`${first!.url}/api/documents?wait=true`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}` },
      body: form,
    });
    const document = (await uploaded.json()) as Json;
    expect([uploaded.status, document.status, document.errorMessage]).toEqual([202, 'indexed', null]);
    expect(document.chunkCount).toBeGreaterThan(0);

    const semantic = await api('POST', '/api/search/semantic', { collection: 'notes', query: 'who looks after the lamp?', k: 2 });
    expect(semantic.status).toBe(200);
    expect(semantic.body.results[0]).toMatchObject({ filename: 'notes.txt', text: expect.stringContaining('Ingrid Solberg') });
    expect(semantic.body.results[0].semanticScore).toBeGreaterThan(0);
    const keyword = await api('POST', '/api/search/hybrid', { collection: 'notes', query: 'Varnholm', k: 2 });
    expect(keyword.body.results[0]).toMatchObject({ filename: 'notes.txt', text: expect.stringContaining('Varnholm') });
    expect(keyword.body.results[0].keywordScore).toBeGreaterThan(0);
  }, 120_000);

  it('starts again from the unpacked cache (no second unpack), with the data it kept', async () => {
    const [hash] = unpacked();
    const marker = join(cache, 'agentic-ai-acceleration', hash, '.complete');
    const unpackedAt = statSync(marker).mtimeMs;
    await first!.stop();
    second = await start();
    expect(second.output()).not.toMatch(/unpacking|unpacked in/);
    expect(unpacked()).toEqual([hash]);
    expect(statSync(marker).mtimeMs).toBe(unpackedAt);
    console.log(`binary: second start (cache reused) healthy after ${second.msToHealthy} ms`);
    const token = await loginOverHttp(second.url);
    const agents = (await fetch(`${second.url}/api/agents`, { headers: { authorization: `Bearer ${token}` } }).then((r) =>
      r.json(),
    )) as Json;
    expect(agents.items.map((a: Json) => a.name)).toContain('keeper');
  }, 200_000);
});
