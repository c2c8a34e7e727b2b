/**
 * npm run eval:rag -- <beir-dataset-dir> — retrieval quality of the platform's search on a BEIR-format folder
 * (corpus.jsonl, queries.jsonl, qrels/test.tsv): ingests the corpus through the real pipeline (local embedding
 * model, SQLite full text, a local Chroma server), runs every query through semantic, keyword and hybrid search,
 * and prints nDCG@10, Recall@10 and Recall@100 for each, plus ingestion throughput. Everything goes through the HTTP
 * API of a started platform (uploads, status streams, POST /api/search/semantic and /api/search/hybrid).
 * EVAL_DATABASE_URL=postgres://... uses PostgreSQL full text instead of SQLite; CHROMA_URL an existing Chroma.
 */
import 'reflect-metadata';
import { resolve } from 'node:path';
// The BEIR reader and the IR metrics are pure components, imported by their own paths: they score the run, the
// platform under test is reached only over HTTP.
// eslint-disable-next-line no-restricted-imports -- the BEIR reader alone, a pure component
import { type BeirDocument, readBeirDataset } from 'src/modules/rag/eval/beir';
// eslint-disable-next-line no-restricted-imports -- the IR metrics alone, a pure component
import { evaluateRun } from 'src/modules/rag/eval/ir-metrics';
import { startRagPlatform, type RagPlatform } from 'bench/rag-platform';

const MODES = ['semantic', 'keyword', 'hybrid'] as const;
const DEPTH = 100;
/** Uploads in flight at once: enough to keep the ingestion queue full. */
const UPLOADS = 32;

interface SearchJson {
  results: Array<{ documentId: string }>;
  latencyMs: number;
}

async function main(): Promise<void> {
  const dir = process.argv.slice(2).find((a) => !a.startsWith('-'));
  if (!dir) throw new Error('usage: npm run eval:rag -- <beir-dataset-dir>');
  const dataset = await readBeirDataset(resolve(dir));
  console.log(`dataset ${dir}: ${dataset.corpus.length} documents, ${dataset.queries.length} queries with judgements`);

  const platform = await startRagPlatform('eval-rag-', {
    ...(process.env.EVAL_DATABASE_URL ? { DATABASE_URL: process.env.EVAL_DATABASE_URL } : {}),
    MODULES: undefined,
    RAG_INGEST_CONCURRENCY: process.env.RAG_INGEST_CONCURRENCY ?? '8',
  });
  try {
    const collection = await platform.api<{ id: string }>('POST', '/api/collections', { name: `eval-${Date.now()}` });
    const beirIdOf = await ingest(platform, collection.id, dataset.corpus);
    const rows: Array<Record<string, string>> = [];
    for (const mode of MODES) {
      const run = new Map<string, string[]>();
      const latencies: number[] = [];
      for (const query of dataset.queries) {
        const outcome = await platform.search<SearchJson>(mode, { collection: collection.id, query: query.text, k: DEPTH });
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
    await platform.close();
  }
}

/** Uploads the corpus as Markdown over POST /api/documents, waits for every document and prints the throughput. */
async function ingest(platform: RagPlatform, collectionId: string, corpus: BeirDocument[]): Promise<Map<string, string>> {
  const started = performance.now();
  const beirIdOf = new Map<string, string>();
  const created: string[] = [];
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
      beirIdOf.set(document.id, doc.id);
      created.push(document.id);
    }
  };
  await Promise.all(Array.from({ length: UPLOADS }, uploader));
  let chunks = 0;
  let failed = 0;
  for (const id of created) {
    const done = await platform.waitForDocument(id);
    if (done.status === 'indexed') chunks += done.chunkCount;
    else failed++;
  }
  const seconds = (performance.now() - started) / 1000;
  console.log(
    `ingestion: ${created.length} documents, ${chunks} chunks in ${seconds.toFixed(1)} s = ${(created.length / seconds).toFixed(1)} docs/s, ` +
      `${(chunks / seconds).toFixed(1)} chunks/s (${failed} failed)`,
  );
  return beirIdOf;
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
