/** One ranked list to fuse: ids best first, with the weight of its votes. */
export interface RankedList {
  ids: string[];
  weight: number;
}

/**
 * Reciprocal rank fusion (Cormack et al. 2009): score(d) = Σ weight / (k + rank), rank 1-based. Robust to
 * the lists' incomparable score scales, which is why hybrid search uses it. Ties keep first-seen order.
 */
export function reciprocalRankFusion(lists: RankedList[], k = 60): Array<{ id: string; score: number }> {
  const scores = new Map<string, number>();
  for (const list of lists) {
    if (list.weight <= 0) continue;
    list.ids.forEach((id, index) => scores.set(id, (scores.get(id) ?? 0) + list.weight / (k + index + 1)));
  }
  return [...scores.entries()].map(([id, score]) => ({ id, score })).sort((a, b) => b.score - a.score);
}
