import { dirname, join } from 'node:path';
import { definePDFJSModule, getDocumentProxy, resolvePDFJSImport } from 'unpdf';
import { collapse, type ParsedContent, SectionCollector } from 'src/modules/rag/parsing/section-collector';
import { RagError, RagErrorCode } from 'src/modules/rag/rag.errors';
import type { ParseLimits } from 'src/modules/rag/rag.types';

type PdfDocument = Awaited<ReturnType<typeof getDocumentProxy>>;

interface Line {
  text: string;
  size: number;
  y: number;
}

/** A heading's font is at least this much larger than the body text's. */
const HEADING_SIZE_FACTOR = 1.15;
const MAX_HEADING_CHARS = 120;
const MAX_HEADING_LEVELS = 6;

let pdfjsReady: Promise<void> | undefined;

/**
 * unpdf loads its pdf.js bundle with a native import() from its CommonJS build, which works in plain Node (dist/)
 * but not inside jest's vm sandbox. There, fall back to requiring the bundle file itself: jest's transformer
 * compiles that ES module, and Node >= 20.19 can require() it as well.
 */
function loadPdfjs(): Promise<void> {
  pdfjsReady ??= resolvePDFJSImport()
    .catch(() => {
      const bundle = join(dirname(require.resolve('unpdf')), 'pdfjs.mjs');
      // eslint-disable-next-line @typescript-eslint/no-require-imports -- see above: the bundle is not in unpdf's "require" exports
      return definePDFJSModule(() => Promise.resolve(require(bundle)));
    })
    .catch((error: unknown) => {
      pdfjsReady = undefined;
      throw error;
    });
  return pdfjsReady;
}

/** PDF text per page through pdf.js: paragraphs from line spacing, headings from font size, page headers/footers dropped. */
export async function parsePdf(bytes: Buffer, limits: ParseLimits): Promise<ParsedContent> {
  await loadPdfjs();
  const pdf = await openPdf(bytes);
  try {
    if (pdf.numPages > limits.maxPages) {
      throw new RagError(RagErrorCode.FILE_TOO_LARGE, `The PDF has ${pdf.numPages} pages; at most ${limits.maxPages} are accepted.`, {
        pages: pdf.numPages,
        maxPages: limits.maxPages,
      });
    }
    const pages = await readPages(pdf);
    const collector = toSections(dropRunningLines(pages));
    if (!collector.sections.length) {
      throw new RagError(
        RagErrorCode.EMPTY_DOCUMENT,
        'The PDF has no extractable text. It may be a scanned image; text recognition (OCR) is not supported.',
      );
    }
    const title = (await metadataTitle(pdf)) ?? collector.firstHeading;
    return { title, pages: pdf.numPages, sections: collector.sections };
  } finally {
    await pdf.destroy().catch(() => undefined);
  }
}

async function openPdf(bytes: Buffer): Promise<PdfDocument> {
  try {
    // pdf.js may take ownership of the array it is given, so hand it a copy.
    return await getDocumentProxy(new Uint8Array(bytes), { verbosity: 0 });
  } catch (error) {
    const name = (error as { name?: string })?.name;
    if (name === 'PasswordException') {
      throw new RagError(RagErrorCode.ENCRYPTED_DOCUMENT, 'The PDF is password-protected. Remove the password and upload it again.');
    }
    const detail = (error instanceof Error ? error.message : String(error)).replace(/\.$/, '');
    throw new RagError(RagErrorCode.CORRUPT_DOCUMENT, `The PDF is damaged and cannot be read (${detail}).`);
  }
}

async function readPages(pdf: PdfDocument): Promise<Line[][]> {
  const pages: Line[][] = [];
  let failures = 0;
  for (let n = 1; n <= pdf.numPages; n++) {
    try {
      const page = await pdf.getPage(n);
      const content = await page.getTextContent();
      pages.push(toLines(content.items as TextItem[]));
      page.cleanup();
    } catch {
      // One broken page should not lose the rest of the document.
      failures++;
      pages.push([]);
    }
  }
  if (failures === pdf.numPages) throw new RagError(RagErrorCode.CORRUPT_DOCUMENT, 'The PDF is damaged: none of its pages can be read.');
  return pages;
}

type TextItem = { str?: string; transform?: number[]; hasEOL?: boolean };

function toLines(items: TextItem[]): Line[] {
  const lines: Line[] = [];
  let current: Line | undefined;
  const finish = () => {
    if (current && current.text.trim()) lines.push({ ...current, text: collapse(current.text) });
    current = undefined;
  };
  for (const item of items) {
    if (item.str && item.transform) {
      const size = Math.hypot(item.transform[2], item.transform[3]);
      const y = item.transform[5];
      if (current && Math.abs(current.y - y) > Math.max(current.size, size) * 0.5) finish();
      current ??= { text: '', size: 0, y };
      current.text += item.str;
      if (item.str.trim()) current.size = Math.max(current.size, size);
    }
    if (item.hasEOL) finish();
  }
  finish();
  return lines;
}

