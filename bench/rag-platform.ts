/**
 * A started platform for the rag benchmarks, driven over its HTTP API like any client: the benchmarks
 * measure what a caller gets, and never reach into the rag module's services or tables.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { type Env, loadEnv } from '@libs/config';
import { createApp } from 'src/app.factory';
// eslint-disable-next-line no-restricted-imports -- the BEIR reader's types alone, a pure component
import type { BeirDocument } from 'src/modules/rag/eval/beir';
import { startChroma } from 'test/fixtures/chroma-server';

const ADMIN = { ADMIN_EMAIL: 'bench@local.test', ADMIN_PASSWORD: 'bench-password-1234' };

/** The fields of a document response the benchmarks read. */
export interface DocumentJson {
  id: string;
  status: string;
  chunkCount: number;
}

export interface RagPlatform {
  env: Env;
  chromaUrl: string;
  /** JSON in, JSON out; anything but 2xx throws with the problem body. */
  api<T = Record<string, unknown>>(method: string, path: string, body?: unknown): Promise<T>;
  /** POST /api/search/semantic, or /api/search/hybrid with its mode for keyword and hybrid. */
  search<T>(mode: 'semantic' | 'keyword' | 'hybrid', body: Record<string, unknown>): Promise<T>;
  /** Follows the document's status stream until it is indexed or failed, then reads it. */
  waitForDocument(id: string): Promise<DocumentJson>;
  close(): Promise<void>;
}

/**
 * Starts the platform (and a Chroma server unless CHROMA_URL is set) on temporary data removed on close, or, with
 * `keepDir`, on `<keepDir>/data` and `<keepDir>/chroma`, created if missing and kept, so a later run finds what this
 * one ingested.
 */
export async function startRagPlatform(
  prefix: string,
  overrides: Record<string, string | undefined>,
  options: { keepDir?: string } = {},
): Promise<RagPlatform> {
  const keepDir = options.keepDir ? resolve(options.keepDir) : undefined;
  const dataDir = keepDir ? join(keepDir, 'data') : mkdtempSync(join(tmpdir(), prefix));
  if (keepDir) mkdirSync(dataDir, { recursive: true });
  const chroma = process.env.CHROMA_URL ? undefined : await startChroma(60_000, keepDir ? { path: join(keepDir, 'chroma') } : {});
  const chromaUrl = process.env.CHROMA_URL ?? chroma!.url;
  const env = loadEnv({
    DATA_DIR: dataDir,
    CHROMA_URL: chromaUrl,
    LOG_LEVEL: 'warn',
    RATE_LIMIT_PER_MINUTE: '1000000',
    RATE_LIMIT_EXPENSIVE_PER_MINUTE: '1000000',
    ...ADMIN,
    ...overrides,
  } as NodeJS.ProcessEnv);
  const { app } = await createApp(env, { logger: false });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const base = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
  let authorization = `Bearer ${await login(base)}`;
  /** A request with the current access token; one that expired during a long run is renewed once. */
  const authorized = async (path: string, init: RequestInit = {}): Promise<Response> => {
    const send = () => fetch(`${base}${path}`, { ...init, headers: { ...(init.headers as Record<string, string>), authorization } });
    const res = await send();
    if (res.status !== 401) return res;
    await res.body?.cancel();
    authorization = `Bearer ${await login(base)}`;
    return send();
  };
  const api = async <T>(method: string, path: string, body?: unknown): Promise<T> => {
    const res = await authorized(path, {
      method,
      headers: body !== undefined ? { 'content-type': 'application/json' } : {},
      body: body !== undefined ? JSON.stringify(body) : undefined,
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${text}`);
    return (text ? JSON.parse(text) : undefined) as T;
  };
  return {
    env,
    chromaUrl,
    api,
    search: (mode, body) =>
      mode === 'semantic' ? api('POST', '/api/search/semantic', body) : api('POST', '/api/search/hybrid', { ...body, mode }),
    waitForDocument: async (id) => {
      await (await authorized(`/api/documents/${id}/events`)).text();
      return api<DocumentJson>('GET', `/api/documents/${id}`);
    },
    close: async () => {
      await app.close();
      await chroma?.stop();
      if (!keepDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

async function login(base: string): Promise<string> {
  const res = await fetch(`${base}/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: ADMIN.ADMIN_EMAIL, password: ADMIN.ADMIN_PASSWORD }),
  });
  if (res.status !== 200) throw new Error(`login failed: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { accessToken: string }).accessToken;
}

/**
 * Uploads a BEIR corpus as inline text documents (title as a heading), `uploads` at a time, and waits until each is
 * indexed. Returns, per platform document id, the BEIR ids it stands for (identical texts are stored once).
 */
export async function ingestBeirCorpus(
  platform: RagPlatform,
  collectionId: string,
  corpus: BeirDocument[],
  uploads = 32,
): Promise<Map<string, string[]>> {
  const started = performance.now();
  const beirIdsOf = new Map<string, string[]>();
  let next = 0;
  const uploader = async () => {
    for (let i = next++; i < corpus.length; i = next++) {
      const doc = corpus[i];
      const text = doc.title ? `# ${doc.title}\n\n${doc.text}` : doc.text;
      const document = await platform.api<{ id: string }>('POST', '/api/documents', {
        collection: collectionId,
        text,
        filename: `${doc.id}.md`,
      });
      // Identical texts are stored once: the document then stands for each of their ids.
      beirIdsOf.set(document.id, [...(beirIdsOf.get(document.id) ?? []), doc.id]);
    }
  };
  await Promise.all(Array.from({ length: uploads }, uploader));
  let chunks = 0;
  let failed = 0;
  for (const id of beirIdsOf.keys()) {
    const done = await platform.waitForDocument(id);
    if (done.status === 'indexed') chunks += done.chunkCount;
    else failed++;
  }
  const seconds = (performance.now() - started) / 1000;
  console.log(
    `  ingestion: ${corpus.length} texts as ${beirIdsOf.size} documents, ${chunks} chunks in ${seconds.toFixed(1)} s = ` +
      `${(beirIdsOf.size / seconds).toFixed(1)} docs/s, ${(chunks / seconds).toFixed(1)} chunks/s (${failed} failed)`,
  );
  return beirIdsOf;
}
