import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Tiktoken } from 'js-tiktoken/lite';
import cl100k from 'js-tiktoken/ranks/cl100k_base';
import { chunkDocument, countTokens } from 'src/modules/rag/parsing/chunker';
import { parseDocument } from 'src/modules/rag/parsing/document-parser';
import type { Chunk, ParsedDocument, ParsedSection } from 'src/modules/rag/rag.types';

const FIXTURES = join(__dirname, '..', '..', '..', '..', 'test', 'fixtures', 'rag');
const LIMITS = { maxExpandedBytes: 64 * 1024 * 1024, maxCompressionRatio: 200, maxPages: 500 };
const FIXTURE_NAMES = ['manual.pdf', 'handbook.docx', 'guide.md', 'page.html', 'notes.txt', 'inventory.csv', 'config.json'];

const parseFixture = (name: string) => parseDocument({ bytes: readFileSync(join(FIXTURES, name)), filename: name }, LIMITS);

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32;
}

const SYLLABLES = ['ka', 'lo', 'mi', 'ren', 'tu', 'sa', 'vor', 'el', 'an', 'dri', 'po', 'que', 'lin', 'os', 'ta'];
const VOCABULARY = Array.from({ length: 4000 }, (_, i) => {
  let word = '';
  for (let n = i + 1; n > 0; n = Math.floor(n / SYLLABLES.length)) word += SYLLABLES[n % SYLLABLES.length];
  return word;
});

/** English-like prose: a Zipf-like draw from a made-up vocabulary, sentences of 6 to 25 words. */
function prose(random: () => number, words: number): string {
  const out: string[] = [];
  for (let count = 0; count < words;) {
    const length = 6 + Math.floor(random() * 20);
    const sentence = Array.from({ length }, () => VOCABULARY[Math.floor(VOCABULARY.length * random() ** 3)]);
    sentence[0] = sentence[0][0].toUpperCase() + sentence[0].slice(1);
    out.push(`${sentence.join(' ')}.`);
    count += length;
  }
  return out.join(' ');
}

/** A 300-page, ~150k-word document: a chapter heading every 10 pages, a section heading per page, 4 paragraphs a page. */
function bigDocument(): ParsedDocument {
  const random = rng(42);
  const sections: ParsedSection[] = [];
  for (let page = 1; page <= 300; page++) {
    const chapter = `Chapter ${Math.ceil(page / 10)}`;
    const path = [chapter, `Section ${page}`];
    if (page % 10 === 1) sections.push({ text: chapter, headingPath: [chapter], kind: 'heading', page });
    sections.push({ text: `Section ${page}`, headingPath: path, kind: 'heading', page });
    for (let p = 0; p < 4; p++) sections.push({ text: prose(random, 125), headingPath: path, kind: 'paragraph', page });
  }
  return { format: 'pdf', mimeType: 'application/pdf', pages: 300, sections };
}

const doc = (sections: Partial<ParsedSection>[]): ParsedDocument => ({
  format: 'text',
  mimeType: 'text/plain',
  sections: sections.map((s) => ({ headingPath: [], kind: 'paragraph', text: '', ...s })),
});

function expectWellFormed(chunks: Chunk[], limit: number): void {
  chunks.forEach((chunk, i) => {
    expect(chunk.index).toBe(i);
    expect(chunk.tokenCount).toBe(countTokens(chunk.text));
    expect(chunk.tokenCount).toBeLessThanOrEqual(limit);
    expect(chunk.text).not.toMatch(/^\s*\n|\s$/);
    expect(chunk.contentHash).toBe(createHash('sha256').update(chunk.text).digest('hex'));
  });
}

describe(countTokens.name, () => {
  const encoder = new Tiktoken(cl100k);

  it.each([
    'Hello, world!',
    'The wall bracket has product code XR-7741; replacement brackets can be ordered under that code.',
    'Grüße aus Köln — 東京タワー 🙂🙂 naïve café',
    '  indented\n\n\tcode();   \r\n',
    'literal <|endoftext|> in a document',
    '1234567890 3.14159 0xdeadbeef',
  ])('counts cl100k tokens exactly like js-tiktoken for %j', (text) => {
    expect(countTokens(text)).toBe(encoder.encode(text, [], []).length);
  });

  it('counts the empty string as zero', () => {
    expect(countTokens('')).toBe(0);
  });

  it('agrees with js-tiktoken on every fixture and on generated prose, code and symbols', async () => {
    const random = rng(7);
    const samples = [prose(random, 3000), 'x'.repeat(1500), `${' '.repeat(300)}end`, '-'.repeat(700), 'ab😀'.repeat(200)];
    for (const name of FIXTURE_NAMES) samples.push(...(await parseFixture(name)).sections.map((s) => s.text));
    const symbols = Array.from({ length: 600 }, () => String.fromCodePoint(32 + Math.floor(random() * 0x3000))).join('');
    samples.push(symbols, readFileSync(join(FIXTURES, 'make-fixtures.ts'), 'utf8'));
    for (const text of samples) expect(countTokens(text)).toBe(encoder.encode(text, [], []).length);
  });
});

