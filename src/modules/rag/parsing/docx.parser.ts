import JSZip from 'jszip';
import mammoth from 'mammoth';
import { Parser } from 'htmlparser2';
import { parseHtml } from 'src/modules/rag/parsing/html.parser';
import type { ParsedContent } from 'src/modules/rag/parsing/section-collector';
import { RagError, RagErrorCode } from 'src/modules/rag/rag.errors';
import type { ParseLimits } from 'src/modules/rag/rag.types';

const MAX_ENTRIES = 10_000;
/** Small parts compress far beyond any sane ratio (a run of spaces) and cannot hurt; only check parts above this. */
const RATIO_CHECK_MIN_BYTES = 1024 * 1024;
/** Parts mammoth never reads with our image converter, so they are neither measured by inflating nor inflated. */
const UNREAD_PARTS = /^word\/(media|embeddings)\//;
const PAGE_BREAK_CLASS = 'docx-page-break';
const TITLE_CLASS = 'docx-title';
const STYLE_MAP = [`br[type='page'] => hr.${PAGE_BREAK_CLASS}`, `p[style-name='Title'] => p.${TITLE_CLASS}:fresh`];

/** jszip keeps the central directory's sizes on a private field; it is stable across jszip 3.x. */
interface ZipEntrySizes {
  _data?: { compressedSize?: number; uncompressedSize?: number };
}

/**
 * DOCX through mammoth (heading styles become h1-h6, lists, tables, explicit page breaks), after checking the
 * archive: sizes from the zip directory first, then a bounded inflate, so a zip bomb never expands in memory.
 */
export async function parseDocx(bytes: Buffer, limits: ParseLimits): Promise<ParsedContent> {
  const zip = await openZip(bytes);
  checkDirectory(zip, limits);
  if (!zip.file('word/document.xml')) {
    throw new RagError(RagErrorCode.CORRUPT_DOCUMENT, 'The Word document is damaged: it has no main document part (word/document.xml).');
  }
  await checkInflatedSize(zip, limits);
  const html = await toHtml(bytes);
  const content = parseHtml(html, { pageBreakClass: PAGE_BREAK_CLASS, titleClass: TITLE_CLASS });
  const title = (await coreTitle(zip)) ?? content.title;
  return { ...content, title };
}

async function openZip(bytes: Buffer): Promise<JSZip> {
  try {
    return await JSZip.loadAsync(bytes, { checkCRC32: false });
  } catch (error) {
    throw new RagError(RagErrorCode.CORRUPT_DOCUMENT, `The Word document is damaged: its ZIP container cannot be read (${reason(error)}).`);
  }
}

function checkDirectory(zip: JSZip, limits: ParseLimits): void {
  const entries = Object.values(zip.files).filter((entry) => !entry.dir);
  if (entries.length > MAX_ENTRIES) {
    throw new RagError(
      RagErrorCode.ARCHIVE_TOO_LARGE,
      `The Word document contains ${entries.length} parts; at most ${MAX_ENTRIES} are accepted.`,
    );
  }
  let total = 0;
  for (const entry of entries) {
    const sizes = (entry as unknown as ZipEntrySizes)._data ?? {};
    const expanded = sizes.uncompressedSize ?? 0;
    const ratio = expanded / Math.max(sizes.compressedSize ?? 0, 1);
    total += expanded;
    if (expanded >= RATIO_CHECK_MIN_BYTES && ratio > limits.maxCompressionRatio) {
      throw tooLarge(`its part "${entry.name}" expands ${Math.round(ratio)} times (at most ${limits.maxCompressionRatio} is accepted)`);
    }
  }
  if (total > limits.maxExpandedBytes) throw tooLarge(`it would expand to ${mib(total)} (at most ${mib(limits.maxExpandedBytes)})`);
}

/** The directory can lie about sizes; inflate what mammoth will read, stopping as soon as the limit is passed. */
async function checkInflatedSize(zip: JSZip, limits: ParseLimits): Promise<void> {
  let total = 0;
  for (const entry of Object.values(zip.files)) {
    if (entry.dir || UNREAD_PARTS.test(entry.name)) continue;
    total += await inflatedSize(entry, limits.maxExpandedBytes - total, limits.maxExpandedBytes);
  }
}

function inflatedSize(entry: JSZip.JSZipObject, budget: number, limit: number): Promise<number> {
  return new Promise((resolve, reject) => {
    let size = 0;
    const stream = entry.nodeStream('nodebuffer');
    stream.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= budget) return;
      stream.pause();
      stream.removeAllListeners();
      stream.on('error', () => undefined);
      reject(tooLarge(`its parts expand beyond ${mib(limit)} although the archive directory declares less`));
    });
    stream.on('error', (error) =>
      reject(
        new RagError(
          RagErrorCode.CORRUPT_DOCUMENT,
          `The Word document is damaged: part "${entry.name}" cannot be unpacked (${reason(error)}).`,
        ),
      ),
    );
    stream.on('end', () => resolve(size));
  });
}

async function toHtml(bytes: Buffer): Promise<string> {
  try {
    const result = await mammoth.convertToHtml(
      { buffer: bytes },
      { styleMap: STYLE_MAP, convertImage: mammoth.images.imgElement(() => Promise.resolve({ src: '' })), externalFileAccess: false },
    );
    return result.value;
  } catch (error) {
    throw new RagError(RagErrorCode.CORRUPT_DOCUMENT, `The Word document cannot be read (${reason(error)}).`);
  }
}

/** dc:title from docProps/core.xml, when the author set one. */
async function coreTitle(zip: JSZip): Promise<string | undefined> {
  const xml = await zip.file('docProps/core.xml')?.async('string');
  if (!xml) return undefined;
  let depth = 0;
  let title = '';
  const parser = new Parser(
    {
      onopentag: (name) => (depth += name === 'dc:title' ? 1 : 0),
      onclosetag: (name) => (depth -= name === 'dc:title' ? 1 : 0),
      ontext: (text) => (title += depth > 0 ? text : ''),
    },
    { xmlMode: true },
  );
  parser.end(xml);
  return title.replace(/\s+/g, ' ').trim() || undefined;
}

function tooLarge(why: string): RagError {
  return new RagError(
    RagErrorCode.ARCHIVE_TOO_LARGE,
    `The Word document was rejected because ${why}. It may be a zip bomb, or simply too large.`,
  );
}

function mib(bytes: number): string {
  return `${(bytes / (1024 * 1024)).toFixed(1)} MiB`;
}

function reason(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
