import { RagError, RagErrorCode } from 'src/modules/rag/rag.errors';
import type { DocumentFormat, ParseInput } from 'src/modules/rag/rag.types';

export interface DetectedFormat {
  format: DocumentFormat;
  mimeType: string;
  /** The decoded text, for the text-based formats (so the parser does not decode twice). */
  text?: string;
}

export const MIME_TYPES: Record<DocumentFormat, string> = {
  pdf: 'application/pdf',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  html: 'text/html',
  markdown: 'text/markdown',
  text: 'text/plain',
  csv: 'text/csv',
  json: 'application/json',
};

const MAX_FILENAME_CHARS = 200;
const MAX_EXTENSION_CHARS = 16;

const EXTENSIONS: Record<string, DocumentFormat> = {
  pdf: 'pdf',
  docx: 'docx',
  docm: 'docx',
  dotx: 'docx',
  html: 'html',
  htm: 'html',
  xhtml: 'html',
  md: 'markdown',
  markdown: 'markdown',
  mdown: 'markdown',
  mkd: 'markdown',
  txt: 'text',
  text: 'text',
  log: 'text',
  csv: 'csv',
  tsv: 'csv',
  json: 'json',
};

const DECLARED_TYPES: Record<string, DocumentFormat> = {
  'application/pdf': 'pdf',
  'application/x-pdf': 'pdf',
  [MIME_TYPES.docx]: 'docx',
  'text/html': 'html',
  'application/xhtml+xml': 'html',
  'text/markdown': 'markdown',
  'text/x-markdown': 'markdown',
  'text/plain': 'text',
  'text/csv': 'csv',
  'text/tab-separated-values': 'csv',
  'application/csv': 'csv',
  'application/json': 'json',
  'text/json': 'json',
};

/** Binary formats we recognise only to name them in the error message. */
const KNOWN_BINARIES: { name: string; magic: number[]; offset?: number }[] = [
  { name: 'a PNG image', magic: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a] },
  { name: 'a JPEG image', magic: [0xff, 0xd8, 0xff] },
  { name: 'a GIF image', magic: [0x47, 0x49, 0x46, 0x38] },
  { name: 'a WebP image', magic: [0x57, 0x45, 0x42, 0x50], offset: 8 },
  { name: 'a Windows executable', magic: [0x4d, 0x5a] },
  { name: 'an ELF executable', magic: [0x7f, 0x45, 0x4c, 0x46] },
  { name: 'a gzip archive', magic: [0x1f, 0x8b] },
  { name: 'a 7-Zip archive', magic: [0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c] },
  { name: 'a RAR archive', magic: [0x52, 0x61, 0x72, 0x21, 0x1a, 0x07] },
  { name: 'a legacy Office (.doc/.xls/.ppt) file', magic: [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1] },
];

type Hint = { source: string; format: DocumentFormat };

/**
 * Decides a document's format from its bytes. The file name and declared type are hints that only break ties between
 * text formats; when they claim PDF or DOCX (or any format we parse, for binary bytes) and the bytes disagree, the upload
 * is rejected rather than guessed.
 */
export function detectFormat(input: ParseInput): DetectedFormat {
  const { bytes } = input;
  if (bytes.length === 0) throw new RagError(RagErrorCode.EMPTY_DOCUMENT, 'The file is empty (0 bytes).');
  const hints = hintsOf(input);
  const binary = sniffBinary(bytes);
  if (binary === 'pdf' || binary === 'docx') return acceptBinary(binary, hints);
  if (binary) return rejectBinary(binary, hints);
  const text = decodeText(bytes);
  if (text === undefined) return rejectBinary('binary data that is not text', hints);
  if (!text.trim()) throw new RagError(RagErrorCode.EMPTY_DOCUMENT, 'The file contains only whitespace, no text.');
  const claimed = hints.find((h) => h.format === 'pdf' || h.format === 'docx');
  if (claimed) throw mismatch(claimed, 'plain text');
  const format = sniffTextFormat(text, hints);
  return { format, mimeType: MIME_TYPES[format], text };
}

function acceptBinary(format: 'pdf' | 'docx', hints: Hint[]): DetectedFormat {
  const other = format === 'pdf' ? 'docx' : 'pdf';
  const claimed = hints.find((h) => h.format === other);
  if (claimed) throw mismatch(claimed, format === 'pdf' ? 'a PDF document' : 'a Word (DOCX) document');
  return { format, mimeType: MIME_TYPES[format] };
}

