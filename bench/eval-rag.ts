/**
 * npm run eval:rag [-- <beir-dataset-dir>...] [--split test|dev|train] [--dump <file.json>] [--hybrid '<json>']
 *
 * Retrieval quality of the platform's search on BEIR-format folders (corpus.jsonl, queries.jsonl, qrels/<split>.tsv).
 * Without a folder it runs every collection under eval/datasets plus test/fixtures/rag/beir-mini. Each corpus is
 * ingested through the real pipeline (local embedding model, SQLite full text, a local Chroma server), every judged
 * query of the split is run through keyword, semantic and hybrid search, and one Markdown table gives nDCG@10,
 * Recall@10 and Recall@100 per collection and mode, keyword (BM25) first as the baseline. A run over the default
 * collections also writes the table to bench/results/eval-rag.md (eval-rag-<split>.md for a tuning split).
 * Everything goes through the HTTP API of a started platform (uploads, status streams, the search endpoints).
 *
 * --split        qrels to score (default test). dev and train stand in for each other when a collection has only one
 *                of them; a collection with neither is skipped. Tune on dev/train, report test.
 * --dump         writes the keyword and semantic rankings (chunk-level, with scores) and the qrels as JSON, for
 *                offline fusion tuning (bench/tune-fusion.ts).
 * --hybrid       extra fields for POST /api/search/hybrid, e.g. '{"semanticWeight":0.5}'.
 * EVAL_KEEP_DIR  keeps each collection's platform data (DATA_DIR and Chroma) in <dir>/<collection>-<fingerprint>; a
 *                collection ingested completely there from the same corpus (same fingerprint) is reused, not ingested
 *                again, so tuning runs take seconds.
 * EVAL_MODES     comma-separated modes to run (default all three), for quick tuning runs of one mode.
 * EVAL_DATABASE_URL=postgres://... uses PostgreSQL full text instead of SQLite; CHROMA_URL an existing Chroma.
 */
import 'reflect-metadata';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
// The BEIR reader and the IR metrics are pure components, imported by their own paths: they score the run, the
// platform under test is reached only over HTTP.
// eslint-disable-next-line no-restricted-imports -- the BEIR reader alone, a pure component
import { type BeirDataset, readBeirDataset } from 'src/modules/rag/eval/beir';
// eslint-disable-next-line no-restricted-imports -- the IR metrics alone, a pure component
import { evaluateRun, meanOf } from 'src/modules/rag/eval/ir-metrics';
import { ingestBeirCorpus, startRagPlatform } from 'bench/rag-platform';

const MODES = ['keyword', 'semantic', 'hybrid'] as const;
type Mode = (typeof MODES)[number];
const DEPTH = 100;
const ROOT = resolve(__dirname, '..', '..');
const DATASETS_DIR = join(ROOT, 'eval', 'datasets');
const OWN_DATASET = join(ROOT, 'test', 'fixtures', 'rag', 'beir-mini');
const RESULTS_DIR = join(ROOT, 'bench', 'results');
/** Part of the collection fingerprint: bump it when ingestion changes what a stored collection holds. */
const INGEST_VERSION = '1';
const SPLITS = ['test', 'dev', 'train'] as const;

interface SearchJson {
  results: Array<{ chunkId: string; documentId: string; score: number }>;
  latencyMs: number;
}

interface Options {
  dirs: string[];
  split: (typeof SPLITS)[number];
  dump?: string;
  hybrid: Record<string, unknown>;
  defaultSet: boolean;
}

interface Row {
  collection: string;
  mode: Mode;
  split: string;
  queries: number;
  ndcg10: number;
  recall10: number;
  recall100: number;
  p50Ms: number;
}

/** One ranked hit of a dump: the BEIR ids of its document (several when identical texts were deduplicated). */
interface DumpHit {
  chunk: string;
  docs: string[];
  score: number;
}

