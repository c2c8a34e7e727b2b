/**
 * node dist/bench/tune-fusion.js <dump.json>... — offline fusion tuning on the rankings written by
 * `npm run eval:rag -- --split dev --dump <file>`: fuses each query's keyword and semantic lists with several fusion
 * settings (rank fusion, convex fusion with fixed shares, and the adaptive share hybrid search uses) and prints
 * nDCG@10 per collection. Runs in a second, so settings are compared on the tuning splits without
 * starting the platform; the figures to report come from eval:rag on the test split.
 */
import { readFileSync } from 'node:fs';
// eslint-disable-next-line no-restricted-imports -- the IR metrics alone, a pure component
import { evaluateRun, type Qrels } from 'src/modules/rag/eval/ir-metrics';
// eslint-disable-next-line no-restricted-imports -- the fusion alone, a pure component
import { convexFusion, reciprocalRankFusion } from 'src/modules/rag/search/rank-fusion';

interface Hit {
  chunk: string;
  docs: string[];
  score: number;
}
interface DumpCollection {
  name: string;
  split: string;
  queries: Array<{ id: string; text: string; keyword?: Hit[]; semantic?: Hit[] }>;
  qrels: Record<string, Record<string, number>>;
}

type Fuser = (keyword: Hit[], semantic: Hit[]) => string[];

function evaluate(collection: DumpCollection, fuse: Fuser): { ndcg10: number; recall100: number } {
  const docsOf = new Map<string, string[]>();
  const run = new Map<string, string[]>();
  for (const q of collection.queries) {
    const keyword = q.keyword ?? [];
    const semantic = q.semantic ?? [];
    for (const h of [...keyword, ...semantic]) docsOf.set(h.chunk, h.docs);
    const chunks = fuse(keyword, semantic);
    run.set(q.id, [...new Set(chunks.flatMap((c) => docsOf.get(c) ?? []))].slice(0, 100));
  }
  const qrels: Qrels = new Map(Object.entries(collection.qrels).map(([id, judged]) => [id, new Map(Object.entries(judged))]));
  const metrics = evaluateRun(run, qrels, [10, 100]);
  return { ndcg10: metrics.ndcg[10], recall100: metrics.recall[100] };
}

const scored = (hits: Hit[]) => hits.map((h) => ({ id: h.chunk, score: h.score }));

function fusers(): Array<[string, Fuser]> {
  const out: Array<[string, Fuser]> = [
    ['keyword', (k) => k.map((h) => h.chunk)],
    ['semantic', (_k, s) => s.map((h) => h.chunk)],
    [
      'rrf 1:1',
      (k, s) =>
        reciprocalRankFusion([
          { ids: s.map((h) => h.chunk), weight: 1 },
          { ids: k.map((h) => h.chunk), weight: 1 },
        ]).map((f) => f.id),
    ],
  ];
  // TUNE_SHARES='[0.2,0.3]' adds convex fusion with those fixed semantic shares beside the adaptive one.
  const shares = process.env.TUNE_SHARES ? (JSON.parse(process.env.TUNE_SHARES) as number[]) : [0.1, 0.2, 0.3, 0.5];
  for (const share of shares) out.push([`convex, share ${share}`, (k, s) => convexFusion(scored(s), scored(k), share).map((f) => f.id)]);
  out.push(['convex, adaptive share', (k, s) => convexFusion(scored(s), scored(k)).map((f) => f.id)]);
  return out;
}

function main(): void {
  const files = process.argv.slice(2);
  if (!files.length) throw new Error('usage: node dist/bench/tune-fusion.js <dump.json>...');
  const collections = files.flatMap((f) => (JSON.parse(readFileSync(f, 'utf8')) as { collections: DumpCollection[] }).collections);
  const header = ['fusion', ...collections.map((c) => `${c.name} (${c.split})`), 'mean', 'min Δ vs best side'];
  const rows: string[][] = [];
  for (const [name, fuse] of fusers()) {
    const scores = collections.map((c) => evaluate(c, fuse).ndcg10);
    rows.push([name, ...scores.map((s) => s.toFixed(4)), (scores.reduce((a, b) => a + b, 0) / scores.length).toFixed(4), '']);
  }
  const best = collections.map((_c, i) => Math.max(Number(rows[0][i + 1]), Number(rows[1][i + 1])));
  for (const row of rows.slice(2)) row[row.length - 1] = Math.min(...best.map((b, i) => Number(row[i + 1]) - b)).toFixed(4);
  console.log(`| ${header.join(' | ')} |`);
  console.log(`| --- |${' ---: |'.repeat(header.length - 1)}`);
  for (const row of rows) console.log(`| ${row.join(' | ')} |`);
}

main();