function rejectBinary(what: string, hints: Hint[]): never {
  const claimed = hints[0];
  if (claimed) throw mismatch(claimed, what);
  throw new RagError(
    RagErrorCode.UNSUPPORTED_TYPE,
    `The file is ${what}, which is not a supported document type. Upload PDF, DOCX, HTML, Markdown, plain text, CSV or JSON.`,
  );
}

function mismatch(hint: Hint, actual: string): RagError {
  return new RagError(
    RagErrorCode.TYPE_MISMATCH,
    `The ${hint.source} says ${FORMAT_NAMES[hint.format]}, but the content is ${actual}. Check that the right file was uploaded.`,
    { claimed: hint.format, actual },
  );
}

const FORMAT_NAMES: Record<DocumentFormat, string> = {
  pdf: 'PDF',
  docx: 'Word (DOCX)',
  html: 'HTML',
  markdown: 'Markdown',
  text: 'plain text',
  csv: 'CSV',
  json: 'JSON',
};

function hintsOf(input: ParseInput): Hint[] {
  const hints: Hint[] = [];
  const name = input.filename?.replace(/\\/g, '/').split('/').pop() ?? '';
  const dot = name.lastIndexOf('.');
  const extension = dot > 0 ? name.slice(dot + 1).toLowerCase() : '';
  const byName = EXTENSIONS[extension];
  if (byName) hints.push({ source: `file name "${name}"`, format: byName });
  const declared = input.declaredType?.split(';')[0].trim().toLowerCase() ?? '';
  const byType = DECLARED_TYPES[declared] ?? (declared.endsWith('+json') ? 'json' : undefined);
  if (byType) hints.push({ source: `declared type "${declared}"`, format: byType });
  return hints;
}

/** 'pdf', 'docx', the name of another binary format, or undefined when the bytes may be text. */
function sniffBinary(bytes: Buffer): 'pdf' | 'docx' | string | undefined {
  if (isPdf(bytes)) return 'pdf';
  if (startsWith(bytes, [0x50, 0x4b, 0x03, 0x04]) || startsWith(bytes, [0x50, 0x4b, 0x05, 0x06])) return sniffZip(bytes);
  const known = KNOWN_BINARIES.find((b) => startsWith(bytes, b.magic, b.offset ?? 0));
  return known?.name;
}

function isPdf(bytes: Buffer): boolean {
  const at = bytes.subarray(0, 1024).indexOf('%PDF-');
  if (at < 0) return false;
  // pdf.js accepts junk before the header; only trust a late header when the file also ends like a PDF.
  return bytes.subarray(0, at).toString('latin1').trim() === '' || bytes.subarray(-2048).includes('%%EOF');
}

function sniffZip(bytes: Buffer): string {
  // Entry names are stored uncompressed in the local headers and the central directory.
  if (bytes.includes('word/document.xml')) return 'docx';
  if (bytes.includes('xl/workbook.xml')) return 'an Excel (XLSX) workbook';
  if (bytes.includes('ppt/presentation.xml')) return 'a PowerPoint (PPTX) presentation';
  if (bytes.includes('content.xml') && bytes.includes('opendocument')) return 'an OpenDocument file';
  return 'a ZIP archive';
}

function startsWith(bytes: Buffer, magic: number[], offset = 0): boolean {
  return bytes.length >= offset + magic.length && magic.every((b, i) => bytes[offset + i] === b);
}

/** Decodes text (UTF-8, UTF-16 with BOM, else Windows-1252); undefined when the bytes look binary. */
export function decodeText(bytes: Buffer): string | undefined {
  if (startsWith(bytes, [0xff, 0xfe])) return new TextDecoder('utf-16le').decode(bytes.subarray(2));
  if (startsWith(bytes, [0xfe, 0xff])) return new TextDecoder('utf-16be').decode(bytes.subarray(2));
  if (looksBinary(bytes)) return undefined;
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    return new TextDecoder('windows-1252').decode(bytes);
  }
}

function looksBinary(bytes: Buffer): boolean {
  const sample = bytes.subarray(0, 64 * 1024);
  if (sample.includes(0)) return true;
  let control = 0;
  for (const b of sample) {
    // Tab, LF, VT, FF, CR and ESC occur in real text files; other C0 controls do not.
    if (b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0b && b !== 0x0c && b !== 0x0d && b !== 0x1b) control++;
  }
  return control > sample.length * 0.01;
}