function parseArgs(argv: string[]): Options {
  const dirs: string[] = [];
  let split: Options['split'] = 'test';
  let dump: string | undefined;
  let hybrid: Record<string, unknown> = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = () => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${arg} needs a value`);
      return v;
    };
    if (arg === '--split') {
      const v = value();
      if (!(SPLITS as readonly string[]).includes(v)) throw new Error(`--split must be one of ${SPLITS.join(', ')}`);
      split = v as Options['split'];
    } else if (arg === '--dump') dump = resolve(value());
    else if (arg === '--hybrid') hybrid = JSON.parse(value()) as Record<string, unknown>;
    else if (arg.startsWith('-')) throw new Error(`unknown option ${arg}`);
    else dirs.push(resolve(arg));
  }
  const defaultSet = dirs.length === 0;
  if (defaultSet) {
    const datasets = readdirSync(DATASETS_DIR, { withFileTypes: true })
      .filter((e) => e.isDirectory() && existsSync(join(DATASETS_DIR, e.name, 'corpus.jsonl')))
      .map((e) => join(DATASETS_DIR, e.name))
      .sort();
    dirs.push(...datasets, OWN_DATASET);
  }
  return { dirs, split, dump, hybrid, defaultSet };
}

/** The qrels file to use: the requested split, or for a tuning split the other tuning split; undefined if neither. */
function splitOf(dir: string, split: Options['split']): string | undefined {
  const candidates = split === 'test' ? ['test'] : split === 'dev' ? ['dev', 'train'] : ['train', 'dev'];
  return candidates.find((s) => existsSync(join(dir, 'qrels', `${s}.tsv`)));
}

async function main(): Promise<void> {
  const options = parseArgs(process.argv.slice(2));
  const keepRoot = process.env.EVAL_KEEP_DIR ? resolve(process.env.EVAL_KEEP_DIR) : undefined;
  const rows: Row[] = [];
  const dump: unknown[] = [];
  for (const dir of options.dirs) {
    const name = basename(dir);
    const split = splitOf(dir, options.split);
    if (!split) {
      console.log(`${name}: skipped, no qrels for split ${options.split}`);
      continue;
    }
    const dataset = await readBeirDataset(dir, { split });
    console.log(`${name}: ${dataset.corpus.length} documents, ${dataset.queries.length} judged queries (${split})`);
    // One platform per collection: full-text statistics (BM25's document frequencies) span the whole index, so a
    // collection must not share it with another.
    const collection = collectionName(name, dir);
    const keepDir = keepRoot ? join(keepRoot, collection) : undefined;
    const mapFile = keepDir ? join(keepDir, 'ids.json') : undefined;
    const reuse = mapFile !== undefined && existsSync(mapFile);
    // A folder without the id map holds an interrupted ingestion: start it afresh.
    if (keepDir && !reuse) rmSync(keepDir, { recursive: true, force: true });
    const platform = await startRagPlatform(
      'eval-rag-',
      {
        ...(process.env.EVAL_DATABASE_URL ? { DATABASE_URL: process.env.EVAL_DATABASE_URL } : {}),
        MODULES: undefined,
        RAG_INGEST_CONCURRENCY: process.env.RAG_INGEST_CONCURRENCY ?? '8',
      },
      { keepDir },
    );
    try {
      let beirIdsOf: Map<string, string[]>;
      if (reuse) {
        beirIdsOf = new Map(Object.entries((JSON.parse(readFileSync(mapFile, 'utf8')) as { ids: Record<string, string[]> }).ids));
        console.log(`  reusing the ingested ${collection} in ${keepDir}`);
      } else {
        const created = await platform.api<{ id: string }>('POST', '/api/collections', { name: collection });
        beirIdsOf = await ingestBeirCorpus(platform, created.id, dataset.corpus);
        if (mapFile) writeFileSync(mapFile, JSON.stringify({ ids: Object.fromEntries(beirIdsOf) }));
      }
      const feedback = options.hybrid.feedback as { graphTerms?: number } | undefined;
      if (feedback?.graphTerms) {
        const graph = await platform.api<{ entityCount: number; relationCount: number; durationMs: number }>(
          'POST',
          `/api/collections/${collection}/graph?wait=true`,
        );
        console.log(`  entity graph: ${graph.entityCount} entities, ${graph.relationCount} relations in ${graph.durationMs} ms`);
      }
      const perQuery = new Map<string, Record<string, DumpHit[]>>();
      for (const mode of MODES.filter((m) => !process.env.EVAL_MODES || process.env.EVAL_MODES.split(',').includes(m))) {
        const run = new Map<string, string[]>();
        const latencies: number[] = [];
        for (const query of dataset.queries) {
          const body = { collection, query: query.text, k: DEPTH, ...(mode === 'hybrid' ? options.hybrid : {}) };
          const outcome = await platform.search<SearchJson>(mode, body);
          latencies.push(outcome.latencyMs);
          const hits = outcome.results.map((hit) => ({ chunk: hit.chunkId, docs: beirIdsOf.get(hit.documentId) ?? [], score: hit.score }));
          run.set(query.id, [...new Set(hits.flatMap((hit) => hit.docs))]);
          if (options.dump && mode !== 'hybrid') perQuery.set(query.id, { ...perQuery.get(query.id), [mode]: hits });
        }
        const metrics = evaluateRun(run, dataset.qrels, [10, 100]);
        latencies.sort((a, b) => a - b);
        const row: Row = {
          collection: name,
          mode,
          split,
          queries: metrics.queries,
          ndcg10: metrics.ndcg[10],
          recall10: metrics.recall[10],
          recall100: metrics.recall[100],
          p50Ms: latencies[Math.floor(latencies.length / 2)] ?? 0,
        };
        rows.push(row);
        console.log(
          `  ${mode.padEnd(8)} nDCG@10 ${row.ndcg10.toFixed(4)}  R@10 ${row.recall10.toFixed(4)}  R@100 ${row.recall100.toFixed(4)}  p50 ${row.p50Ms.toFixed(1)} ms`,
        );
      }
      if (options.dump) dump.push(dumpOf(name, split, dataset, perQuery));
    } finally {
      await platform.close();
    }
  }
  const table = markdownTable(rows, options);
  console.log(`\n${table}`);
  if (options.dump) {
    writeFileSync(options.dump, JSON.stringify({ depth: DEPTH, collections: dump }));
    console.log(`rankings written to ${options.dump}`);
  }
  if (options.defaultSet) {
    const file = join(RESULTS_DIR, options.split === 'test' ? 'eval-rag.md' : `eval-rag-${options.split}.md`);
    mkdirSync(RESULTS_DIR, { recursive: true });
    writeFileSync(file, `# npm run eval:rag (${new Date().toISOString()}, node ${process.version})\n\n${table}`);
    console.log(`table written to ${file}`);
  }
}

