import { rmSync } from 'node:fs';
import { TEST_ADMIN, loginOverHttp } from 'test/utils/auth';
import { startChroma, type TestChroma } from 'test/fixtures/chroma-server';
import { startPlatform, type PlatformProcess } from 'test/utils/platform-process';
import { freePort, tmpDataDir } from 'test/utils/services';

jest.setTimeout(240_000);

type Json = Record<string, any>;

/** A long document of distinct paragraphs, so embedding it takes long enough to be interrupted. */
function longDocument(paragraphs: number): string {
  const topics = ['billing', 'shipping', 'returns', 'warranty', 'accounts', 'security', 'privacy', 'pricing'];
  return Array.from(
    { length: paragraphs },
    (_, i) =>
      `## Section ${i + 1}\n\nThis section (reference K-${1000 + i}) explains ${topics[i % topics.length]} rule number ${i + 1}. ` +
      `Customers in region ${i % 17} should follow step ${i % 5} before contacting support, and keep receipt ${i * 7} for ${i % 12} months. ` +
      'Staff check every request against the current policy, record the outcome, and answer within two working days.',
  ).join('\n\n');
}

/**
 * Kill -9 during ingestion: the platform is a real process (as users run it) over SQLite and a real Chroma.
 * After the restart the document is resumed and indexed completely, never left half-indexed and marked done.
 */
describe('RAG ingestion survives a crash', () => {
  let chroma: TestChroma;
  let platform: PlatformProcess | undefined;
  const dataDir = tmpDataDir('rag-crash-');

  afterAll(async () => {
    await platform?.kill();
    await chroma?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('resumes an ingestion killed mid-embedding and indexes every chunk exactly once', async () => {
    chroma = await startChroma();
    const port = await freePort();
    const env = { PORT: String(port), DATA_DIR: dataDir, CHROMA_URL: chroma.url, RAG_EMBEDDING_WORKERS: '1', ...TEST_ADMIN };
    platform = await startPlatform(env, 60_000);
    let token = await loginOverHttp(platform.url);
    const api = async (method: string, path: string, body?: unknown) => {
      const res = await fetch(`${platform!.url}${path}`, {
        method,
        headers: { authorization: `Bearer ${token}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
        body: body !== undefined ? JSON.stringify(body) : undefined,
      });
      return { status: res.status, body: (await res.json().catch(() => undefined)) as Json };
    };
    await api('POST', '/api/collections', { name: 'policies', chunkTokens: 64, chunkOverlapTokens: 8 });
    const created = await api('POST', '/api/documents', { collection: 'policies', text: longDocument(600), filename: 'policies.md' });
    expect(created.status).toBe(202);
    const id = created.body.id as string;

    let seen: Json = {};
    for (let i = 0; i < 600 && !(seen.status === 'embedding' && seen.progress > 0); i++) {
      await new Promise((r) => setTimeout(r, 50));
      seen = (await api('GET', `/api/documents/${id}`)).body;
    }
    expect(seen.status).toBe('embedding');
    await platform.kill();

    platform = await startPlatform(env, 60_000);
    token = await loginOverHttp(platform.url);
    const afterRestart = (await api('GET', `/api/documents/${id}`)).body;
    expect(afterRestart.status).not.toBe('indexed');
    let document: Json = afterRestart;
    for (let i = 0; i < 900 && !['indexed', 'failed'].includes(document.status); i++) {
      await new Promise((r) => setTimeout(r, 200));
      document = (await api('GET', `/api/documents/${id}`)).body;
    }
    expect([document.status, document.errorMessage]).toEqual(['indexed', null]);
    const chunks = (await api('GET', `/api/documents/${id}/chunks`)).body as Json[];
    expect(chunks.length).toBe(document.chunkCount);
    expect(chunks.map((c) => c.chunkIndex)).toEqual(chunks.map((_, i) => i));
    const hit = await api('POST', '/api/search/hybrid', { collection: 'policies', query: 'K-1599', k: 3, mode: 'keyword' });
    expect(hit.body.results[0].text).toContain('K-1599');
    const optimize = await api('POST', '/api/index/optimize', { collection: 'policies' });
    expect(optimize.body.collections[0]).toMatchObject({ vectors: document.chunkCount, removedVectors: 0 });
  });
});
