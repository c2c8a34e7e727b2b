import { STOPWORDS } from './keyword-query';

/**
 * Pseudo-relevance feedback: the best passages of a first search stand in for relevance judgements nobody gave, and
 * the second search asks for more passages like them. Label-free, so it adapts to each collection's vocabulary.
 */

/** Words common in any English passage; not worth adding to a query even when a feedback passage repeats them. */
export const FEEDBACK_STOPWORDS = new Set([
  ...STOPWORDS,
  ...(
    'about above after again against all also although among any because been before being below between both could ' +
    'did different during each either else ever every few first found further given here however just last less made ' +
    'many may might more most much must neither new next nor now often one only other others over own per perhaps ' +
    'same several shall should show shown since some such still there therefore these those though three through ' +
    'thus too two under until upon use used using very well whether while within without would yet'
  ).split(' '),
]);

export interface FeedbackPassage {
  text: string;
  /** How much this passage speaks for the query: its fused score, or 1. */
  weight: number;
}

/**
 * Expansion terms in the manner of RM3 (Lavrenko & Croft; Abdul-Jaleel et al.): each word's weight is its share of
 * each feedback passage, summed over the passages weighted by how good each passage was. Query words, stopwords, short
 * words and bare numbers are left out, and so is a word only one passage has (when there are several): one passage's
 * topic is not the query's. Best first, at most `count`.
 */
export function expansionTerms(query: string, passages: FeedbackPassage[], count: number): string[] {
  if (count <= 0 || !passages.length) return [];
  const queryWords = new Set(words(query));
  const weight = new Map<string, number>();
  const passagesWith = new Map<string, number>();
  for (const passage of passages) {
    const tokens = words(passage.text).filter((t) => t.length > 2 && !/^\d+$/.test(t) && !FEEDBACK_STOPWORDS.has(t));
    if (!tokens.length) continue;
    const counts = new Map<string, number>();
    for (const t of tokens) counts.set(t, (counts.get(t) ?? 0) + 1);
    for (const [t, n] of counts) {
      if (queryWords.has(t)) continue;
      weight.set(t, (weight.get(t) ?? 0) + (passage.weight * n) / tokens.length);
      passagesWith.set(t, (passagesWith.get(t) ?? 0) + 1);
    }
  }
  const minPassages = passages.length > 1 ? 2 : 1;
  return [...weight.entries()]
    .filter(([t]) => (passagesWith.get(t) ?? 0) >= minPassages)
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .slice(0, count)
    .map(([t]) => t);
}

/**
 * Rocchio's query update in embedding space: the query vector moved toward the mean of the feedback passages'
 * vectors (all unit length first), `weight` 0 leaving it as it was. The result has unit length.
 */
export function rocchio(query: number[], feedback: number[][], weight: number): number[] {
  const unit = (v: number[]) => {
    const norm = Math.hypot(...v) || 1;
    return v.map((x) => x / norm);
  };
  if (!feedback.length || weight <= 0) return unit(query);
  const moved = unit(query);
  for (const vector of feedback.map(unit)) vector.forEach((x, i) => (moved[i] += (weight * x) / feedback.length));
  return unit(moved);
}

const words = (text: string) => text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
