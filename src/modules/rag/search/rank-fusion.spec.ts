import { adaptiveSemanticShare, convexFusion, minMaxNormalise, reciprocalRankFusion, type ScoredHit } from './rank-fusion';

/** Hits with the given ids, scores falling from `top` by `step`. */
const ranked = (ids: string[], top = 1, step = 0.1): ScoredHit[] => ids.map((id, i) => ({ id, score: top - i * step }));
const range = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => `${prefix}${i}`);

describe(reciprocalRankFusion.name, () => {
  it('ranks an id found high in both lists above ids found in only one', () => {
    const fused = reciprocalRankFusion([
      { ids: ['a', 'b', 'c'], weight: 1 },
      { ids: ['d', 'b', 'e'], weight: 1 },
    ]);
    expect(fused.map((r) => r.id).slice(0, 3)).toEqual(['b', 'a', 'd']);
    expect(fused[0].score).toBeCloseTo(2 / 62, 10);
  });

  it('lets a weight tilt the fusion toward one list', () => {
    const lists = (w: number) => [
      { ids: ['sem'], weight: w },
      { ids: ['kw'], weight: 1 },
    ];
    expect(reciprocalRankFusion(lists(2))[0].id).toBe('sem');
    expect(reciprocalRankFusion(lists(0.5))[0].id).toBe('kw');
  });

  it('ignores lists of weight zero and handles empty input', () => {
    expect(reciprocalRankFusion([{ ids: ['x'], weight: 0 }])).toEqual([]);
    expect(reciprocalRankFusion([])).toEqual([]);
  });
});

describe(minMaxNormalise.name, () => {
  it('maps the best score to 1 and the last to 0', () => {
    const scores = minMaxNormalise([
      { id: 'a', score: 12 },
      { id: 'b', score: 7 },
      { id: 'c', score: 2 },
    ]);
    expect([...scores]).toEqual([
      ['a', 1],
      ['b', 0.5],
      ['c', 0],
    ]);
  });

  it('takes the minimum at the normalisation depth, so a deeper list does not change the top scores', () => {
    const shallow = minMaxNormalise(ranked(range('d', 3), 1, 0.25), 3);
    const deep = minMaxNormalise(ranked(range('d', 6), 1, 0.25), 3);
    expect(deep.get('d1')).toBe(shallow.get('d1'));
    expect(deep.get('d5')).toBe(0);
  });

  it('maps a list of equal scores to 1, and nothing to nothing', () => {
    expect([...minMaxNormalise(ranked(['a', 'b'], 3, 0)).values()]).toEqual([1, 1]);
    expect(minMaxNormalise([]).size).toBe(0);
  });
});

describe(adaptiveSemanticShare.name, () => {
  const keywordFlat = ranked(range('k', 20), 10, 0.1); // tenth score 9.1: peak 0.09
  const keywordPeaked = [{ id: 'k0', score: 10 }, ...ranked(range('k', 20).slice(1), 2, 0.05)]; // peak 0.83

  it('gives the semantic side more weight when both sides agree on their top passages', () => {
    const agreeing = ranked([...range('k', 10), ...range('s', 10)]);
    const disjoint = ranked(range('s', 20));
    expect(adaptiveSemanticShare(agreeing, keywordFlat)).toBeGreaterThan(adaptiveSemanticShare(disjoint, keywordFlat));
    expect(adaptiveSemanticShare(agreeing, keywordFlat)).toBeCloseTo(0.3 + 0.5 - 0.6 * 0.09, 6);
  });

  it('leans on keyword search when its top score stands far above the rest', () => {
    const semantic = ranked(range('s', 20));
    expect(adaptiveSemanticShare(semantic, keywordPeaked)).toBe(0);
    expect(adaptiveSemanticShare(semantic, keywordFlat)).toBeGreaterThan(0.2);
  });

  it('counts a keyword list shorter than ten as peaked, and falls back to the side that answered', () => {
    expect(adaptiveSemanticShare(ranked(range('s', 20)), ranked(['k0', 'k1'], 5, 1))).toBe(0);
    expect(adaptiveSemanticShare([], keywordFlat)).toBe(0);
    expect(adaptiveSemanticShare(ranked(['s0']), [])).toBe(1);
  });

  it('stays within [0, 1]', () => {
    const same = ranked(range('k', 20));
    expect(adaptiveSemanticShare(same, keywordFlat)).toBeLessThanOrEqual(1);
    expect(adaptiveSemanticShare(same, same)).toBeGreaterThanOrEqual(0);
  });
});

describe(convexFusion.name, () => {
  const semantic = ranked(['a', 'b', 'c'], 0.8, 0.1);
  const keyword = ranked(['c', 'd', 'a'], 9, 3);

  it('combines normalised scores with the given semantic share', () => {
    const fused = convexFusion(semantic, keyword, 0.5);
    // a: 0.5 × 1 + 0.5 × 0; b: 0.5 × 0.5; c: 0.5 × 0 + 0.5 × 1; d: 0.5 × 0.5
    expect(Object.fromEntries(fused.map((f) => [f.id, f.score]))).toEqual({ a: 0.5, b: 0.25, c: 0.5, d: 0.25 });
  });

  it('is the keyword ranking at share 0 and the semantic ranking at share 1, ties keeping keyword order', () => {
    expect(convexFusion(semantic, keyword, 0).map((f) => f.id)).toEqual(['c', 'd', 'a', 'b']);
    expect(convexFusion(semantic, keyword, 1).map((f) => f.id)).toEqual(['a', 'b', 'c', 'd']);
  });

  it('lets a passage high on both sides beat one high on a single side', () => {
    const fused = convexFusion(ranked(['x', 'both', 'y', 'v', 'u']), ranked(['z', 'both', 'w', 't', 'r']), 0.5);
    expect(fused[0].id).toBe('both');
  });

  it('adapts the share by default: a peaked keyword list with no agreement keeps the keyword order', () => {
    const keywordPeaked = [{ id: 'k0', score: 10 }, ...ranked(range('k', 12).slice(1), 1, 0.05)];
    const fused = convexFusion(ranked(range('s', 12)), keywordPeaked);
    expect(fused.slice(0, 12).map((f) => f.id)).toEqual(range('k', 12));
  });

  it('handles empty sides', () => {
    expect(convexFusion([], [])).toEqual([]);
    expect(convexFusion(ranked(['a', 'b']), []).map((f) => f.id)).toEqual(['a', 'b']);
    expect(convexFusion([], ranked(['c'])).map((f) => f.id)).toEqual(['c']);
  });
});
