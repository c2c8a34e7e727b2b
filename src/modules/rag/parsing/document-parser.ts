import { detectFormat } from 'src/modules/rag/parsing/detect-format';
import type { ParsedContent } from 'src/modules/rag/parsing/section-collector';
import { parseCsv, parseJson, parseText } from 'src/modules/rag/parsing/text.parser';
import { RagError, RagErrorCode } from 'src/modules/rag/rag.errors';
import type { DocumentFormat, ParsedDocument, ParseInput, ParseLimits } from 'src/modules/rag/rag.types';

const MAX_TITLE_CHARS = 500;

type TextParser = (text: string) => ParsedContent | Promise<ParsedContent>;

// The PDF, DOCX, HTML and Markdown parsers (pdf.js, mammoth, jszip, htmlparser2, marked) load on the first document
// of their format, not at start: most processes never parse one.
const TEXT_PARSERS: Record<Exclude<DocumentFormat, 'pdf' | 'docx'>, TextParser> = {
  html: async (text) => (await import('./html.parser')).parseHtml(text),
  markdown: async (text) => (await import('./markdown.parser')).parseMarkdown(text),
  text: parseText,
  csv: parseCsv,
  json: parseJson,
};

/**
 * Detects the format from the bytes (the file name and declared type are hints) and parses the document into
 * structural sections in reading order. Every failure is a RagError whose message says what is wrong.
 */
export async function parseDocument(input: ParseInput, limits: ParseLimits): Promise<ParsedDocument> {
  const detected = detectFormat(input);
  const content = await parseContent(detected.format, input.bytes, detected.text, limits);
  const sections = content.sections.filter((section) => section.text.trim());
  if (!sections.length) {
    throw new RagError(RagErrorCode.EMPTY_DOCUMENT, `The ${detected.format.toUpperCase()} document was read, but it contains no text.`);
  }
  const document: ParsedDocument = { format: detected.format, mimeType: detected.mimeType, sections };
  const title = content.title?.trim().slice(0, MAX_TITLE_CHARS);
  if (title) document.title = title;
  if (content.pages !== undefined) document.pages = content.pages;
  return document;
}

async function parseContent(format: DocumentFormat, bytes: Buffer, text: string | undefined, limits: ParseLimits): Promise<ParsedContent> {
  if (format === 'pdf') return (await import('./pdf.parser')).parsePdf(bytes, limits);
  if (format === 'docx') return (await import('./docx.parser')).parseDocx(bytes, limits);
  // Text formats: one line-ending convention for every parser.
  return TEXT_PARSERS[format](normalizeNewlines(text ?? ''));
}

function normalizeNewlines(text: string): string {
  return text.replace(/\r\n?/g, '\n').replace(/^\uFEFF/, '');
}