function sniffTextFormat(text: string, hints: Hint[]): DocumentFormat {
  const hinted = new Set(hints.map((h) => h.format));
  const head = text.slice(0, 4096).trimStart();
  if (looksLikeHtml(head) || (hinted.has('html') && head.startsWith('<'))) return 'html';
  if (/^[[{]/.test(head) && parsesAsJson(text)) return 'json';
  // Weaker signals: a hint for a text format wins over the CSV and Markdown heuristics.
  if (hinted.has('markdown')) return 'markdown';
  if (hinted.has('csv') && looksLikeCsv(text, true)) return 'csv';
  if (hinted.has('text')) return 'text';
  if (looksLikeCsv(text, false)) return 'csv';
  if (looksLikeMarkdown(text.slice(0, 16_384))) return 'markdown';
  return 'text';
}

function looksLikeHtml(head: string): boolean {
  const start = head.replace(/^(<\?xml[^>]*>\s*|<!--[\s\S]*?-->\s*)+/i, '').slice(0, 200);
  return /^<(!doctype\s+html|html[\s>]|head[\s>]|body[\s>])/i.test(start);
}

function parsesAsJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

function looksLikeCsv(text: string, hinted: boolean): boolean {
  const lines = text
    .slice(0, 16_384)
    .split(/\r?\n/)
    .filter((line) => line.trim())
    .slice(0, 20);
  if (lines.length < (hinted ? 1 : 3)) return false;
  return [',', ';', '\t'].some((delimiter) => {
    const counts = lines.map((line) => countOutsideQuotes(line, delimiter));
    if (hinted) return counts[0] > 0;
    return counts[0] > 0 && counts.every((c) => c === counts[0]);
  });
}

function countOutsideQuotes(line: string, delimiter: string): number {
  let count = 0;
  let quoted = false;
  for (const ch of line) {
    if (ch === '"') quoted = !quoted;
    else if (ch === delimiter && !quoted) count++;
  }
  return count;
}

function looksLikeMarkdown(sample: string): boolean {
  const markers = [
    /^#{1,6}\s+\S/m, // ATX heading
    /^(```|~~~)/m, // fenced code
    /^\s{0,3}[-*+]\s+\S/m, // bullet list
    /\[[^\]\n]+\]\([^)\s]+\)/, // link
    /^\S.*\n(=+|-+)\s*$/m, // setext heading
    /^\|.*\|\s*$/m, // table row
  ];
  const found = markers.filter((re) => re.test(sample)).length;
  return /^#{1,6}\s+\S/m.test(sample) ? found >= 2 : found >= 3;
}

/**
 * A file name safe to store and show: no directories (either slash), no NUL or control characters, no characters
 * Windows forbids, no leading dots, at most 200 characters (keeping the extension). Throws INVALID_FILENAME when
 * nothing usable is left.
 */
export function safeFilename(name: string): string {
  const printable = Array.from(String(name ?? ''))
    .map((ch) => (/\s/.test(ch) ? ' ' : ch))
    .filter((ch) => !isControl(ch.charCodeAt(0)))
    .join('');
  const base = printable.split(/[/\\]/).pop() ?? '';
  let cleaned = base
    .normalize('NFC')
    .replace(/[<>:"|?*]/g, '_')
    .replace(/\s+/g, ' ')
    .replace(/^[\s.]+/, '')
    .replace(/[\s.]+$/, '');
  if (/^(con|prn|aux|nul|com\d|lpt\d)(\.|$)/i.test(cleaned)) cleaned = `_${cleaned}`;
  if (!cleaned || /^[_\s]*$/.test(cleaned)) {
    throw new RagError(
      RagErrorCode.INVALID_FILENAME,
      'The file name has no usable characters left once paths and control characters are removed.',
      {
        filename: String(name ?? '').slice(0, 300),
      },
    );
  }
  return truncateFilename(cleaned);
}

function isControl(code: number): boolean {
  return code < 0x20 || (code >= 0x7f && code <= 0x9f);
}

function truncateFilename(name: string): string {
  const chars = Array.from(name);
  if (chars.length <= MAX_FILENAME_CHARS) return name;
  const dot = name.lastIndexOf('.');
  const extension = dot > 0 ? Array.from(name.slice(dot)) : [];
  const keep = extension.length > 1 && extension.length <= MAX_EXTENSION_CHARS ? extension : [];
  const stem = chars
    .slice(0, MAX_FILENAME_CHARS - keep.length)
    .join('')
    .trimEnd();
  return stem + keep.join('');
}
