import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { ChromaClient } from 'chromadb';
import { WebSocket } from 'ws';
import { loadEnv } from '@libs/config';
import { createApp } from 'src/app.factory';
import { FakeOpenAi, EMBEDDING_DIMENSIONS } from 'test/fixtures/fake-openai';
import { TEST_ADMIN, loginOverHttp } from 'test/utils/auth';
import { eventually } from 'test/utils/eventually';
import { startChroma, type TestChroma } from 'test/fixtures/chroma-server';
import { REDIS_TEST_URL, createTestPgDatabase, itWithServices, tmpDataDir, uniqueNamespace } from 'test/utils/services';

jest.setTimeout(180_000);

type Json = Record<string, any>;
const FIXTURES = join(__dirname, '..', 'fixtures', 'rag');
const fixture = (name: string) => readFileSync(join(FIXTURES, name));

/**
 * RAG end to end on a real Chroma server and the real primary database (SQLite FTS5, then PostgreSQL full text),
 * with the offline local embedding model: upload every format, search three ways, ask, inspect, delete, and
 * feed it bad input.
 */
describe.each(['sqlite', 'postgres'] as const)('RAG over HTTP (%s, real Chroma)', (dialect) => {
  let app: NestFastifyApplication;
  let base: string;
  let token: string;
  let chroma: TestChroma;
  let pg: { url: string; drop: () => Promise<void> } | undefined;
  let model: FakeOpenAi;
  let privateSite: Server;
  const skip = dialect === 'postgres' && itWithServices('postgres', 'redis') !== it;
  const dataDir = tmpDataDir('rag-');
  const docs: Record<string, Json> = {};

  const api = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${base}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
      body: body !== undefined ? JSON.stringify(body) : undefined,
    });
    const text = await res.text();
    return { status: res.status, body: (text ? JSON.parse(text) : undefined) as Json, headers: res.headers };
  };
  const upload = async (
    file: Buffer,
    filename: string,
    options: { collection?: string; metadata?: Json; wait?: boolean; type?: string } = {},
  ) => {
    const form = new FormData();
    form.set('collection', options.collection ?? 'manuals');
    if (options.metadata) form.set('metadata', JSON.stringify(options.metadata));
    form.set('file', new Blob([file], { type: options.type ?? 'application/octet-stream' }), filename);
    const res = await fetch(`${base}/api/documents${options.wait === false ? '' : '?wait=true'}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}` },
      body: form,
    });
    return { status: res.status, body: (await res.json()) as Json };
  };

  beforeAll(async () => {
    if (skip) return;
    if (dialect === 'postgres') pg = await createTestPgDatabase('rag');
    chroma = await startChroma();
    model = new FakeOpenAi();
    await model.start();
    privateSite = createServer((_req, res) => res.end('internal only')).listen(0, '127.0.0.1');
    const env = loadEnv({
      DATA_DIR: dataDir,
      CHROMA_URL: chroma.url,
      // PostgreSQL runs as the server mode does: with Redis, so ingestion goes through Bull and events over the Redis bus.
      ...(pg ? { DATABASE_URL: pg.url, REDIS_URL: REDIS_TEST_URL, BUS_NAMESPACE: uniqueNamespace('rag') } : {}),
      RATE_LIMIT_EXPENSIVE_PER_MINUTE: '100000',
      RATE_LIMIT_PER_MINUTE: '100000',
      RAG_EMBEDDING_WORKERS: '1',
      ...TEST_ADMIN,
    });
    ({ app } = await createApp(env, process.env.RAG_TEST_LOG ? {} : { logger: false }));
    await app.listen({ port: 0, host: '127.0.0.1' });
    base = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
    token = await loginOverHttp(base);
    await api('POST', '/api/model-providers', { name: 'fake', kind: 'openai', baseUrl: model.url, apiKey: 'sk-test' });
  });

  afterAll(async () => {
    await app?.close();
    await chroma?.stop();
    await model?.stop();
    privateSite?.close();
    await pg?.drop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const it_ = itWithServices(...(dialect === 'postgres' ? (['postgres', 'redis'] as const) : []));

  it_('creates collections bound to the offline local model and refuses bad ones', async () => {
    const models = await api('GET', '/api/embedding-models');
    expect(models.body).toEqual([expect.objectContaining({ name: 'local-use-lite', kind: 'local', dimensions: 512, hasApiKey: false })]);
    const created = await api('POST', '/api/collections', { name: 'manuals', description: 'Product manuals and policies' });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ name: 'manuals', chunkTokens: 256, chunkOverlapTokens: 32, embeddingModelId: models.body[0].id });
    expect((await api('POST', '/api/collections', { name: 'manuals' })).body.code).toBe('COLLECTION_EXISTS');
    expect((await api('POST', '/api/collections', { name: '../x' })).status).toBe(400);
    expect((await api('POST', '/api/collections', { name: 'ok', surprise: 1 })).body.code).toBe('VALIDATION_FAILED');
    expect((await api('POST', '/api/collections', { name: 'ok', chunkTokens: 64, chunkOverlapTokens: 64 })).body.code).toBe(
      'COLLECTION_INVALID',
    );
    expect((await api('GET', '/api/collections')).body.map((c: Json) => c.name)).toEqual(['manuals']);
  });

  it_('ingests PDF, DOCX, Markdown, HTML, text, CSV and JSON with their structure', async () => {
    for (const [name, type] of [
      ['manual.pdf', 'application/pdf'],
      ['handbook.docx', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'],
      ['guide.md', 'text/markdown'],
      ['page.html', 'text/html'],
      ['notes.txt', 'text/plain'],
      ['inventory.csv', 'text/csv'],
      ['config.json', 'application/json'],
    ]) {
      const res = await upload(fixture(name), name, { type, metadata: { team: name === 'handbook.docx' ? 'people' : 'product' } });
      expect([res.status, res.body.status, res.body.errorMessage]).toEqual([202, 'indexed', null]);
      expect(res.body.chunkCount).toBeGreaterThan(0);
      docs[name] = res.body;
    }
    expect(docs['manual.pdf']).toMatchObject({ format: 'pdf', pages: 3, title: 'Acme Widget Pro User Manual', language: 'en' });
    expect(docs['handbook.docx'].format).toBe('docx');
    expect(docs['page.html'].format).toBe('html');
    const pdfChunks = (await api('GET', `/api/documents/${docs['manual.pdf'].id}/chunks`)).body;
    const codeChunk = pdfChunks.find((c: Json) => c.text.includes('XR-7741'));
    expect(codeChunk.page).toBe(2);
    const docxChunks = (await api('GET', `/api/documents/${docs['handbook.docx'].id}/chunks`)).body;
    expect(docxChunks.find((c: Json) => c.text.includes('Employer matches 5%')).heading).toContain('Benefits');
    const htmlText = (await api('GET', `/api/documents/${docs['page.html'].id}/chunks`)).body.map((c: Json) => c.text).join(' ');
    expect(htmlText).toContain('soft brush');
    expect(htmlText).not.toContain('tracking pixel');
    const listed = await api('GET', '/api/documents?collection=manuals&status=indexed&limit=3');
    expect([listed.body.total, listed.body.items.length]).toEqual([7, 3]);
  });

  it_('streams ingestion progress over server-sent events until indexed', async () => {
    const created = await upload(Buffer.from('# Release notes\n\nVersion 5.1 adds offline maps and a dark theme.'), 'release.md', {
      wait: false,
    });
    expect(created.status).toBe(202);
    const res = await fetch(`${base}/api/documents/${created.body.id}/events`, { headers: { authorization: `Bearer ${token}` } });
    expect(res.headers.get('content-type')).toContain('text/event-stream');
    const events = (await res.text())
      .split('\n\n')
      .filter((block) => block.startsWith('event: status'))
      .map((block) => JSON.parse(block.split('data: ')[1]));
    expect(events.at(-1).status).toBe('indexed');
    docs['release.md'] = created.body;
  });

  it_('streams ingestion progress over a WebSocket, per collection and per document, and refuses no token', async () => {
    const ws = new WebSocket(`${base.replace('http', 'ws')}/api/documents/live?collection=manuals&token=${token}`);
    const received: Json[] = [];
    const seen = (match: (m: Json) => boolean, timeoutMs = 30_000) =>
      eventually(
        async () => received,
        (all) => all.some(match),
        timeoutMs,
        50,
      );
    ws.on('message', (data) => received.push(JSON.parse(String(data)) as Json));
    await new Promise((resolve, reject) => (ws.once('open', resolve), ws.once('error', reject)));
    await seen((m) => m.ok === true);
    expect(received).toContainEqual({ ok: true, subscriptions: [expect.stringMatching(/^collection:/)] });
    const created = await upload(Buffer.from('# Changelog\n\nVersion 5.2 adds tide tables to the offline maps.'), 'changelog.md', {
      wait: false,
    });
    await seen((m) => m.documentId === created.body.id && m.status === 'indexed');
    const ofDocument = received.filter((m) => m.documentId === created.body.id);
    expect(ofDocument.map((m) => m.status)).toContain('embedding');
    expect(ofDocument.at(-1)).toMatchObject({ status: 'indexed', progress: 1 });
    expect(ofDocument.every((m) => m.collectionId === created.body.collectionId)).toBe(true);
    // A finished document answers with its status and ends; an unknown one and a bad command answer errors.
    ws.send(JSON.stringify({ subscribe: { documentId: created.body.id } }));
    await seen((m) => m.ended === true);
    expect(received).toContainEqual({ documentId: created.body.id, ended: true });
    ws.send(JSON.stringify({ subscribe: { documentId: '00000000-0000-4000-8000-000000000000' } }));
    ws.send(JSON.stringify({ subscribe: { collection: 'no-such-collection' } }));
    ws.send('not json');
    await eventually(
      async () => received.filter((m) => m.error).map((m) => m.error.code as string),
      (codes) => codes.length >= 3,
    );
    expect(received.filter((m) => m.error).map((m) => m.error.code)).toEqual(
      expect.arrayContaining(['DOCUMENT_NOT_FOUND', 'COLLECTION_NOT_FOUND', 'INVALID_JSON']),
    );
    ws.close();
    const refused = new WebSocket(`${base.replace('http', 'ws')}/api/documents/live?collection=manuals`);
    await expect(new Promise((resolve, reject) => (refused.on('open', resolve), refused.on('error', reject)))).rejects.toThrow(/401/);
    docs['changelog.md'] = created.body;
  });

  it_('finds a paraphrased question semantically, with document, heading, page and score', async () => {
    const res = await api('POST', '/api/search/semantic', {
      collection: 'manuals',
      query: 'How much paid time off do employees get each year?',
      k: 3,
    });
    expect(res.status).toBe(200);
    expect(res.body.results[0]).toMatchObject({ filename: 'handbook.docx', heading: expect.stringContaining('Holidays') });
    expect(res.body.results[0].text).toContain('28 days');
    expect(res.body.results[0].semanticScore).toBeGreaterThanOrEqual(res.body.results[2].semanticScore);
  });

  it_('finds an exact product code with keyword and hybrid search where it is on page 2', async () => {
    for (const [mode, feedback] of [
      ['keyword', undefined],
      ['hybrid', undefined],
      // The second pass (Rocchio on the vector, feedback words on the keyword side) keeps the exact match first.
      ['hybrid', { passages: 3, terms: 5 }],
    ] as const) {
      const res = await api('POST', '/api/search/hybrid', { collection: 'manuals', query: 'XR-7741', k: 3, mode, feedback });
      expect(res.body.results[0]).toMatchObject({ filename: 'manual.pdf', page: 2 });
      expect(res.body.results[0].keywordScore).toBeGreaterThan(0);
    }
    const tilted = await api('POST', '/api/search/hybrid', {
      collection: 'manuals',
      query: 'XR-7741 bracket',
      k: 5,
      semanticWeight: 0,
      keywordWeight: 1,
    });
    expect(tilted.body.results.every((r: Json) => r.semanticScore === undefined || r.keywordScore !== undefined)).toBe(true);
  });

  it_('filters by document, format, page and upload metadata on both sides of hybrid search', async () => {
    const byFormat = await api('POST', '/api/search/hybrid', {
      collection: 'manuals',
      query: 'holiday days employees',
      k: 10,
      filter: { formats: ['docx'] },
    });
    expect(byFormat.body.results.length).toBeGreaterThan(0);
    expect(new Set(byFormat.body.results.map((r: Json) => r.filename))).toEqual(new Set(['handbook.docx']));
    const byMeta = await api('POST', '/api/search/semantic', {
      collection: 'manuals',
      query: 'benefits',
      k: 10,
      filter: { metadata: { team: 'people' } },
    });
    expect(new Set(byMeta.body.results.map((r: Json) => r.filename))).toEqual(new Set(['handbook.docx']));
    const byPage = await api('POST', '/api/search/hybrid', {
      collection: 'manuals',
      query: 'batteries',
      k: 10,
      filter: { documentIds: [docs['manual.pdf'].id], pageFrom: 3, pageTo: 3 },
    });
    expect(byPage.body.results.length).toBeGreaterThan(0);
    expect(byPage.body.results.every((r: Json) => r.page === 3)).toBe(true);
    expect((await api('POST', '/api/search/hybrid', { collection: 'manuals', query: 'x', filter: { pageFrom: 'one' } })).status).toBe(400);
  });

  it_('answers extractively with citations when no model is given, and says so', async () => {
    const res = await api('POST', '/api/query', { collection: 'manuals', question: 'What is the product code of the wall bracket?' });
    expect(res.status).toBe(200);
    expect(res.body.mode).toBe('extractive');
    expect(res.body.note).toMatch(/no model/i);
    expect(res.body.answer).toContain('XR-7741');
    expect(res.body.citations[0]).toMatchObject({ n: 1, filename: 'manual.pdf', page: 2 });
  });

  it_('answers with a model (OpenAI wire protocol) citing the passages it used', async () => {
    model.respond((request) => {
      // Cite the numbered passage that holds the code, as a model following the system prompt would.
      const prompt = String(request.messages.at(-1)?.content);
      const headers = [...prompt.slice(0, prompt.indexOf('XR-7741')).matchAll(/^\[(\d+)\] \(/gm)];
      return { text: `Order the bracket under code XR-7741 [${headers.at(-1)?.[1] ?? 0}].` };
    });
    const res = await api('POST', '/api/query', {
      collection: 'manuals',
      question: 'Which code do I use to order a replacement bracket?',
      model: { provider: 'fake', modelId: 'gpt-test' },
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ mode: 'generative', answer: expect.stringContaining('XR-7741') });
    expect(res.body.citations).toEqual([expect.objectContaining({ filename: 'manual.pdf', page: 2 })]);
    expect(model.requests.at(-1)?.messages[0].content).toMatch(/only the numbered passages/);
    const missing = await api('POST', '/api/query', { collection: 'manuals', question: 'x?', model: { provider: 'nope', modelId: 'm' } });
    expect([missing.status, missing.body.code]).toEqual([503, 'MODEL_NOT_CONFIGURED']);
  });

  it_('serves the same over A2A JSON-RPC, with JSON-RPC errors for bad requests', async () => {
    const ask = await api('POST', '/a2a/ask', {
      jsonrpc: '2.0',
      id: 7,
      method: 'ask',
      params: { collection: 'manuals', question: 'How often should the solar panels be checked?' },
    });
    expect(ask.body.id).toBe(7);
    expect(ask.body.result.citations[0].filename).toBe('page.html');
    const search = await api('POST', '/a2a/ask', {
      jsonrpc: '2.0',
      id: 'x',
      method: 'search',
      params: { collection: 'manuals', query: 'ORBIT_WORKERS', mode: 'keyword' },
    });
    expect(search.body.result.results[0].filename).toBe('guide.md');
    expect((await api('POST', '/a2a/ask', { jsonrpc: '2.0', id: 1, method: 'nope' })).body.error.code).toBe(-32601);
    expect((await api('POST', '/a2a/ask', { jsonrpc: '2.0', id: 1, method: 'ask', params: { question: 3 } })).body.error.code).toBe(-32602);
    expect((await api('POST', '/a2a/ask', [{ jsonrpc: '2.0', id: 1, method: 'ask' }])).body.error.code).toBe(-32600);
    const unknown = await api('POST', '/a2a/ask', { jsonrpc: '2.0', id: 2, method: 'ask', params: { collection: 'nope', question: 'q' } });
    expect(unknown.body.error.data.code).toBe('COLLECTION_NOT_FOUND');
    // The module's A2A card lists each collection as a live skill.
    const card = await api('POST', '/a2a/route', { jsonrpc: '2.0', id: 9, method: 'rag.card', params: {} });
    expect(card.body.result.skills).toEqual(
      expect.arrayContaining([expect.objectContaining({ id: 'collection:manuals', tags: expect.arrayContaining(['manuals']) })]),
    );
    expect(card.body.result.metadata.skillStatus['collection:manuals']).toBe('live');
    const history = await api('GET', '/api/search/history?collection=manuals&limit=100');
    expect(history.body.some((s: Json) => s.mode === 'qa' && s.answer)).toBe(true);
  });

  it_('gives document insights: statistics, headings and key terms', async () => {
    const res = await api('GET', `/api/documents/${docs['manual.pdf'].id}/insights`);
    expect(res.status).toBe(200);
    expect(res.body.statistics).toMatchObject({ pages: 3, chunks: docs['manual.pdf'].chunkCount, language: 'en' });
    expect(res.body.statistics.tokens).toBeGreaterThan(100);
    expect(res.body.headings.join(' ')).toContain('Installation');
    expect(res.body.keyTerms.map((t: Json) => t.term)).toEqual(expect.arrayContaining(['widget', 'XR-7741']));
    expect(res.body.summary).toBeNull();
  });

  it_('summarises a document with a model when asked', async () => {
    model.respond({ text: 'A manual for the Acme Widget Pro: setup, pairing and maintenance.' });
    const res = await api('GET', `/api/documents/${docs['manual.pdf'].id}/insights?model=fake:gpt-test`);
    expect(res.body.summary).toContain('Acme Widget Pro');
    expect(String(model.requests.at(-1)?.messages.at(-1)?.content)).toContain('XR-7741');
    expect((await api('GET', `/api/documents/${docs['manual.pdf'].id}/insights?model=nocolon`)).status).toBe(400);
  });

  it_("builds a collection's entity graph from key terms, reads entities and neighbours, and expands hybrid queries with it", async () => {
    expect((await api('POST', '/api/collections', { name: 'physiology' })).status).toBe(201);
    expect((await api('GET', '/api/collections/physiology/graph')).body).toMatchObject({ status: 'none', entities: [], relations: [] });
    const texts = [
      'Insulin resistance raises plasma glucose in obese patients.',
      'Plasma glucose and insulin resistance in obese children.',
      'Insulin resistance and plasma glucose after exercise.',
      'Tidal tables for the harbour at spring tides.',
      'Harbour pilots read tidal tables every morning.',
      'Ferry timetables change with the seasons.',
    ];
    for (const [i, text] of texts.entries()) {
      const res = await api('POST', '/api/documents?wait=true', { collection: 'physiology', text, filename: `note-${i}.txt` });
      expect(res.body.status).toBe('indexed');
    }
    const built = await api('POST', '/api/collections/physiology/graph?wait=true');
    expect(built.status).toBe(202);
    expect(built.body).toMatchObject({ status: 'ready', passageCount: 6, error: null });
    expect(built.body.entityCount).toBeGreaterThanOrEqual(4);
    const graph = (await api('GET', '/api/collections/physiology/graph?limit=100')).body;
    const names = graph.entities.map((e: Json) => e.name);
    expect(names).toEqual(expect.arrayContaining(['insulin resistance', 'plasma glucose', 'tidal tables', 'harbour']));
    expect(names).not.toContain('ferry');
    expect(graph.relations).toContainEqual({ source: 'insulin resistance', target: 'plasma glucose', weight: 3 });
    expect((await api('GET', '/api/collections/physiology/graph?q=tid')).body.entities.map((e: Json) => e.name)).toEqual(
      expect.arrayContaining(['tidal tables']),
    );
    const near = (await api('GET', `/api/collections/physiology/graph/neighbours?entity=${encodeURIComponent('Plasma glucose')}`)).body;
    expect(near.entity).toEqual({ name: 'plasma glucose', passages: 3 });
    expect(near.neighbours[0]).toMatchObject({ weight: 3 });
    expect(near.neighbours.map((n: Json) => n.name)).toContain('insulin resistance');
    expect(near.neighbours.map((n: Json) => n.name)).not.toContain('harbour');
    expect((await api('GET', '/api/collections/physiology/graph/neighbours?entity=volcano')).body.code).toBe('GRAPH_ENTITY_NOT_FOUND');
    expect((await api('GET', '/api/collections/physiology/graph/neighbours')).status).toBe(400);
    expect((await api('GET', '/api/collections/physiology/graph?limit=0')).status).toBe(400);
    expect((await api('GET', '/api/collections/physiology/graph?surprise=1')).status).toBe(400);
    expect((await api('POST', '/api/collections/nowhere/graph')).body.code).toBe('COLLECTION_NOT_FOUND');
    // Graph expansion on the keyword side alone: "obese" is in two passages; its neighbours (insulin resistance,
    // plasma glucose, ...) bring in the third passage about them, which plain keyword search cannot find.
    const keywordOnly = (graphTerms: number) =>
      api('POST', '/api/search/hybrid', {
        collection: 'physiology',
        query: 'obese',
        k: 6,
        semanticWeight: 0,
        feedback: { passages: 1, terms: 0, vectorWeight: 0, graphTerms },
      });
    const plain = (await keywordOnly(0)).body.results.map((r: Json) => r.text);
    expect(plain.sort()).toEqual([texts[0], texts[1]].sort());
    const expanded = (await keywordOnly(3)).body.results.map((r: Json) => r.text);
    expect(expanded.slice(0, 2).sort()).toEqual([texts[0], texts[1]].sort());
    expect(expanded).toContain(texts[2]);
    expect(expanded).not.toContain(texts[3]);
    expect((await api('POST', '/api/search/hybrid', { collection: 'physiology', query: 'x', feedback: { graphTerms: 11 } })).status).toBe(
      400,
    );
    expect((await api('POST', '/api/search/hybrid', { collection: 'physiology', query: 'x', feedback: { other: 1 } })).status).toBe(400);
    // The graph goes with its collection.
    expect((await api('DELETE', '/api/collections/physiology')).status).toBe(204);
    expect((await api('POST', '/api/collections', { name: 'physiology' })).status).toBe(201);
    expect((await api('GET', '/api/collections/physiology/graph')).body).toMatchObject({ status: 'none', entityCount: 0, entities: [] });
    expect((await api('DELETE', '/api/collections/physiology')).status).toBe(204);
  });

  it_('re-indexes a document from its stored bytes', async () => {
    const before = docs['guide.md'];
    const queued = await api('POST', `/api/documents/${before.id}/reindex`);
    expect(queued.status).toBe(202);
    let document: Json = queued.body;
    for (let i = 0; i < 100 && document.status !== 'indexed'; i++) {
      await new Promise((r) => setTimeout(r, 100));
      document = (await api('GET', `/api/documents/${before.id}`)).body;
    }
    expect([document.status, document.chunkCount]).toEqual(['indexed', before.chunkCount]);
    const hit = await api('POST', '/api/search/hybrid', { collection: 'manuals', query: 'ORBIT_WORKERS', k: 1, mode: 'keyword' });
    expect(hit.body.results[0].documentId).toBe(before.id);
  });

  it_('keeps one document per content hash in a collection', async () => {
    const again = await upload(fixture('notes.txt'), 'copy-of-notes.txt');
    expect([again.status, again.body.duplicate, again.body.id]).toEqual([200, true, docs['notes.txt'].id]);
  });

  it_('marks bad documents failed with their reason and touches nothing else', async () => {
    const cases: Array<[string, Buffer, string]> = [
      ['corrupt.pdf', fixture('corrupt.pdf'), 'CORRUPT_DOCUMENT'],
      ['encrypted.pdf', fixture('encrypted.pdf'), 'ENCRYPTED_DOCUMENT'],
      ['bomb.docx', fixture('bomb.docx'), 'ARCHIVE_TOO_LARGE'],
      ['empty.txt', fixture('empty.txt'), 'EMPTY_DOCUMENT'],
      ['invoice.pdf', fixture('invoice.pdf'), 'TYPE_MISMATCH'],
    ];
    for (const [name, bytes, code] of cases) {
      const res = await upload(bytes, name);
      expect([name, res.body.status, res.body.errorCode]).toEqual([name, 'failed', code]);
      expect(res.body.errorMessage.length).toBeGreaterThan(10);
    }
    const traversal = await upload(Buffer.from('plain words about the passwd file'), '../../etc/passwd');
    expect([traversal.body.status, traversal.body.filename]).toEqual(['indexed', 'passwd']);
    const big = await upload(Buffer.alloc(100 * 1024 * 1024, 97), 'huge.txt');
    expect([big.status, big.body.code]).toEqual([413, 'FILE_TOO_LARGE']);
    const privateUrl = await api('POST', '/api/documents', {
      collection: 'manuals',
      url: `http://127.0.0.1:${(privateSite.address() as AddressInfo).port}/x.txt`,
    });
    expect([privateUrl.status, privateUrl.body.code]).toEqual([422, 'URL_REJECTED']);
    expect((await api('POST', '/api/documents', { collection: 'manuals', url: 'file:///etc/passwd' })).status).toBe(400);
    expect((await api('POST', '/api/documents', { collection: 'nope', text: 'x' })).body.code).toBe('COLLECTION_NOT_FOUND');
    expect((await api('POST', '/api/documents', { collection: 'manuals', text: 'x', extra: true })).body.code).toBe('VALIDATION_FAILED');
    const malformed = await fetch(`${base}/api/documents`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: '{"collection":',
    });
    expect(((await malformed.json()) as Json).code).toBe('MALFORMED_JSON');
    // Everything indexed before is still there and searchable.
    const failed = await api('GET', '/api/documents?collection=manuals&status=failed');
    expect(failed.body.total).toBe(5);
    const still = await api('POST', '/api/search/hybrid', { collection: 'manuals', query: 'XR-7741', k: 1 });
    expect(still.body.results[0].filename).toBe('manual.pdf');
  });

  it_('deletes a document with its chunks, keyword entries and vectors', async () => {
    const target = docs['inventory.csv'];
    const client = new ChromaClient({ host: '127.0.0.1', port: Number(new URL(chroma.url).port) });
    const collectionId = (await api('GET', '/api/collections/manuals')).body.id as string;
    const vectors = await client.getCollection({ name: `c_${collectionId.replace(/-/g, '')}` });
    expect((await vectors.get({ where: { documentId: target.id } })).ids.length).toBe(target.chunkCount);
    expect((await api('DELETE', `/api/documents/${target.id}`)).status).toBe(204);
    expect((await api('GET', `/api/documents/${target.id}`)).body.code).toBe('DOCUMENT_NOT_FOUND');
    expect((await vectors.get({ where: { documentId: target.id } })).ids.length).toBe(0);
    const keyword = await api('POST', '/api/search/hybrid', { collection: 'manuals', query: 'Washer M6 Hinge', k: 10, mode: 'keyword' });
    expect(keyword.body.results.some((r: Json) => r.documentId === target.id)).toBe(false);
    const optimized = await api('POST', '/api/index/optimize', { collection: 'manuals' });
    expect(optimized.status).toBe(200);
    expect(optimized.body.collections[0]).toMatchObject({ name: 'manuals', removedVectors: 0 });
  });

  it_('re-embeds a collection with another model (OpenAI embeddings wire protocol) in the background', async () => {
    const remote = await api('POST', '/api/embedding-models', {
      name: 'fake-embeddings',
      kind: 'openai',
      modelId: 'text-embedding-test',
      dimensions: EMBEDDING_DIMENSIONS,
      baseUrl: model.url,
      apiKey: 'sk-test',
    });
    expect(remote.status).toBe(201);
    expect(remote.body.hasApiKey).toBe(true);
    expect(JSON.stringify(remote.body)).not.toContain('sk-test');
    const started = await api('POST', '/api/index/optimize', { collection: 'manuals', reembedWith: 'fake-embeddings' });
    expect(started.body.reembedding.status).toBe('reembedding');
    let collection: Json = {};
    for (let i = 0; i < 100 && collection.status !== 'ready'; i++) {
      await new Promise((r) => setTimeout(r, 200));
      collection = (await api('GET', '/api/collections/manuals')).body;
    }
    expect([collection.status, collection.embeddingModelId, collection.lastError]).toEqual(['ready', remote.body.id, null]);
    expect(model.embeddingRequests).toBeGreaterThan(0);
    const res = await api('POST', '/api/search/semantic', { collection: 'manuals', query: 'wall bracket product code XR 7741', k: 3 });
    expect(res.body.results[0].filename).toBe('manual.pdf');
    // The re-embedded vectors keep their filter metadata.
    const filtered = await api('POST', '/api/search/semantic', {
      collection: 'manuals',
      query: 'benefits',
      k: 10,
      filter: { metadata: { team: 'people' }, formats: ['docx'] },
    });
    expect(filtered.body.results.length).toBeGreaterThan(0);
    expect(new Set(filtered.body.results.map((r: Json) => r.filename))).toEqual(new Set(['handbook.docx']));
    expect((await api('DELETE', '/api/embedding-models/fake-embeddings')).body.code).toBe('EMBEDDING_MODEL_IN_USE');
  });

  it_('deletes a collection with everything in it', async () => {
    await api('POST', '/api/collections', { name: 'scratch' });
    await api('POST', '/api/documents?wait=true', { collection: 'scratch', text: 'temporary words', filename: 't.txt' });
    expect((await api('DELETE', '/api/collections/scratch')).status).toBe(204);
    expect((await api('GET', '/api/collections/scratch')).status).toBe(404);
    expect((await api('GET', '/api/documents?collection=manuals')).body.total).toBeGreaterThan(0);
  });
});