/** Removes running headers and footers: the same line (digits ignored) at the top or bottom of most pages. */
function dropRunningLines(pages: Line[][]): Line[][] {
  if (pages.length < 3) return pages;
  const key = (line: Line) => line.text.replace(/\d+/g, '#').toLowerCase();
  const edges = (lines: Line[]) => new Set([...lines.slice(0, 2), ...lines.slice(-2)]);
  const counts = new Map<string, number>();
  for (const lines of pages) {
    for (const k of new Set([...edges(lines)].map(key))) counts.set(k, (counts.get(k) ?? 0) + 1);
  }
  const threshold = Math.max(3, Math.ceil(pages.length * 0.6));
  return pages.map((lines) => {
    const edge = edges(lines);
    return lines.filter((line) => !edge.has(line) || (counts.get(key(line)) ?? 0) < threshold);
  });
}

function toSections(pages: Line[][]): SectionCollector {
  const body = bodySize(pages.flat());
  const levels = headingLevels(pages.flat(), body);
  const collector = new SectionCollector();
  pages.forEach((lines, i) => {
    collector.page = i + 1;
    let paragraph: Line[] = [];
    const flush = () => {
      if (paragraph.length) addParagraph(collector, paragraph, levels);
      paragraph = [];
    };
    for (const line of lines) {
      const previous = paragraph[paragraph.length - 1];
      if (previous && !continues(previous, line, levels)) flush();
      paragraph.push(line);
    }
    flush();
  });
  return collector;
}

function addParagraph(collector: SectionCollector, lines: Line[], levels: Map<number, number>): void {
  const level = levels.get(round(lines[0].size));
  const text = joinLines(lines.map((l) => l.text));
  if (level && text.length <= MAX_HEADING_CHARS) collector.heading(level, text);
  else collector.add('paragraph', text);
}

/** Whether a line continues the paragraph above it: same font size, next line down, no large gap, no bullet. */
function continues(previous: Line, line: Line, levels: Map<number, number>): boolean {
  if (round(previous.size) !== round(line.size)) return false;
  if (levels.has(round(line.size)) !== levels.has(round(previous.size))) return false;
  const gap = previous.y - line.y;
  if (gap <= 0 || gap > line.size * 1.6) return false;
  return !/^([•◦▪●■–-]|\d{1,3}[.)])\s/.test(line.text);
}

function joinLines(lines: string[]): string {
  return lines.reduce((text, line) => {
    if (!text) return line;
    // Re-join words hyphenated across a line break ("instal-" + "lation").
    if (/\p{Ll}-$/u.test(text) && /^\p{Ll}/u.test(line)) return text.slice(0, -1) + line;
    return `${text} ${line}`;
  }, '');
}

/** The font size most of the text is set in, weighted by characters. */
function bodySize(lines: Line[]): number {
  const weights = new Map<number, number>();
  for (const line of lines) weights.set(round(line.size), (weights.get(round(line.size)) ?? 0) + line.text.length);
  let best = 0;
  let bestWeight = -1;
  for (const [size, weight] of weights) {
    if (weight > bestWeight) [best, bestWeight] = [size, weight];
  }
  return best;
}

/** Font sizes clearly above the body size, largest first, mapped to heading levels 1..6. */
function headingLevels(lines: Line[], body: number): Map<number, number> {
  const sizes = new Set<number>();
  for (const line of lines) {
    const size = round(line.size);
    if (body > 0 && size >= body * HEADING_SIZE_FACTOR && line.text.length <= MAX_HEADING_CHARS && /\p{L}/u.test(line.text))
      sizes.add(size);
  }
  const sorted = [...sizes].sort((a, b) => b - a).slice(0, MAX_HEADING_LEVELS);
  return new Map(sorted.map((size, i) => [size, i + 1]));
}

function round(size: number): number {
  return Math.round(size * 2) / 2;
}

async function metadataTitle(pdf: PdfDocument): Promise<string | undefined> {
  try {
    const { info, metadata } = (await pdf.getMetadata()) as {
      info?: { Title?: unknown };
      metadata?: { get(name: string): unknown } | null;
    };
    const candidates = [info?.Title, metadata?.get('dc:title')];
    for (const candidate of candidates) {
      const title = typeof candidate === 'string' ? cleanTitle(candidate) : '';
      if (title) return title;
    }
  } catch {
    // A broken info dictionary only costs the title.
  }
  return undefined;
}

function cleanTitle(raw: string): string {
  const title = collapse(raw)
    .replace(/^Microsoft (Word|PowerPoint) - /i, '')
    .replace(/\.(docx?|pptx?|odt|rtf)$/i, '');
  return /^(untitled|unknown|document\d*)$/i.test(title) ? '' : title;
}
