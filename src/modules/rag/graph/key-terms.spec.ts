import { buildGraph, candidateTerms, contentWords } from './key-terms';

describe('key terms', () => {
  it('splits text into runs of content words, so phrases never span stopwords, numbers or clause ends', () => {
    expect(contentWords('The insulin resistance of obese mice; 1999 was a year. Glucose-tolerance fell')).toEqual([
      ['insulin', 'resistance'],
      ['obese', 'mice'],
      ['year'],
      ['glucose-tolerance', 'fell'],
    ]);
  });

  it('counts words and adjacent word pairs as candidates', () => {
    expect(Object.fromEntries(candidateTerms('insulin resistance and insulin secretion'))).toEqual({
      insulin: 2,
      resistance: 1,
      'insulin resistance': 1,
      secretion: 1,
      'insulin secretion': 1,
    });
  });

  it('makes entities of key terms shared by passages and relations of key terms that meet twice or more', async () => {
    const passages = [
      'Insulin resistance raises plasma glucose in obese patients.',
      'Plasma glucose and insulin resistance in obese children.',
      'Insulin resistance and plasma glucose after exercise.',
      'Tidal tables for the harbour at spring tides.',
      'Harbour pilots read tidal tables every morning.',
      'Ferry timetables change with the seasons.',
    ];
    const graph = await buildGraph(() => passages, {
      termsPerPassage: 6,
      minPassages: 2,
      maxPassageShare: 0.6,
      relationsPerEntity: 10,
    });
    expect(graph.passages).toBe(6);
    const names = graph.entities.map((e) => e.name);
    expect(names).toEqual(expect.arrayContaining(['insulin resistance', 'plasma glucose', 'tidal tables', 'harbour']));
    expect(names).not.toContain('ferry');
    expect(graph.relations).toContainEqual({ source: 'insulin resistance', target: 'plasma glucose', weight: 3 });
    expect(graph.relations).toContainEqual({ source: 'harbour', target: 'tidal tables', weight: 2 });
    // The two topics never meet in a passage.
    expect(graph.relations.some((r) => [r.source, r.target].includes('harbour') && [r.source, r.target].includes('plasma glucose'))).toBe(
      false,
    );
  });

  it('reads the passages twice through the reader it is given (async too) and handles an empty collection', async () => {
    let reads = 0;
    const graph = await buildGraph(async function* () {
      reads++;
      yield 'alpha beta gamma';
      yield 'alpha beta delta';
    });
    expect(reads).toBe(2);
    expect(graph.passages).toBe(2);
    expect(await buildGraph(() => [])).toEqual({ entities: [], relations: [], passages: 0 });
  });
});
