import { expansionTerms, rocchio } from './pseudo-relevance';

describe('expansionTerms', () => {
  const passages = [
    { text: 'Insulin resistance in obese patients raises plasma glucose; insulin therapy lowers glucose.', weight: 1 },
    { text: 'Plasma glucose and insulin secretion in obese children with diabetes.', weight: 0.8 },
    { text: 'Glucose tolerance falls as insulin secretion fails; the pancreas tires.', weight: 0.5 },
  ];

  it('takes words several feedback passages share, weighted by passage, leaving out the query and stopwords', () => {
    const terms = expansionTerms('insulin treatment', passages, 4);
    expect(terms[0]).toBe('glucose');
    expect(terms).toEqual(expect.arrayContaining(['plasma', 'obese', 'secretion']));
    expect(terms).not.toContain('insulin');
    expect(terms).not.toContain('the');
    // Only one passage speaks of the pancreas: not the query's topic.
    expect(expansionTerms('insulin treatment', passages, 50)).not.toContain('pancreas');
  });

  it('gives nothing for no passages or no count, and a lone passage its own words', () => {
    expect(expansionTerms('x', [], 5)).toEqual([]);
    expect(expansionTerms('x', passages, 0)).toEqual([]);
    expect(expansionTerms('insulin', [{ text: 'Kinase binding; the kinase binds.', weight: 1 }], 2)).toEqual(['kinase', 'binding']);
  });

  it('leaves out short words and bare numbers', () => {
    expect(expansionTerms('q', [{ text: 'ab 1999 1999 kinase kinase', weight: 1 }], 5)).toEqual(['kinase']);
  });
});

describe('rocchio', () => {
  it('moves the unit query toward the mean feedback vector and keeps unit length', () => {
    const moved = rocchio(
      [2, 0],
      [
        [0, 1],
        [0, 3],
      ],
      1,
    );
    expect(moved[0]).toBeCloseTo(Math.SQRT1_2);
    expect(moved[1]).toBeCloseTo(Math.SQRT1_2);
    expect(Math.hypot(...rocchio([1, 1, 0], [[0, 0, 5]], 0.5))).toBeCloseTo(1);
  });

  it('leaves the direction alone with weight 0 or no feedback', () => {
    expect(rocchio([3, 4], [[1, 0]], 0)).toEqual([0.6, 0.8]);
    expect(rocchio([3, 4], [], 1)).toEqual([0.6, 0.8]);
  });
});
