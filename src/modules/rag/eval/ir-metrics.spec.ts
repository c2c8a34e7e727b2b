import { dcgAtK, evaluateRun, idealDcgAtK, meanOf, mrrAtK, ndcgAtK, recallAtK, type Qrels } from './ir-metrics';

const grades = (entries: Record<string, number>) => new Map(Object.entries(entries));

describe('ndcgAtK', () => {
  it('matches the worked example of the Wikipedia article on DCG', () => {
    // Ranked documents D1..D6 have grades 3, 2, 3, 0, 1, 2; D7 (3) and D8 (2) are relevant but not retrieved.
    // DCG@6  = 3/log2(2) + 2/log2(3) + 3/log2(4) + 0/log2(5) + 1/log2(6) + 2/log2(7)
    //        = 3 + 1.2619 + 1.5 + 0 + 0.3869 + 0.7124                              = 6.8611
    // IDCG@6 = grades sorted 3, 3, 3, 2, 2, 2 (all judged documents, retrieved or not)
    //        = 3 + 1.8928 + 1.5 + 0.8614 + 0.7737 + 0.7124                         = 8.7403
    // nDCG@6 = 6.8611 / 8.7403                                                     = 0.785
    const relevance = grades({ D1: 3, D2: 2, D3: 3, D4: 0, D5: 1, D6: 2, D7: 3, D8: 2 });
    const ranked = ['D1', 'D2', 'D3', 'D4', 'D5', 'D6'];
    expect(dcgAtK(ranked, relevance, 6)).toBeCloseTo(6.8611, 4);
    expect(idealDcgAtK(relevance, 6)).toBeCloseTo(8.7403, 4);
    expect(ndcgAtK(ranked, relevance, 6)).toBeCloseTo(0.785, 3);
  });

  it('uses linear gain and a log2(rank + 1) discount, rank 1-based', () => {
    // a (2) at rank 1, c (1) at rank 3, e (2) not retrieved.
    // DCG@4 = 2/1 + 1/log2(4) = 2.5; IDCG@4 = 2/1 + 2/log2(3) + 1/log2(4) = 3.76186; nDCG@4 = 2.5 / 3.76186 = 0.664565.
    const relevance = grades({ a: 2, c: 1, e: 2 });
    expect(ndcgAtK(['a', 'b', 'c', 'd'], relevance, 4)).toBeCloseTo(2.5 / (2 + 2 / Math.log2(3) + 0.5), 10);
    expect(ndcgAtK(['a', 'b', 'c', 'd'], relevance, 4)).toBeCloseTo(0.664565, 5);
    // At k = 1 the ideal list is [2] too: a perfect first hit.
    expect(ndcgAtK(['a', 'b', 'c', 'd'], relevance, 1)).toBe(1);
    // Only documents inside the cut count: c at rank 3 is outside the top 2.
    expect(ndcgAtK(['a', 'b', 'c'], relevance, 2)).toBeCloseTo(2 / (2 + 2 / Math.log2(3)), 10);
  });

  it('is 1 for an ideal ranking and 0 when nothing relevant is retrieved', () => {
    const relevance = grades({ x: 2, y: 1 });
    expect(ndcgAtK(['x', 'y', 'z'], relevance, 10)).toBe(1);
    expect(ndcgAtK(['y', 'x'], relevance, 10)).toBeLessThan(1);
    expect(ndcgAtK(['z', 'w'], relevance, 10)).toBe(0);
    expect(ndcgAtK([], relevance, 10)).toBe(0);
  });

  it('is 0 for a query without relevant documents, and ignores grades of 0 or below', () => {
    expect(ndcgAtK(['a'], grades({ a: 0 }), 10)).toBe(0);
    expect(ndcgAtK(['a'], new Map(), 10)).toBe(0);
    // The -1 neither lowers DCG nor the ideal: the ranking is ideal.
    expect(ndcgAtK(['n', 'a'], grades({ n: -1, a: 1 }), 10)).toBeCloseTo(1 / Math.log2(3), 10);
    expect(idealDcgAtK(grades({ n: -1, z: 0, a: 1 }), 10)).toBe(1);
  });

  it('counts a repeated document once, at its first rank', () => {
    const relevance = grades({ a: 2, b: 1 });
    // [a, a, b] is scored as [a, b]: the ideal ranking.
    expect(ndcgAtK(['a', 'a', 'b'], relevance, 3)).toBe(1);
    expect(dcgAtK(['a', 'a', 'a'], relevance, 3)).toBe(2);
  });

  it('handles k larger than the ranking', () => {
    expect(ndcgAtK(['a'], grades({ a: 1 }), 1000)).toBe(1);
  });

  it('refuses a k that is not a positive integer', () => {
    for (const k of [0, -1, 2.5, Number.NaN]) expect(() => ndcgAtK(['a'], grades({ a: 1 }), k)).toThrow(RangeError);
  });
});

