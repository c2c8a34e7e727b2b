/**
 * Ranking metrics with the definitions of trec_eval, which BEIR uses through pytrec_eval:
 *
 * - DCG@k = Σ_{i=1..k} gain(dᵢ) / log2(i + 1), with i the 1-based rank and gain the graded relevance (linear gain);
 * - nDCG@k = DCG@k / IDCG@k, IDCG@k being the DCG of the judged grades sorted in decreasing order (all judged
 *   documents, retrieved or not);
 * - Recall@k = |relevant ∩ top k| / |relevant|;
 * - MRR@k = 1 / rank of the first relevant document within the top k (0 if there is none).
 *
 * A document is relevant when its grade is > 0; grades ≤ 0 and unjudged documents contribute nothing. A ranking that
 * repeats a document counts it at its first rank only (a run in trec_eval cannot hold the same document twice).
 */

/** queryId → (docId → grade). */
export type Qrels = Map<string, Map<string, number>>;
/** queryId → document ids, best first. */
export type Run = Map<string, readonly string[]>;

function checkK(k: number): void {
  if (!Number.isInteger(k) || k < 1) throw new RangeError(`k must be a positive integer, got ${k}`);
}

/** The first k distinct ids of a ranking. */
function topK(ranked: readonly string[], k: number): string[] {
  const seen = new Set<string>();
  for (const id of ranked) {
    if (seen.size >= k) break;
    seen.add(id);
  }
  return [...seen];
}

const gainOf = (relevance: ReadonlyMap<string, number>, id: string) => Math.max(0, relevance.get(id) ?? 0);
const discount = (rank: number) => Math.log2(rank + 1);

/** Discounted cumulative gain of the top k (rank 1 has discount log2(2) = 1). */
export function dcgAtK(ranked: readonly string[], relevance: ReadonlyMap<string, number>, k: number): number {
  checkK(k);
  return topK(ranked, k).reduce((sum, id, i) => sum + gainOf(relevance, id) / discount(i + 1), 0);
}

/** The best DCG@k any ranking could reach with these judgements. */
export function idealDcgAtK(relevance: ReadonlyMap<string, number>, k: number): number {
  checkK(k);
  return [...relevance.values()]
    .filter((grade) => grade > 0)
    .sort((a, b) => b - a)
    .slice(0, k)
    .reduce((sum, grade, i) => sum + grade / discount(i + 1), 0);
}

/** nDCG@k in [0, 1]; 0 when the query has no relevant document. */
export function ndcgAtK(ranked: readonly string[], relevance: ReadonlyMap<string, number>, k: number): number {
  const ideal = idealDcgAtK(relevance, k);
  return ideal > 0 ? dcgAtK(ranked, relevance, k) / ideal : 0;
}

/** Fraction of the relevant documents (grade > 0) found in the top k; 0 when the query has none. */
export function recallAtK(ranked: readonly string[], relevance: ReadonlyMap<string, number>, k: number): number {
  checkK(k);
  const relevant = [...relevance.values()].filter((grade) => grade > 0).length;
  if (!relevant) return 0;
  return topK(ranked, k).filter((id) => gainOf(relevance, id) > 0).length / relevant;
}

/** Reciprocal rank of the first relevant document within the top k, 0 if none is there. */
export function mrrAtK(ranked: readonly string[], relevance: ReadonlyMap<string, number>, k: number): number {
  checkK(k);
  const rank = topK(ranked, k).findIndex((id) => gainOf(relevance, id) > 0);
  return rank < 0 ? 0 : 1 / (rank + 1);
}

/** Arithmetic mean; 0 for no values. */
export function meanOf(values: readonly number[]): number {
  return values.length ? values.reduce((sum, v) => sum + v, 0) / values.length : 0;
}

/** Metric name (nDCG, Recall, MRR) → k → value. */
export interface MetricsAtK {
  ndcg: Record<number, number>;
  recall: Record<number, number>;
  mrr: Record<number, number>;
}

export interface RunEvaluation extends MetricsAtK {
  /** Queries evaluated: those of the qrels with at least one relevant document. */
  queries: number;
  /** Queries of the qrels skipped because none of their documents is relevant. */
  skipped: number;
  /** Evaluated queries the run has no ranking for (scored as an empty ranking). */
  missing: number;
  perQuery: Map<string, MetricsAtK>;
}

/**
 * Mean metrics of a run over the judged queries. As trec_eval with -c: a judged query absent from the run counts as an
 * empty ranking (all metrics 0); a query of the run without judgements is ignored; a judged query without any relevant
 * document is skipped, as it has no defined nDCG or recall.
 */
export function evaluateRun(run: Run, qrels: Qrels, ks: readonly number[] = [10, 100]): RunEvaluation {
  if (!ks.length) throw new RangeError('ks must not be empty');
  ks.forEach(checkK);
  const perQuery = new Map<string, MetricsAtK>();
  let skipped = 0;
  let missing = 0;
  for (const [queryId, relevance] of qrels) {
    if (![...relevance.values()].some((grade) => grade > 0)) {
      skipped++;
      continue;
    }
    const ranked = run.get(queryId);
    if (!ranked) missing++;
    const scores: MetricsAtK = { ndcg: {}, recall: {}, mrr: {} };
    for (const k of ks) {
      scores.ndcg[k] = ndcgAtK(ranked ?? [], relevance, k);
      scores.recall[k] = recallAtK(ranked ?? [], relevance, k);
      scores.mrr[k] = mrrAtK(ranked ?? [], relevance, k);
    }
    perQuery.set(queryId, scores);
  }
  const all = [...perQuery.values()];
  const mean = (metric: keyof MetricsAtK) => Object.fromEntries(ks.map((k) => [k, meanOf(all.map((q) => q[metric][k]))]));
  return { queries: perQuery.size, skipped, missing, ndcg: mean('ndcg'), recall: mean('recall'), mrr: mean('mrr'), perQuery };
}
