import cl100k from 'js-tiktoken/ranks/cl100k_base';

/** Token counts of pre-tokenizer pieces. Real text repeats its words, so most pieces are byte-pair encoded once. */
const PIECE_CACHE_LIMIT = 200_000;
/** Longer pieces (runs of spaces or dashes) are counted in slices of this many bytes, to bound the quadratic merge. */
const MAX_PIECE_BYTES = 4096;
const NON_ASCII = /[\u0080-\uffff]/;
/** The pattern's ` ?[^\s\p{L}\p{N}]+[\r\n]*` alternative, the only one that reaches into following line breaks. */
const PUNCTUATION_PIECE = /^ ?[^\s\p{L}\p{N}]+$/u;

interface Tokenizer {
  /** Token bytes as a binary string (one char per byte) → rank. */
  ranks: Map<string, number>;
  pieces: RegExp;
  cache: Map<string, number>;
}

let tokenizer: Tokenizer | undefined;

/**
 * The cl100k_base rank table from js-tiktoken's bundled ranks file. Keys are binary strings rather than
 * js-tiktoken's comma-joined byte lists, which makes building the table and merging several times faster.
 */
function getTokenizer(): Tokenizer {
  if (tokenizer) return tokenizer;
  const ranks = new Map<string, number>();
  for (const line of cl100k.bpe_ranks.split('\n')) {
    const fields = line.split(' ');
    const offset = Number(fields[1]);
    for (let i = 2; i < fields.length; i++) ranks.set(atob(fields[i]), offset + i - 2);
  }
  tokenizer = { ranks, pieces: new RegExp(cl100k.pat_str, 'gu'), cache: new Map() };
  return tokenizer;
}

/**
 * cl100k_base token count, equal to js-tiktoken's `encode(text, [], []).length` (special tokens read as text):
 * the same pre-tokenizer pattern, then byte-pair merging of each distinct piece, cached.
 */
export function countTokens(text: string): number {
  return countTokensAndLastPiece(text).tokens;
}

/** The token count and the text's last pre-tokenizer piece, which decides what a following line break costs. */
export function countTokensAndLastPiece(text: string): { tokens: number; lastPiece: string } {
  if (!text) return { tokens: 0, lastPiece: '' };
  const { ranks, pieces, cache } = getTokenizer();
  const matched = text.match(pieces) ?? [];
  let tokens = 0;
  for (const piece of matched) {
    let n = cache.get(piece);
    if (n === undefined) {
      n = countPiece(piece, ranks);
      if (cache.size >= PIECE_CACHE_LIMIT) cache.clear();
      cache.set(piece, n);
    }
    tokens += n;
  }
  return { tokens, lastPiece: matched[matched.length - 1] ?? '' };
}

/**
 * What `a + breaks + b` costs beyond count(a) + count(b), where `breaks` is only line breaks, `a` ends in
 * non-whitespace and `b` starts with anything but a line break. Under cl100k's pattern the pieces of `b` stay as
 * they are, and the breaks are a piece of their own unless a's last piece is punctuation, which absorbs them.
 */
export function lineBreakJoinTokens(lastPieceOfA: string, breaks: string): number {
  if (!PUNCTUATION_PIECE.test(lastPieceOfA)) return countTokens(breaks);
  return countTokens(lastPieceOfA + breaks) - countTokens(lastPieceOfA);
}

function countPiece(piece: string, ranks: Map<string, number>): number {
  const bytes = NON_ASCII.test(piece) ? Buffer.from(piece, 'utf8').toString('latin1') : piece;
  if (bytes.length <= MAX_PIECE_BYTES) return mergeCount(bytes, ranks);
  let count = 0;
  for (let at = 0; at < bytes.length; at += MAX_PIECE_BYTES) count += mergeCount(bytes.slice(at, at + MAX_PIECE_BYTES), ranks);
  return count;
}

/**
 * Byte-pair merging as tiktoken does it: repeatedly merge the adjacent pair with the lowest rank (leftmost on a
 * tie), rescoring only the pairs next to the merge; the parts left are the tokens.
 */
function mergeCount(bytes: string, ranks: Map<string, number>): number {
  if (bytes.length <= 1 || ranks.has(bytes)) return bytes.length ? 1 : 0;
  const starts = Array.from({ length: bytes.length + 1 }, (_, i) => i);
  const pairRank = (i: number) => (i + 2 < starts.length ? (ranks.get(bytes.slice(starts[i], starts[i + 2])) ?? Infinity) : Infinity);
  const scores = starts.slice(0, -1).map((_, i) => pairRank(i));
  for (;;) {
    let best = Infinity;
    let at = -1;
    for (let i = 0; i < scores.length; i++) {
      if (scores[i] < best) [best, at] = [scores[i], i];
    }
    if (at < 0) return starts.length - 1;
    starts.splice(at + 1, 1);
    scores.splice(at + 1, 1);
    scores[at] = pairRank(at);
    if (at > 0) scores[at - 1] = pairRank(at - 1);
  }
}