describe('recallAtK', () => {
  it('is the fraction of relevant documents found in the top k', () => {
    const relevance = grades({ a: 2, c: 1, e: 2, z: 0 });
    // 3 relevant documents (z has grade 0 and does not count).
    expect(recallAtK(['a', 'b', 'c', 'd'], relevance, 4)).toBeCloseTo(2 / 3, 10);
    expect(recallAtK(['a', 'b', 'c', 'd'], relevance, 1)).toBeCloseTo(1 / 3, 10);
    expect(recallAtK(['a', 'b', 'c', 'd', 'e'], relevance, 5)).toBe(1);
    expect(recallAtK(['z'], relevance, 5)).toBe(0);
  });

  it('ignores duplicates and is 0 without relevant documents', () => {
    expect(recallAtK(['a', 'a'], grades({ a: 1, b: 1 }), 2)).toBe(0.5);
    expect(recallAtK(['a'], grades({ a: 0 }), 10)).toBe(0);
  });
});

describe('mrrAtK', () => {
  it('is the reciprocal rank of the first relevant document within k', () => {
    const relevance = grades({ c: 1 });
    expect(mrrAtK(['a', 'b', 'c'], relevance, 10)).toBeCloseTo(1 / 3, 10);
    expect(mrrAtK(['a', 'b', 'c'], relevance, 2)).toBe(0);
    expect(mrrAtK(['c'], relevance, 1)).toBe(1);
  });
});

describe('meanOf', () => {
  it('averages, and is 0 for no values', () => {
    expect(meanOf([1, 2, 3])).toBe(2);
    expect(meanOf([0.5])).toBe(0.5);
    expect(meanOf([])).toBe(0);
  });
});

describe('evaluateRun', () => {
  const qrels: Qrels = new Map([
    ['q1', grades({ a: 2, c: 1, e: 2 })],
    ['q2', grades({ x: 1 })],
    ['q3', grades({ y: 1 })], // not in the run: an empty ranking
    ['q4', grades({ w: 0 })], // no relevant document: skipped
  ]);
  const run = new Map<string, string[]>([
    ['q1', ['a', 'b', 'c', 'd']],
    ['q2', ['x']],
    ['q9', ['x']], // not judged: ignored
  ]);

  it('averages per-query metrics over the judged queries with relevant documents', () => {
    const result = evaluateRun(run, qrels, [1, 4]);
    expect(result).toMatchObject({ queries: 3, skipped: 1, missing: 1 });
    // nDCG@4: q1 0.664565, q2 1, q3 0.
    expect(result.ndcg[4]).toBeCloseTo((0.664565 + 1 + 0) / 3, 5);
    expect(result.ndcg[1]).toBeCloseTo((1 + 1 + 0) / 3, 10);
    // Recall@4: q1 2/3, q2 1, q3 0.
    expect(result.recall[4]).toBeCloseTo((2 / 3 + 1 + 0) / 3, 10);
    expect(result.recall[1]).toBeCloseTo((1 / 3 + 1 + 0) / 3, 10);
    expect(result.mrr[4]).toBeCloseTo((1 + 1 + 0) / 3, 10);
    expect([...result.perQuery.keys()]).toEqual(['q1', 'q2', 'q3']);
    expect(result.perQuery.get('q3')).toEqual({ ndcg: { 1: 0, 4: 0 }, recall: { 1: 0, 4: 0 }, mrr: { 1: 0, 4: 0 } });
  });

  it('defaults to k = 10 and 100', () => {
    const result = evaluateRun(run, qrels);
    expect(Object.keys(result.ndcg)).toEqual(['10', '100']);
    expect(Object.keys(result.recall)).toEqual(['10', '100']);
  });

  it('is all zeros with no evaluable query', () => {
    expect(evaluateRun(new Map(), new Map(), [10])).toMatchObject({ queries: 0, skipped: 0, ndcg: { 10: 0 }, recall: { 10: 0 } });
  });

  it('refuses an empty or invalid list of cut-offs', () => {
    expect(() => evaluateRun(run, qrels, [])).toThrow(RangeError);
    expect(() => evaluateRun(run, qrels, [10, 0])).toThrow(RangeError);
  });
});