describe(chunkDocument.name, () => {
  it.each([16, 50, 128, 512])('keeps every fixture chunk within %i tokens', async (limit) => {
    for (const name of FIXTURE_NAMES)
      expectWellFormed(chunkDocument(await parseFixture(name), { chunkTokens: limit, overlapTokens: 8 }), limit);
  });

  it('carries the page and the heading path of the manual into its chunks', async () => {
    const chunks = chunkDocument(await parseFixture('manual.pdf'), { chunkTokens: 256, overlapTokens: 32 });
    const install = chunks.find((c) => c.text.includes('XR-7741'));
    expect(install).toMatchObject({ page: 2, pageEnd: 2, heading: 'Acme Widget Pro > 2. Installation' });
    expect(chunks.map((c) => c.heading)).toEqual([
      'Acme Widget Pro > 1. Introduction',
      'Acme Widget Pro > 2. Installation',
      'Acme Widget Pro > 3. Maintenance',
      'Acme Widget Pro > 3. Maintenance > 3.1 Troubleshooting',
    ]);
  });

  it('merges small sections under one heading path but never across heading paths', async () => {
    const chunks = chunkDocument(await parseFixture('guide.md'), { chunkTokens: 512, overlapTokens: 0 });
    expect(chunks.map((c) => c.heading)).toEqual([
      'Deployment Guide',
      'Deployment Guide > Requirements',
      'Deployment Guide > Installing',
      'Deployment Guide > Installing > Configuration',
    ]);
    expect(chunks[2].text).toBe(
      'Installing\n\nDownload the release and start it:\n\ncurl -LO https://example.com/orbit.tar.gz\ntar xzf orbit.tar.gz && ./orbit serve --port 8080',
    );
  });

  it('keeps the heading as metadata and adds nothing to the text', () => {
    const chunks = chunkDocument(doc([{ text: 'Body text only.', headingPath: ['Guide', 'Setup'] }]), {
      chunkTokens: 100,
      overlapTokens: 0,
    });
    expect(chunks).toEqual([expect.objectContaining({ text: 'Body text only.', heading: 'Guide > Setup' })]);
    expect(chunks[0].page).toBeUndefined();
  });

  it('counts merged chunks exactly, whatever their sections start and end with', () => {
    const random = rng(11);
    const edges = ['.', '...', ' —', ')', '"', "'s", '123', 'word', '🙂', '  indented', '\n\nleading breaks', '-', '?!', ':', '\ttab'];
    const pick = () => edges[Math.floor(random() * edges.length)];
    const sections = Array.from({ length: 400 }, () => ({ text: `${pick()} ${prose(random, 3 + Math.floor(random() * 8))} ${pick()}` }));
    sections.push({ text: '—' }, { text: '.' }, { text: '(note)' }, { text: '    code();\n  }' });
    for (const limit of [24, 64, 400]) expectWellFormed(chunkDocument(doc(sections), { chunkTokens: limit, overlapTokens: 0 }), limit);
  });

  it('spans pages when one heading path continues onto the next page', () => {
    const chunks = chunkDocument(
      doc([
        { text: 'End of page one.', headingPath: ['A'], page: 1 },
        { text: 'Start of page two.', headingPath: ['A'], page: 2 },
      ]),
      { chunkTokens: 100, overlapTokens: 0 },
    );
    expect(chunks).toEqual([
      expect.objectContaining({ text: 'End of page one.\n\nStart of page two.', page: 1, pageEnd: 2, heading: 'A' }),
    ]);
  });

  it('splits a long section at sentence ends into windows that overlap', () => {
    const sentences = Array.from({ length: 60 }, (_, i) => `Sentence number ${i} says something short.`);
    const chunks = chunkDocument(doc([{ text: sentences.join(' '), page: 4 }]), { chunkTokens: 40, overlapTokens: 12 });
    expectWellFormed(chunks, 40);
    expect(chunks.length).toBeGreaterThan(5);
    for (const chunk of chunks) {
      expect(chunk.text).toMatch(/^Sentence number \d+ .*short\.$/);
      expect(chunk).toMatchObject({ page: 4, pageEnd: 4 });
    }
    for (let i = 1; i < chunks.length; i++) {
      const firstSentence = chunks[i].text.split('. ')[0];
      expect(chunks[i - 1].text).toContain(firstSentence);
    }
    const covered = new Set(chunks.flatMap((c) => c.text.match(/number \d+/g) ?? []));
    expect(covered.size).toBe(60);
  });

  it('overlaps by words when a single sentence is longer than the overlap', () => {
    const sentences = Array.from({ length: 12 }, (_, i) => `Long sentence ${i} ${'with many extra words '.repeat(6).trim()}.`);
    const chunks = chunkDocument(doc([{ text: sentences.join(' ') }]), { chunkTokens: 80, overlapTokens: 10 });
    expectWellFormed(chunks, 80);
    for (let i = 1; i < chunks.length; i++) {
      const head = chunks[i].text.split(' ').slice(0, 3).join(' ');
      expect(chunks[i - 1].text).toContain(head);
    }
  });

  it('splits a long table between rows, without overlap', () => {
    const rows = Array.from({ length: 200 }, (_, i) => `SKU-${1000 + i} | Widget model ${i} | ${i * 3} in stock`);
    const chunks = chunkDocument(doc([{ kind: 'table', text: rows.join('\n') }]), { chunkTokens: 64, overlapTokens: 16 });
    expectWellFormed(chunks, 64);
    const lines = chunks.flatMap((c) => c.text.split('\n'));
    expect(lines).toEqual(rows);
  });

  it('cuts text without any boundary (one huge word) into pieces within the limit', () => {
    const blob = 'QmFzZTY0'.repeat(2_000);
    const chunks = chunkDocument(doc([{ text: blob }]), { chunkTokens: 100, overlapTokens: 0 });
    expectWellFormed(chunks, 100);
    expect(chunks.map((c) => c.text).join('')).toBe(blob);
  });

  it('is deterministic and gives equal texts equal hashes', async () => {
    const parsed = await parseFixture('handbook.docx');
    const first = chunkDocument(parsed, { chunkTokens: 32, overlapTokens: 8 });
    expect(chunkDocument(parsed, { chunkTokens: 32, overlapTokens: 8 })).toEqual(first);
    const twice = chunkDocument(
      doc([
        { text: 'Same text.', headingPath: ['A'] },
        { text: 'Same text.', headingPath: ['B'] },
      ]),
      { chunkTokens: 50, overlapTokens: 0 },
    );
    expect(twice[0].contentHash).toBe(twice[1].contentHash);
    expect(twice[0].contentHash).toBe('9181728b6117a4472e0459e1e01d5233f01921a0095195b8fdd3533147ad53f7');
  });

  it('clamps an overlap larger than half the chunk size', () => {
    const text = Array.from({ length: 40 }, (_, i) => `Fact ${i} is here.`).join(' ');
    const chunks = chunkDocument(doc([{ text }]), { chunkTokens: 20, overlapTokens: 500 });
    expectWellFormed(chunks, 20);
    expect(chunks.length).toBeLessThan(60);
  });

  it('chunks a 300-page, 150k-word document quickly (printed, not asserted)', () => {
    const big = bigDocument();
    const words = big.sections.reduce((n, s) => n + s.text.split(/\s+/).length, 0);
    countTokens('warm up the tokenizer');
    const started = process.hrtime.bigint();
    const chunks = chunkDocument(big, { chunkTokens: 512, overlapTokens: 64 });
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    const again = process.hrtime.bigint();
    chunkDocument(big, { chunkTokens: 256, overlapTokens: 32 });
    const msAgain = Number(process.hrtime.bigint() - again) / 1e6;
    console.log(
      `chunked ${words} words (${big.pages} pages) into ${chunks.length} chunks in ${ms.toFixed(0)} ms; again at 256 tokens in ${msAgain.toFixed(0)} ms`,
    );
    expectWellFormed(chunks, 512);
    expect(words).toBeGreaterThan(145_000);
  });
});
