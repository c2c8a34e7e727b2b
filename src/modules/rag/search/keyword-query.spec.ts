import { keywordTerms } from './keyword-query';

describe(keywordTerms.name, () => {
  it('keeps identifiers as phrases and drops stopwords', () => {
    expect(keywordTerms('What is error E-4021 on the XR-7741?')).toEqual([['error'], ['e', '4021'], ['xr', '7741']]);
  });

  it('strips every character that FTS5 or tsquery would read as syntax', () => {
    expect(keywordTerms(`"a" OR b* NEAR(c) 'x' | y & !z :*`)).toEqual([['b'], ['near', 'c'], ['x'], ['y'], ['z']]);
  });

  it('returns nothing for a query of stopwords or punctuation', () => {
    expect(keywordTerms('the of and ?!')).toEqual([]);
  });
});
