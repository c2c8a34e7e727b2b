import { join } from 'node:path';
import { ingestBeirCorpus, startRagPlatform, type RagPlatform } from 'bench/rag-platform';
// eslint-disable-next-line no-restricted-imports -- the BEIR reader alone, a pure component
import { readBeirDataset, type BeirDataset } from 'src/modules/rag/eval/beir';
// eslint-disable-next-line no-restricted-imports -- the IR metrics alone, a pure component
import { evaluateRun } from 'src/modules/rag/eval/ir-metrics';

jest.setTimeout(600_000);

const MED = join(__dirname, '..', '..', 'eval', 'datasets', 'med');

/**
 * Retrieval quality on a public collection nobody here wrote (MED, 1,033 medical abstracts; its 20 test-split
 * queries), ingested and searched through the HTTP API as shipped, in every mode. Figures are deterministic for a
 * fixed corpus and model, so the floors sit just under the measured values (bench/results/eval-rag.md) and catch a
 * regression; the full table over every collection is `npm run eval:rag`.
 */
describe('retrieval quality on a public collection (MED, test split)', () => {
  let platform: RagPlatform;
  let dataset: BeirDataset;
  const ndcg: Record<string, number> = {};

  beforeAll(async () => {
    dataset = await readBeirDataset(MED, { split: 'test' });
    platform = await startRagPlatform('rag-public-eval-', {});
    const collection = await platform.api<{ id: string }>('POST', '/api/collections', { name: 'med' });
    const beirIdsOf = await ingestBeirCorpus(platform, collection.id, dataset.corpus, 8);
    for (const mode of ['keyword', 'semantic', 'hybrid'] as const) {
      const run = new Map<string, string[]>();
      for (const query of dataset.queries) {
        const outcome = await platform.search<{ results: Array<{ documentId: string }> }>(mode, {
          collection: 'med',
          query: query.text,
          k: 100,
        });
        run.set(query.id, [...new Set(outcome.results.flatMap((hit) => beirIdsOf.get(hit.documentId) ?? []))]);
      }
      ndcg[mode] = evaluateRun(run, dataset.qrels, [10]).ndcg[10];
    }
    console.log(`MED test split nDCG@10: ${JSON.stringify(ndcg)}`);
  });

  afterAll(async () => {
    await platform?.close();
  });

  it('judges every test query and ingests the whole collection', () => {
    expect(dataset.queries).toHaveLength(20);
    expect(dataset.corpus.length).toBe(1033);
  });

  it('keeps each mode above its floor', () => {
    expect(ndcg.keyword).toBeGreaterThan(0.72);
    expect(ndcg.semantic).toBeGreaterThan(0.43);
    expect(ndcg.hybrid).toBeGreaterThan(0.72);
  });

  it('hybrid stays within noise of its better part (it must never fall clearly below keyword search)', () => {
    expect(ndcg.hybrid).toBeGreaterThan(Math.max(ndcg.keyword, ndcg.semantic) - 0.02);
  });
});
