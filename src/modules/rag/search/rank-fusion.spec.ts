import { reciprocalRankFusion } from './rank-fusion';

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
