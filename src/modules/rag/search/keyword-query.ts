/** Words too common to help a keyword match; dropping them keeps OR-queries from matching every chunk. */
export const STOPWORDS = new Set(
  (
    'a an and are as at be but by can do does for from had has have how i if in into is it its me my no not of on or our so ' +
    'than that the their them then there these they this to was we were what when where which who why will with you your'
  ).split(' '),
);

/**
 * The terms of a keyword query: each whitespace-separated word becomes its letter/digit tokens (lower case),
 * so `XR-7741` is the phrase [xr, 7741]. Only [\p{L}\p{N}] survive, which makes the terms safe to embed in
 * FTS5 and tsquery syntax.
 */
export function keywordTerms(query: string, maxTerms = 32): string[][] {
  const terms: string[][] = [];
  const seen = new Set<string>();
  for (const word of query.split(/\s+/)) {
    const tokens = (word.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []).filter((t) => t.length <= 64);
    const kept = tokens.length > 1 ? tokens : tokens.filter((t) => !STOPWORDS.has(t));
    if (!kept.length) continue;
    const key = kept.join(' ');
    if (seen.has(key)) continue;
    seen.add(key);
    terms.push(kept);
    if (terms.length >= maxTerms) break;
  }
  return terms;
}
