/**
 * npm run bench:rag — in one run:
 *  1. ingestion throughput with the local embedding model: 256-token chunks through the whole pipeline
 *     (parse, chunk, embed, Chroma, full-text commit), beside the bare embedder on the same texts;
 *  2. hybrid search latency (p50/p95) at 10k and 100k chunks, beside the same vector query on the raw Chroma
 *     client. The search corpora get SYNTHETIC vectors (random unit vectors; embedding 100k chunks with the
 *     local model would take most of an hour): search cost does not depend on where the vectors came from.
 * BENCH_CHUNKS_SMALL / BENCH_CHUNKS_LARGE / BENCH_INGEST_CHUNKS change the sizes.
 */
import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadEnv } from '@libs/config';
import { sha256Hex } from '@libs/crypto';
import { createApp } from 'src/app.factory';
import {
  ChromaStore,
  CollectionsService,
  DocumentsService,
  EmbeddingService,
  UseLiteEmbedder,
  countTokens,
  chunkId,
  RagRepository,
  SearchService,
} from 'src/modules/rag';
import { startChroma } from 'test/fixtures/chroma-server';

const INGEST_CHUNKS = Number(process.env.BENCH_INGEST_CHUNKS ?? 400);
const SIZES = [Number(process.env.BENCH_CHUNKS_SMALL ?? 10_000), Number(process.env.BENCH_CHUNKS_LARGE ?? 100_000)];
const QUERIES = 200;

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

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
const fmt = (n: number) => n.toFixed(2);

