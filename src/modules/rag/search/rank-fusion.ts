/** One ranked list to fuse: ids best first, with the weight of its votes. */
export interface RankedList {
  ids: string[];
  weight: number;
}

/** A hit of one side of hybrid search with that side's own score (cosine similarity, BM25), best first. */
export interface ScoredHit {
  id: string;
  score: number;
}

/**
 * Reciprocal rank fusion (Cormack et al. 2009): score(d) = Σ weight / (k + rank), rank 1-based. Robust to
 * the lists' incomparable score scales, but blind to how sure each list is. Ties keep first-seen order.
 */
export function reciprocalRankFusion(lists: RankedList[], k = 60): Array<{ id: string; score: number }> {
  const scores = new Map<string, number>();
  for (const list of lists) {
    if (list.weight <= 0) continue;
    list.ids.forEach((id, index) => scores.set(id, (scores.get(id) ?? 0) + list.weight / (k + index + 1)));
  }
  return [...scores.entries()].map(([id, score]) => ({ id, score })).sort((a, b) => b.score - a.score);
}

/**
 * Scores are normalised over this many hits of each list: the candidates hybrid search fetches from each side are
 * at least this many, so the fused ranking does not depend on how deep the caller asked for.
 */
export const NORMALISATION_DEPTH = 100;

/**
 * Min-max normalisation of one list: its best score becomes 1 and the score at rank `depth` (or the last, if the list
 * is shorter) 0; hits below that clamp to 0. A list whose scores are all equal maps to 1.
 */
export function minMaxNormalise(hits: ScoredHit[], depth = NORMALISATION_DEPTH): Map<string, number> {
  if (!hits.length) return new Map();
  const max = hits[0].score;
  const min = hits[Math.min(hits.length, depth) - 1].score;
  return new Map(hits.map((hit) => [hit.id, max > min ? Math.max(0, (hit.score - min) / (max - min)) : 1]));
}

/**
 * How much of the fused score the semantic side gets for this query, in [0, 1], from the two lists alone:
 *
 *   share = 0.3 + agreement − 0.6 × keyword peak
 *
 * - agreement: the fraction of the semantic top 20 also in the keyword top 20. When the two sides find the same
 *   passages the semantic side is on topic and its order is worth blending in; when they share nothing, it is most
 *   often the semantic side that drifted (on collections where the embedding model is weak it shares almost
 *   nothing, and the share falls toward 0 there).
 * - keyword peak: (first − tenth keyword score) / first, 1 when fewer than ten passages match. A top score that stands
 *   far above the rest means rare query terms single out a few passages, where BM25 is hard to beat.
 *
 * The constants were chosen on the tuning splits only (dev/train qrels of the public collections, and beir-mini; see
 * bench/tune-fusion.ts); choosing them with any one collection left out gives nearly the same constants, and on the
 * collection left out the fusion still beats both keyword search and a fixed share.
 */
export function adaptiveSemanticShare(semantic: ScoredHit[], keyword: ScoredHit[]): number {
  if (!semantic.length) return 0;
  if (!keyword.length) return 1;
  const keywordTop = new Set(keyword.slice(0, 20).map((hit) => hit.id));
  const agreement = semantic.slice(0, 20).filter((hit) => keywordTop.has(hit.id)).length / 20;
  const first = keyword[0].score;
  const peak = first > 0 ? (first - (keyword[9]?.score ?? 0)) / first : 0;
  return Math.min(1, Math.max(0, 0.3 + agreement - 0.6 * peak));
}

/**
 * Convex combination of min-max normalised scores: score(d) = share × semantic(d) + (1 − share) × keyword(d), a side
 * that did not return d counting 0. Unlike rank fusion it keeps how far apart each side's scores are, and with the
 * adaptive share (the default) it leans on whichever side the query favours. Ties keep keyword order, then semantic.
 */
export function convexFusion(
  semantic: ScoredHit[],
  keyword: ScoredHit[],
  semanticShare = adaptiveSemanticShare(semantic, keyword),
): Array<{ id: string; score: number }> {
  const share = Math.min(1, Math.max(0, semanticShare));
  const semanticScores = minMaxNormalise(semantic);
  const keywordScores = minMaxNormalise(keyword);
  const ids = new Set([...keywordScores.keys(), ...semanticScores.keys()]);
  return [...ids]
    .map((id) => ({ id, score: share * (semanticScores.get(id) ?? 0) + (1 - share) * (keywordScores.get(id) ?? 0) }))
    .sort((a, b) => b.score - a.score);
}
