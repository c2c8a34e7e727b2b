import type { ParsedSection } from 'src/modules/rag/rag.types';

/** What one format parser hands back to parseDocument; the format and MIME type are added there. */
export interface ParsedContent {
  title?: string;
  pages?: number;
  sections: ParsedSection[];
}

/**
 * Collects sections in reading order and tracks the heading path. A heading section carries the path that
 * includes itself, so it stays with the text below it when chunked.
 */
export class SectionCollector {
  readonly sections: ParsedSection[] = [];
  firstHeading?: string;
  /** Set by paginated formats before adding the page's sections. */
  page?: number;
  private readonly headings: { level: number; text: string }[] = [];

  constructor(private readonly basePath: string[] = []) {}

  get headingPath(): string[] {
    return [...this.basePath, ...this.headings.map((h) => h.text)];
  }

  heading(level: number, raw: string): void {
    const text = collapse(raw);
    if (!text) return;
    while (this.headings.length && this.headings[this.headings.length - 1].level >= level) this.headings.pop();
    this.headings.push({ level, text });
    this.firstHeading ??= text;
    this.add('heading', text);
  }

  add(kind: ParsedSection['kind'], raw: string): void {
    const text = kind === 'code' ? trimBlankLines(raw) : raw.trim();
    if (!text.trim()) return;
    const section: ParsedSection = { text, headingPath: this.headingPath, kind };
    if (this.page !== undefined) section.page = this.page;
    this.sections.push(section);
  }
}

/** Collapses runs of whitespace to one space and trims. */
export function collapse(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** Keeps a code block's indentation; drops only leading and trailing blank lines and trailing spaces. */
function trimBlankLines(text: string): string {
  return text
    .replace(/[ \t]+$/gm, '')
    .replace(/^\n+/, '')
    .replace(/\s+$/, '');
}