function dumpOf(name: string, split: string, dataset: BeirDataset, perQuery: Map<string, Record<string, DumpHit[]>>) {
  return {
    name,
    split,
    queries: dataset.queries.map((q) => ({ id: q.id, text: q.text, ...perQuery.get(q.id) })),
    qrels: Object.fromEntries([...dataset.qrels].map(([id, judged]) => [id, Object.fromEntries(judged)])),
  };
}

/** The collection's name: the folder and a fingerprint of its corpus, so a changed corpus is never mistaken for it. */
const names = new Map<string, string>();
function collectionName(name: string, dir: string): string {
  let full = names.get(dir);
  if (!full) {
    const hash = createHash('sha256')
      .update(`ingest ${INGEST_VERSION}\n`)
      .update(readFileSync(join(dir, 'corpus.jsonl')));
    full = `eval-${name.replace(/[^\w.-]/g, '_')}-${hash.digest('hex').slice(0, 12)}`;
    names.set(dir, full);
  }
  return full;
}

/** Uploads the corpus as Markdown over POST /api/documents, waits for every document and prints the throughput. */
/** Rows collection × mode (keyword, the baseline, first), then the mean over the public collections and the goals. */
function markdownTable(rows: Row[], options: Options): string {
  const f = (n: number) => n.toFixed(4);
  const lines = ['| collection | mode | split | queries | nDCG@10 | R@10 | R@100 |', '| --- | --- | --- | ---: | ---: | ---: | ---: |'];
  for (const row of rows)
    lines.push(
      `| ${row.collection} | ${row.mode} | ${row.split} | ${row.queries} | ${f(row.ndcg10)} | ${f(row.recall10)} | ${f(row.recall100)} |`,
    );
  const collections = [...new Set(rows.map((r) => r.collection))];
  const publicOnes = collections.filter((c) => options.dirs.some((d) => basename(d) === c && resolve(d, '..') === DATASETS_DIR));
  const notes: string[] = [];
  if (publicOnes.length > 1) {
    const mean = (mode: Mode, key: 'ndcg10' | 'recall10' | 'recall100') =>
      meanOf(rows.filter((r) => r.mode === mode && publicOnes.includes(r.collection)).map((r) => r[key]));
    for (const mode of MODES)
      lines.push(
        `| mean of ${publicOnes.length} public | ${mode} | | | ${f(mean(mode, 'ndcg10'))} | ${f(mean(mode, 'recall10'))} | ${f(mean(mode, 'recall100'))} |`,
      );
    notes.push(
      `hybrid − keyword, mean nDCG@10 over the public collections: ${(mean('hybrid', 'ndcg10') - mean('keyword', 'ndcg10')).toFixed(4)} (goal ≥ 0.03)`,
    );
  }
  const ndcg = (collection: string, mode: Mode) => rows.find((r) => r.collection === collection && r.mode === mode)?.ndcg10 ?? 0;
  const losing = collections.filter((c) => ndcg(c, 'hybrid') < Math.max(ndcg(c, 'keyword'), ndcg(c, 'semantic')));
  notes.push(
    `hybrid ≥ max(keyword, semantic) nDCG@10 on ${collections.length - losing.length} of ${collections.length} collections${losing.length ? ` (not on ${losing.join(', ')})` : ''}`,
  );
  return `${lines.join('\n')}\n\n${notes.map((n) => `- ${n}`).join('\n')}\n`;
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
