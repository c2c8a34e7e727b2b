import { describe, expect, it } from 'vitest';
import { lines, optionalNumber, optionalText, pairs } from './forms';

describe('form text parsers', () => {
  it('reads one item a line, dropping blanks', () => {
    expect(lines(' a \n\n b\n')).toEqual(['a', 'b']);
    expect(lines('')).toEqual([]);
  });

  it('reads name=value and Name: value pairs, splitting at the first separator', () => {
    expect(pairs('TOKEN=a=b\n\nDEBUG = 1', '=')).toEqual({ value: { TOKEN: 'a=b', DEBUG: '1' }, invalid: [] });
    expect(pairs('Authorization: Bearer x:y', ':').value).toEqual({ Authorization: 'Bearer x:y' });
  });

  it('names the lines it cannot read', () => {
    expect(pairs('novalue\n=nameless\nOK=1', '=')).toEqual({ value: { OK: '1' }, invalid: ['novalue', '=nameless'] });
  });

  it('treats empty optional inputs as absent', () => {
    expect([optionalNumber(''), optionalNumber('2.5'), optionalText('  '), optionalText(' x ')]).toEqual([undefined, 2.5, undefined, 'x']);
  });
});
