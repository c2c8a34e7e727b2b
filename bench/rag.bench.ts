/**
 * npm run bench:rag — in one run:
 *  1. ingestion throughput with the local embedding model: 256-token chunks through the whole pipeline
 *     (parse, chunk, embed, Chroma, full-text commit), beside the bare embedder on the same texts;
 *  2. hybrid search latency (p50/p95) at 10k and 100k chunks, beside the same vector query on the raw Chroma
 *     client. The search corpora get SYNTHETIC vectors (random unit vectors from an embedding server this bench
 *     starts, registered as an OpenAI-compatible model; embedding 100k chunks with the local model would take most
 *     of an hour): search cost does not depend on where the vectors came from.
 * Everything goes through the HTTP API of a started platform, so platform timings include HTTP, auth and validation.
 * BENCH_CHUNKS_SMALL / BENCH_CHUNKS_LARGE / BENCH_INGEST_CHUNKS change the sizes.
 */
import 'reflect-metadata';
import { createHash } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ChromaClient } from 'chromadb';
import { startRagPlatform, type RagPlatform } from 'bench/rag-platform';
// The tokenizer and the local embedder are pure components, imported by their own paths: the tokenizer sizes the
// synthetic texts, the embedder runs bare beside the pipeline. The platform itself is reached only over HTTP.
// eslint-disable-next-line no-restricted-imports -- the bare embedder alone, a pure component
import { UseLiteEmbedder } from 'src/modules/rag/embeddings/use-lite.embedder';
// eslint-disable-next-line no-restricted-imports -- the tokenizer alone, a pure component
import { countTokens } from 'src/modules/rag/parsing/chunker';

const INGEST_CHUNKS = Number(process.env.BENCH_INGEST_CHUNKS ?? 400);
const SIZES = [Number(process.env.BENCH_CHUNKS_SMALL ?? 10_000), Number(process.env.BENCH_CHUNKS_LARGE ?? 100_000)];
const QUERIES = 200;
const DIMENSIONS = 512;

const WORDS = (
  'account address alarm analysis answer battery billing bracket cable calendar camera charge cloud code config contract ' +
  'customer data delivery device discount display driver email error export firmware guide hardware humidity install invoice ' +
  'laptop license light login manual meeting memory monitor network order panel password payment policy port power printer ' +
  'privacy product refund release report reset return router schedule screen security sensor server service shipping software ' +
  'storage subscription support sync system tax temperature ticket update upgrade user version warranty wireless worker'
).split(' ');

function rng(seed: number) {
  let s = seed >>> 0;
  return () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32;
}

/**
 * A Zipf-distributed vocabulary (the common words above first, then 20,000 made-up terms), as real text has:
 * a few words everywhere, most words rare. Without it every keyword query would match every chunk.
 */
const SYLLABLES = 'ka lo mi re tu sa no vi de pa ri zo fe lu ga mo ne ti'.split(' ');
const VOCABULARY = [
  ...WORDS,
  ...Array.from({ length: 20_000 }, (_, i) => {
    let word = '';
    for (let n = i + 7; n > 0; n = Math.floor(n / SYLLABLES.length)) word += SYLLABLES[n % SYLLABLES.length];
    return word;
  }),
];
const ZIPF_CDF = (() => {
  const weights = VOCABULARY.map((_, rank) => 1 / (rank + 1) ** 1.05);
  const total = weights.reduce((a, b) => a + b, 0);
  let acc = 0;
  return weights.map((w) => (acc += w / total));
})();

function zipfWord(random: () => number): string {
  const x = random();
  let lo = 0;
  let hi = ZIPF_CDF.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (ZIPF_CDF[mid] < x) lo = mid + 1;
    else hi = mid;
  }
  return VOCABULARY[lo];
}

/** Text of about `tokens` cl100k tokens drawn from the Zipf vocabulary, with a product code now and then. */
function syntheticText(random: () => number, tokens: number): string {
  const words: string[] = [];
  let text = '';
  while (countTokens(text) < tokens) {
    for (let i = 0; i < 20; i++) words.push(zipfWord(random));
    words.push(`XR-${Math.floor(random() * 9000 + 1000)}.`);
    text = words.join(' ');
  }
  return text;
}

function unitVector(random: () => number, dimensions: number): number[] {
  const v = Array.from({ length: dimensions }, () => random() - 0.5);
  const norm = Math.hypot(...v);
  return v.map((x) => x / norm);
}

