import { sha256Hex } from '@libs/crypto';
import { countTokens, countTokensAndLastPiece, lineBreakJoinTokens } from 'src/modules/rag/parsing/count-tokens';
import type { Chunk, ChunkOptions, ParsedDocument, ParsedSection } from 'src/modules/rag/rag.types';

export { countTokens } from 'src/modules/rag/parsing/count-tokens';

/** Sentence ends: Latin punctuation before whitespace, CJK full stops anywhere, and line breaks. */
const SENTENCE_END = /[.!?…]+["'”’)\]]*(?=\s)|[。！？]+|\n/g;
const WORD = /\S+/g;
const SECTION_SEPARATOR = '\n\n';
/** Real text averages about 4 characters a token; a section this far over the limit goes straight to splitting. */
const MAX_CHARS_PER_TOKEN = 12;

interface Range {
  start: number;
  end: number;
  tokens: number;
}

interface Piece {
  text: string;
  tokens: number;
  page?: number;
  /** The last tokenizer piece of a whole section, to count the separator when sections are merged. */
  lastPiece?: string;
}

/** Pieces joined by a blank line, with the exact token count of the joined text. */
interface PieceGroup {
  pieces: Piece[];
  tokens: number;
}

interface Group {
  path: string[];
  sections: ParsedSection[];
}

/**
 * Structure-aware chunking. Sections under one heading path are merged up to chunkTokens and cut only between
 * sections; text under different heading paths never shares a chunk. A section longer than chunkTokens is split
 * alone: prose at sentence ends, lists and code at lines, into windows that repeat up to overlapTokens of the
 * previous window; tables at rows, without overlap. The heading path is metadata, never added to the text.
 */
export function chunkDocument(doc: ParsedDocument, options: ChunkOptions): Chunk[] {
  const limit = Math.max(1, Math.floor(options.chunkTokens));
  const overlap = Math.min(Math.max(0, Math.floor(options.overlapTokens)), Math.floor(limit / 2));
  const chunks: Chunk[] = [];
  for (const group of groupSections(doc.sections)) {
    const heading = group.path.length ? group.path.join(' > ') : undefined;
    for (const piece of chunkGroup(group.sections, limit, overlap)) chunks.push(toChunk(chunks.length, piece, heading));
  }
  return chunks;
}

/**
 * Consecutive sections with the same heading path form a group. A group holding only headings joins the group
 * below it when that one lies under those headings, so a chapter title is not left alone in a chunk.
 */
function groupSections(sections: ParsedSection[]): Group[] {
  const groups: Group[] = [];
  for (const section of sections) {
    if (!section.text.trim()) continue;
    const last = groups[groups.length - 1];
    if (last && samePath(last.path, section.headingPath)) {
      last.sections.push(section);
    } else if (last && last.sections.every((s) => s.kind === 'heading') && isUnder(section.headingPath, last.path)) {
      last.path = section.headingPath;
      last.sections.push(section);
    } else {
      groups.push({ path: section.headingPath, sections: [section] });
    }
  }
  return groups;
}

function samePath(a: string[], b: string[]): boolean {
  return a.length === b.length && a.every((part, i) => part === b[i]);
}

function isUnder(path: string[], parent: string[]): boolean {
  return path.length > parent.length && parent.every((part, i) => part === path[i]);
}

/** One group's chunks: whole sections merged while they fit, long sections split on their own. */
function chunkGroup(sections: ParsedSection[], limit: number, overlap: number): PieceGroup[] {
  const chunks: PieceGroup[] = [];
  let current: PieceGroup = { pieces: [], tokens: 0 };
  const flush = () => {
    if (current.pieces.length) chunks.push(current);
    current = { pieces: [], tokens: 0 };
  };
  for (const section of sections) {
    // Merged text must end in non-whitespace and not start with a line break for the exact join count below.
    const text = section.text.replace(/^\s*[\r\n]/, '').trimEnd();
    const counted = text.length > limit * MAX_CHARS_PER_TOKEN ? undefined : countTokensAndLastPiece(text);
    if (!counted || counted.tokens > limit) {
      flush();
      for (const window of splitSection({ ...section, text }, limit, overlap)) chunks.push({ pieces: [window], tokens: window.tokens });
      continue;
    }
    const { tokens, lastPiece } = counted;
    const previous = current.pieces[current.pieces.length - 1];
    const joined = previous ? current.tokens + lineBreakJoinTokens(previous.lastPiece ?? '', SECTION_SEPARATOR) + tokens : tokens;
    if (previous && joined > limit) flush();
    current.tokens = current.pieces.length ? joined : tokens;
    current.pieces.push({ text, tokens, lastPiece, page: section.page });
  }
  flush();
  return chunks;
}

function toChunk(index: number, { pieces, tokens }: PieceGroup, heading: string | undefined): Chunk {
  const text = pieces.map((p) => p.text).join(SECTION_SEPARATOR);
  const chunk: Chunk = { index, text, tokenCount: tokens, contentHash: sha256Hex(text) };
  const pages = pieces.map((p) => p.page).filter((p): p is number => p !== undefined);
  if (pages.length) {
    chunk.page = Math.min(...pages);
    chunk.pageEnd = Math.max(...pages);
  }
  if (heading) chunk.heading = heading;
  return chunk;
}

/** Windows of one long section, each at most `limit` tokens. */
function splitSection(section: ParsedSection, limit: number, overlap: number): Piece[] {
  const { text } = section;
  const table = section.kind === 'table';
  const boundaries = section.kind === 'paragraph' || section.kind === 'heading' ? SENTENCE_END : /\n/g;
  const units = splitRanges(text, boundaries).flatMap((range) => fitRange(text, range, limit));
  return packWindows(text, units, limit, table ? 0 : overlap).map((w) => ({
    text: text.slice(w.start, w.end),
    tokens: w.tokens,
    page: section.page,
  }));
}

/** Ranges between boundary matches (the match stays with the range before it), trimmed, with token counts. */
function splitRanges(text: string, boundaries: RegExp, from = 0, to = text.length): Range[] {
  const ranges: Range[] = [];
  let start = from;
  const push = (end: number) => {
    const range = trimRange(text, start, end);
    if (range) ranges.push(range);
    start = end;
  };
  for (const match of text.slice(from, to).matchAll(boundaries)) push(from + match.index + match[0].length);
  push(to);
  return ranges;
}

function trimRange(text: string, start: number, end: number): Range | undefined {
  while (start < end && /\s/.test(text[start])) start++;
  while (end > start && /\s/.test(text[end - 1])) end--;
  return end > start ? { start, end, tokens: countTokens(text.slice(start, end)) } : undefined;
}

/** A range that is over the limit by itself is cut into words, and a word over the limit into token-sized slices. */
function fitRange(text: string, range: Range, limit: number): Range[] {
  if (range.tokens <= limit) return [range];
  const words: Range[] = [];
  for (const match of text.slice(range.start, range.end).matchAll(WORD)) {
    const start = range.start + match.index;
    const end = start + match[0].length;
    const tokens = countTokens(match[0]);
    words.push(...(tokens <= limit ? [{ start, end, tokens }] : hardSplit(text, start, end, limit)));
  }
  return words;
}

function hardSplit(text: string, start: number, end: number, limit: number): Range[] {
  const out: Range[] = [];
  let from = start;
  while (from < end) {
    // Largest slice within the limit; a token is rarely over 32 characters, which bounds the search.
    let lo = from + 1;
    let hi = Math.min(end, from + limit * 32);
    while (lo < hi) {
      const mid = Math.ceil((lo + hi) / 2);
      if (countTokens(text.slice(from, mid)) <= limit) lo = mid;
      else hi = mid - 1;
    }
    if (lo < end && lo - 1 > from && isHighSurrogate(text.charCodeAt(lo - 1))) lo--;
    out.push({ start: from, end: lo, tokens: countTokens(text.slice(from, lo)) });
    from = lo;
  }
  return out;
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}

/**
 * Greedy windows over units (each within the limit). Each window after the first starts with the last units of
 * the one before, up to `overlap` tokens, or with its last words when a whole unit is longer than that.
 */
function packWindows(text: string, units: Range[], limit: number, overlap: number): Range[] {
  const windows: Range[] = [];
  let next = 0;
  let carry: { start: number; tokens: number } | undefined;
  while (next < units.length) {
    if (carry && carry.tokens + units[next].tokens > limit) carry = undefined;
    let sum = carry?.tokens ?? 0;
    let end = next;
    while (end < units.length && sum + units[end].tokens <= limit) sum += units[end++].tokens;
    const window = exactWindow(text, units, carry?.start ?? units[next].start, next, end, limit);
    windows.push(window.range);
    const first = next;
    next = window.end;
    carry = next < units.length && overlap > 0 ? overlapTail(text, units, first, next, overlap) : undefined;
  }
  return windows;
}

/** Shrinks a window until the exact count of its text is within the limit (the sum of units is an estimate). */
function exactWindow(
  text: string,
  units: Range[],
  start: number,
  first: number,
  end: number,
  limit: number,
): { range: Range; end: number } {
  for (;;) {
    const tokens = countTokens(text.slice(start, units[end - 1].end));
    if (tokens <= limit) return { range: { start, end: units[end - 1].end, tokens }, end };
    if (end - 1 > first) end--;
    else if (start !== units[first].start) start = units[first].start;
    else return { range: { start, end: units[end - 1].end, tokens }, end };
  }
}

/** The start of the overlap: whole units from the end of [first, next), or else the last words of the last unit. */
function overlapTail(
  text: string,
  units: Range[],
  first: number,
  next: number,
  overlap: number,
): { start: number; tokens: number } | undefined {
  let k = next;
  let tokens = 0;
  while (k - 1 > first && tokens + units[k - 1].tokens <= overlap) tokens += units[--k].tokens;
  if (k < next) return { start: units[k].start, tokens };
  // No whole unit fits: take the last words of the last unit, estimated word by word, then counted exactly.
  const last = units[next - 1];
  const words = [...text.slice(last.start, last.end).matchAll(WORD)].map((m) => last.start + m.index);
  let i = words.length;
  for (let estimate = 0; i > 1; i--) {
    estimate += countTokens(` ${text.slice(words[i - 1], i < words.length ? words[i] : last.end).trim()}`);
    if (estimate > overlap) break;
  }
  let start: number | undefined;
  for (; i < words.length && start === undefined; i++) {
    tokens = countTokens(text.slice(words[i], last.end));
    if (tokens <= overlap) start = words[i];
  }
  return start === undefined ? undefined : { start, tokens };
}
