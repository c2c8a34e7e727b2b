/**
 * npm run eval:rag -- <beir-dataset-dir> — retrieval quality of the platform's search on a BEIR-format folder
 * (corpus.jsonl, queries.jsonl, qrels/test.tsv): ingests the corpus through the real pipeline (local embedding
 * model, SQLite full text, a local Chroma server), runs every query through semantic, keyword and hybrid search,
 * and prints nDCG@10, Recall@10 and Recall@100 for each, plus ingestion throughput.
 * EVAL_DATABASE_URL=postgres://... uses PostgreSQL full text instead of SQLite; CHROMA_URL an existing Chroma.
 */
import 'reflect-metadata';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { loadEnv } from '@libs/config';
import { createApp } from 'src/app.factory';
import { CollectionsService, DocumentsService, readBeirDataset, evaluateRun, SearchService, type SearchMode } from 'src/modules/rag';
import { startChroma } from 'test/fixtures/chroma-server';

const MODES: SearchMode[] = ['semantic', 'keyword', 'hybrid'];
const DEPTH = 100;

async function main(): Promise<void> {
  const dir = process.argv.slice(2).find((a) => !a.startsWith('-'));
  if (!dir) throw new Error('usage: npm run eval:rag -- <beir-dataset-dir>');
  const dataset = await readBeirDataset(resolve(dir));
  console.log(`dataset ${dir}: ${dataset.corpus.length} documents, ${dataset.queries.length} queries with judgements`);

  const dataDir = mkdtempSync(join(tmpdir(), 'eval-rag-'));
  const chroma = process.env.CHROMA_URL ? undefined : await startChroma();
  const env = loadEnv({
    DATA_DIR: dataDir,
    CHROMA_URL: process.env.CHROMA_URL ?? chroma!.url,
    ...(process.env.EVAL_DATABASE_URL ? { DATABASE_URL: process.env.EVAL_DATABASE_URL } : {}),
    LOG_LEVEL: 'warn',
    MODULES: undefined,
    RAG_INGEST_CONCURRENCY: process.env.RAG_INGEST_CONCURRENCY ?? '8',
  } as NodeJS.ProcessEnv);
  const { app } = await createApp(env, { logger: false });
  await app.init();
  try {
    const collections = app.get(CollectionsService);
    const documents = app.get(DocumentsService);
    const search = app.get(SearchService);
    const collection = await collections.create({ name: `eval-${Date.now()}` });

    const started = performance.now();
    const beirIdOf = new Map<string, string>();
    const created = await Promise.all(
      dataset.corpus.map(async (doc) => {
        const text = doc.title ? `# ${doc.title}\n\n${doc.text}` : doc.text;
        const { document } = await documents.create({ collection: collection.id, bytes: Buffer.from(text), filename: `${doc.id}.md` });
        beirIdOf.set(document.id, doc.id);
        return document.id;
      }),
    );
    let chunks = 0;
    let failed = 0;
    for (const id of created) {
      const done = await documents.waitForTerminal(id, 3_600_000);
      if (done.status === 'indexed') chunks += done.chunkCount;
      else failed++;
    }
    const seconds = (performance.now() - started) / 1000;
    console.log(
      `ingestion: ${created.length} documents, ${chunks} chunks in ${seconds.toFixed(1)} s = ${(created.length / seconds).toFixed(1)} docs/s, ` +
        `${(chunks / seconds).toFixed(1)} chunks/s (${failed} failed)`,
    );

    const rows: Array<Record<string, string>> = [];
    for (const mode of MODES) {
      const run = new Map<string, string[]>();
      const latencies: number[] = [];
      for (const query of dataset.queries) {
        const outcome = await search.search(mode, { collection: collection.id, query: query.text, k: DEPTH });
        latencies.push(outcome.latencyMs);
        const ranked: string[] = [];
        for (const hit of outcome.results) {
          const beirId = beirIdOf.get(hit.documentId);
          if (beirId && !ranked.includes(beirId)) ranked.push(beirId);
        }
        run.set(query.id, ranked);
      }
      const metrics = evaluateRun(run, dataset.qrels, [10, 100]);
      latencies.sort((a, b) => a - b);
      rows.push({
        mode,
        'nDCG@10': metrics.ndcg[10].toFixed(4),
        'Recall@10': metrics.recall[10].toFixed(4),
        'Recall@100': metrics.recall[100].toFixed(4),
        'p50 ms': latencies[Math.floor(latencies.length / 2)].toFixed(1),
      });
    }
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