/** A unit vector derived from the text alone, so the bench and the platform agree on every query's vector. */
function syntheticVector(text: string, dimensions = DIMENSIONS): number[] {
  return unitVector(rng(createHash('sha256').update(text).digest().readUInt32LE(0)), dimensions);
}

/** An embedding server on OpenAI's wire format answering with synthetic vectors. */
async function startSyntheticEmbeddings(): Promise<{ url: string; server: Server }> {
  const server = createServer((req, res) => {
    const body: Buffer[] = [];
    req.on('data', (chunk: Buffer) => body.push(chunk));
    req.on('end', () => {
      const { input } = JSON.parse(Buffer.concat(body).toString('utf8')) as { input: string | string[] };
      const inputs = Array.isArray(input) ? input : [input];
      const data = inputs.map((text, index) => ({ object: 'embedding', index, embedding: syntheticVector(text) }));
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ object: 'list', model: 'synthetic', data, usage: { prompt_tokens: 0, total_tokens: 0 } }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`, server };
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
const fmt = (n: number) => n.toFixed(2);

interface SearchJson {
  results: unknown[];
}

async function main(): Promise<void> {
  const embeddingServer = await startSyntheticEmbeddings();
  const platform = await startRagPlatform('bench-rag-', {
    ...(process.env.BENCH_DATABASE_URL ? { DATABASE_URL: process.env.BENCH_DATABASE_URL } : {}),
    RAG_INGEST_CONCURRENCY: '4',
  });
  const random = rng(42);
  try {
    await measureIngestion(platform, random);
    await measureSearch(platform, random, embeddingServer.url);
  } finally {
    await platform.close();
    embeddingServer.server.close();
  }
}

/** 1. Ingestion: documents of 8 chunks of 256 tokens each, through the pipeline and through the bare embedder. */
async function measureIngestion(platform: RagPlatform, random: () => number): Promise<void> {
  const chunkTexts = Array.from({ length: INGEST_CHUNKS }, () => syntheticText(random, 250));
  const ingest = await platform.api<{ id: string }>('POST', '/api/collections', {
    name: 'bench-ingest',
    chunkTokens: 256,
    chunkOverlapTokens: 0,
  });
  const perDoc = 8;
  let started = performance.now();
  const ids: string[] = [];
  for (let i = 0; i < chunkTexts.length; i += perDoc) {
    const text = chunkTexts
      .slice(i, i + perDoc)
      .map((t, j) => `## Part ${i + j}\n\n${t}`)
      .join('\n\n');
    ids.push((await platform.api<{ id: string }>('POST', '/api/documents', { collection: ingest.id, text, filename: `doc-${i}.md` })).id);
  }
  let ingested = 0;
  for (const id of ids) ingested += (await platform.waitForDocument(id)).chunkCount;
  const pipelineRate = ingested / ((performance.now() - started) / 1000);
  // The bare embedder on exactly the texts the pipeline embedded (its chunks, with their headings).
  const produced: string[] = [];
  for (const id of ids) {
    const chunks = await platform.api<Array<{ text: string; heading: string | null }>>('GET', `/api/documents/${id}/chunks`);
    produced.push(...chunks.map((c) => (c.heading ? `${c.heading}\n\n${c.text}` : c.text)));
  }
  const bare = await UseLiteEmbedder.create({ workers: platform.env.RAG_EMBEDDING_WORKERS });
  await bare.embed(produced.slice(0, 8));
  started = performance.now();
  for (let i = 0; i < produced.length; i += 64) await bare.embed(produced.slice(i, i + 64));
  const bareRate = produced.length / ((performance.now() - started) / 1000);
  await bare.close();
  console.log('\ningestion with the local embedding model (256-token chunks)');
  console.table([
    { path: 'bare embedder on the same chunks (batches of 64)', 'chunks/s': fmt(bareRate), chunks: produced.length },
    {
      path: 'platform pipeline over HTTP (store, parse, chunk, embed, Chroma, full text)',
      'chunks/s': fmt(pipelineRate),
      chunks: ingested,
    },
    { path: 'ratio pipeline / bare', 'chunks/s': fmt(pipelineRate / bareRate) },
  ]);
}

/** 2. Search latency at two corpus sizes (synthetic vectors). */
async function measureSearch(platform: RagPlatform, random: () => number, embeddingsUrl: string): Promise<void> {
  await platform.api('POST', '/api/embedding-models', {
    name: 'bench-synthetic',
    kind: 'openai-compatible',
    modelId: 'synthetic',
    dimensions: DIMENSIONS,
    baseUrl: embeddingsUrl,
    batchSize: 500,
  });
  const corpus = await platform.api<{ id: string }>('POST', '/api/collections', {
    name: 'bench-search',
    embeddingModel: 'bench-synthetic',
    chunkTokens: 96,
    chunkOverlapTokens: 0,
  });
  const queryTexts = Array.from({ length: QUERIES }, () => Array.from({ length: 4 }, () => zipfWord(random)).join(' '));
  const search = (mode: 'semantic' | 'keyword' | 'hybrid', i: number) =>
    platform.search<SearchJson>(mode, { collection: corpus.id, query: queryTexts[i], k: 10 });
  const rows: Array<Record<string, string | number>> = [];
  let loaded = 0;
  for (const size of SIZES) {
    const loadStarted = performance.now();
    while (loaded < size) loaded += await loadSyntheticDocument(platform, corpus.id, random, Math.min(1000, size - loaded), loaded);
    console.log(`loaded ${loaded} chunks (synthetic vectors) in ${((performance.now() - loadStarted) / 1000).toFixed(1)} s`);
    // The platform caches query vectors in memory: one pass first, so semantic timings leave out the embedding call.
    if (size === SIZES[0]) for (let i = 0; i < QUERIES; i++) await search('semantic', i);
    const raw = await rawChromaCollection(platform.chromaUrl, corpus.id);
    const rawTimes = await measure((i) => raw.query({ queryEmbeddings: [syntheticVector(queryTexts[i])], nResults: 10 }));
    const semanticTimes = await measure((i) => search('semantic', i));
    const keywordTimes = await measure((i) => search('keyword', i));
    const hybridTimes = await measure((i) => search('hybrid', i));
    const row = (path: string, t: number[]) => ({
      chunks: loaded,
      path,
      'p50 ms': fmt(percentile(t, 50)),
      'p95 ms': fmt(percentile(t, 95)),
    });
    const before = rows.length;
    rows.push(
      row('raw Chroma client query (k=10)', rawTimes),
      row('platform semantic over HTTP (cached query vector)', semanticTimes),
      row('platform keyword over HTTP (full text)', keywordTimes),
      row('platform hybrid over HTTP (k=10, 50 candidates a side)', hybridTimes),
      {
        chunks: loaded,
        path: 'semantic / raw Chroma (p50)',
        'p50 ms': fmt(percentile(semanticTimes, 50) / percentile(rawTimes, 50)),
        'p95 ms': fmt(percentile(semanticTimes, 95) / percentile(rawTimes, 95)),
      },
    );
    console.table(rows.slice(before));
  }
  console.log(`\nsearch latency, ${QUERIES} queries each, one at a time (${platform.env.dbDriver})`);
  console.table(rows);
}

/** One plain-text document of about `paragraphs` chunks (one paragraph each), uploaded and indexed; returns its chunk count. */
async function loadSyntheticDocument(
  platform: RagPlatform,
  collectionId: string,
  random: () => number,
  paragraphs: number,
  loaded: number,
): Promise<number> {
  const text = Array.from({ length: paragraphs }, () => syntheticText(random, 60)).join('\n\n');
  const { id } = await platform.api<{ id: string }>('POST', '/api/documents', {
    collection: collectionId,
    text,
    filename: `synthetic-${loaded}.txt`,
  });
  const document = await platform.waitForDocument(id);
  if (document.status !== 'indexed') throw new Error(`synthetic document ${id} ended ${document.status}`);
  return document.chunkCount;
}

/** The collection's vectors in Chroma, found by the collection id its Chroma name carries. */
async function rawChromaCollection(chromaUrl: string, collectionId: string) {
  const url = new URL(chromaUrl);
  const client = new ChromaClient({ host: url.hostname, port: Number(url.port || 80), ssl: url.protocol === 'https:' });
  const compact = collectionId.replace(/-/g, '');
  const found = (await client.listCollections({ limit: 1000 })).find((c) => c.name.includes(compact));
  if (!found) throw new Error(`no Chroma collection for ${collectionId}`);
  return client.getCollection({ name: found.name, embeddingFunction: null } as never);
}

async function measure(run: (i: number) => Promise<unknown>): Promise<number[]> {
  for (let i = 0; i < 10; i++) await run(i);
  const times: number[] = [];
  for (let i = 0; i < QUERIES; i++) {
    const t = performance.now();
    await run(i);
    times.push(performance.now() - t);
  }
  return times.sort((a, b) => a - b);
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