async function main(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'bench-rag-'));
  const chroma = process.env.CHROMA_URL ? undefined : await startChroma();
  const env = loadEnv({
    DATA_DIR: dataDir,
    CHROMA_URL: process.env.CHROMA_URL ?? chroma!.url,
    ...(process.env.BENCH_DATABASE_URL ? { DATABASE_URL: process.env.BENCH_DATABASE_URL } : {}),
    LOG_LEVEL: 'warn',
    RAG_INGEST_CONCURRENCY: '4',
  } as NodeJS.ProcessEnv);
  const { app } = await createApp(env, { logger: false });
  await app.init();
  const random = rng(42);
  try {
    const collections = app.get(CollectionsService);
    const documents = app.get(DocumentsService);
    const embeddings = app.get(EmbeddingService);
    const repository = app.get(RagRepository);
    const vectors = app.get(ChromaStore);
    const search = app.get(SearchService);

    // 1. Ingestion: documents of 8 chunks of 256 tokens each.
    const chunkTexts = Array.from({ length: INGEST_CHUNKS }, () => syntheticText(random, 250));
    const ingest = await collections.create({ name: 'bench-ingest', chunkTokens: 256, chunkOverlapTokens: 0 });
    const perDoc = 8;
    let started = performance.now();
    const ids: string[] = [];
    for (let i = 0; i < chunkTexts.length; i += perDoc) {
      const body = chunkTexts
        .slice(i, i + perDoc)
        .map((t, j) => `## Part ${i + j}\n\n${t}`)
        .join('\n\n');
      ids.push((await documents.create({ collection: ingest.id, bytes: Buffer.from(body), filename: `doc-${i}.md` })).document.id);
    }
    let ingested = 0;
    for (const id of ids) ingested += (await documents.waitForTerminal(id, 3_600_000)).chunkCount;
    const pipelineRate = ingested / ((performance.now() - started) / 1000);
    // The bare embedder on exactly the texts the pipeline embedded (its chunks, with their headings).
    const produced: string[] = [];
    for (const id of ids)
      produced.push(...(await repository.documentChunks(id)).map((c) => (c.heading ? `${c.heading}\n\n${c.text}` : c.text)));
    const bare = await UseLiteEmbedder.create({ workers: env.RAG_EMBEDDING_WORKERS });
    await bare.embed(produced.slice(0, 8));
    started = performance.now();
    for (let i = 0; i < produced.length; i += 64) await bare.embed(produced.slice(i, i + 64));
    const bareRate = produced.length / ((performance.now() - started) / 1000);
    await bare.close();
    console.log('\ningestion with the local embedding model (256-token chunks)');
    console.table([
      { path: 'bare embedder on the same chunks (batches of 64)', 'chunks/s': fmt(bareRate), chunks: produced.length },
      { path: 'platform pipeline (store, parse, chunk, embed, Chroma, full text)', 'chunks/s': fmt(pipelineRate), chunks: ingested },
      { path: 'ratio pipeline / bare', 'chunks/s': fmt(pipelineRate / bareRate) },
    ]);

    // 2. Search latency at two corpus sizes (synthetic vectors).
    const model = await embeddings.defaultModel();
    const queryTexts = Array.from({ length: QUERIES }, () => Array.from({ length: 4 }, () => zipfWord(random)).join(' '));
    const queryVectors: number[][] = [];
    for (let i = 0; i < queryTexts.length; i += 64) queryVectors.push(...(await embeddings.embed(model, queryTexts.slice(i, i + 64))));
    const rows: Array<Record<string, string | number>> = [];
    let loaded = 0;
    const corpus = await collections.create({ name: 'bench-search', chunkTokens: 256, chunkOverlapTokens: 0 });
    for (const size of SIZES) {
      const loadStarted = performance.now();
      while (loaded < size) {
        const n = Math.min(1000, size - loaded);
        const docId = randomUUID();
        const texts = Array.from({ length: n }, () => syntheticText(random, 60));
        const chunks = texts.map((text, index) => ({ index, text, tokenCount: countTokens(text), contentHash: sha256Hex(text) }));
        await repository.createDocument(
          {
            collectionId: corpus.id,
            filename: `synthetic-${loaded}.txt`,
            sizeBytes: 1,
            contentHash: sha256Hex(docId),
            status: 'embedding',
            metadata: {},
          },
          Buffer.from('synthetic'),
        );
        const document = (await repository.findDocumentByHash(corpus.id, sha256Hex(docId)))!;
        await vectors.upsert(
          corpus.chromaName,
          chunks.map((c) => chunkId(document.id, c.index)),
          chunks.map(() => unitVector(random, 512)),
          chunks.map((c) => ({ documentId: document.id, chunkIndex: c.index })),
        );
        await repository.commitChunks(document, chunks, { status: 'indexed', chunkCount: n, progress: 1 });
        loaded += n;
      }
      console.log(`loaded ${size} chunks (synthetic vectors) in ${((performance.now() - loadStarted) / 1000).toFixed(1)} s`);
      const raw = await vectors.client.getCollection({ name: corpus.chromaName, embeddingFunction: null } as never);
      const measure = async (run: (i: number) => Promise<unknown>) => {
        for (let i = 0; i < 10; i++) await run(i);
        const times: number[] = [];
        for (let i = 0; i < QUERIES; i++) {
          const t = performance.now();
          await run(i);
          times.push(performance.now() - t);
        }
        return times.sort((a, b) => a - b);
      };
      const rawTimes = await measure((i) => raw.query({ queryEmbeddings: [queryVectors[i]], nResults: 10 }));
      const semanticTimes = await measure((i) => search.search('semantic', { collection: corpus.id, query: queryTexts[i], k: 10 }));
      const keywordTimes = await measure((i) => search.search('keyword', { collection: corpus.id, query: queryTexts[i], k: 10 }));
      const hybridTimes = await measure((i) => search.search('hybrid', { collection: corpus.id, query: queryTexts[i], k: 10 }));
      const row = (path: string, t: number[]) => ({
        chunks: size,
        path,
        'p50 ms': fmt(percentile(t, 50)),
        'p95 ms': fmt(percentile(t, 95)),
      });
      const before = rows.length;
      rows.push(
        row('raw Chroma client query (k=10)', rawTimes),
        row('platform semantic (cached query vector)', semanticTimes),
        row('platform keyword (full text)', keywordTimes),
        row('platform hybrid (k=10, 50 candidates a side)', hybridTimes),
        {
          chunks: size,
          path: 'semantic / raw Chroma (p50)',
          'p50 ms': fmt(percentile(semanticTimes, 50) / percentile(rawTimes, 50)),
          'p95 ms': fmt(percentile(semanticTimes, 95) / percentile(rawTimes, 95)),
        },
      );
      console.table(rows.slice(before));
    }
    console.log(`\nsearch latency, ${QUERIES} queries each, one at a time (${env.dbDriver})`);
    console.table(rows);
  } finally {
    await app.close();
    await chroma?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
