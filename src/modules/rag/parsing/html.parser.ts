import { Parser } from 'htmlparser2';
import { collapse, type ParsedContent, SectionCollector } from 'src/modules/rag/parsing/section-collector';

export interface HtmlParseOptions {
  /** Class of the <hr> that marks a page break (DOCX through mammoth); enables section.page when present. */
  pageBreakClass?: string;
  /** Class of the element whose text is the document title (DOCX "Title" style through mammoth). */
  titleClass?: string;
  /** Heading path above everything in this fragment (HTML blocks inside Markdown). */
  basePath?: string[];
}

/** Elements whose content is never document text: code, styling, navigation, embedded objects, form controls. */
// prettier-ignore
const SKIPPED = new Set([
  'script', 'style', 'noscript', 'template', 'svg', 'math', 'iframe', 'object', 'embed', 'canvas', 'nav', 'select', 'button', 'textarea',
]);
// prettier-ignore
const BLOCKS = new Set([
  'p', 'div', 'section', 'article', 'main', 'header', 'footer', 'aside', 'blockquote', 'figure', 'figcaption', 'address',
  'dl', 'dt', 'dd', 'form', 'fieldset', 'legend', 'details', 'summary', 'center', 'hr', 'body', 'html', 'li', 'table',
]);
const LISTS = new Set(['ul', 'ol', 'menu']);
const HEADING = /^h([1-6])$/;
/** What a <br> passes to text(): a line break in paragraphs and <pre>, whitespace elsewhere. */
const BREAK = '\u2028';

interface ListState {
  ordered: boolean;
  next: number;
  item?: ListItem;
}

interface ListItem {
  depth: number;
  marker: string;
  text: string;
  started: boolean;
}

/**
 * Walks HTML with htmlparser2's streaming parser (no DOM) and keeps its structure: h1-h6 set the heading path,
 * lists become one 'list' section ("- item", "1. item", nested items indented), tables one 'table' section of
 * "cell | cell" rows, <pre> a 'code' section; script, style, nav and hidden elements are dropped.
 */
class HtmlWalker {
  readonly collector: SectionCollector;
  title?: string;
  titleHint?: string;
  private skipDepth = 0;
  private inline = '';
  private headingLevel = 0;
  private headingText = '';
  private titleText?: string;
  private titleClassDepth = 0;
  private preDepth = 0;
  private preText = '';
  private readonly lists: ListState[] = [];
  private listLines: string[] = [];
  private tableDepth = 0;
  private rows: string[] = [];
  private row?: string[];
  private cell?: string;
  private caption?: string;

  constructor(private readonly options: HtmlParseOptions) {
    this.collector = new SectionCollector(options.basePath);
  }

  open(name: string, attributes: Record<string, string>): void {
    if (this.skipDepth || SKIPPED.has(name) || isHidden(attributes)) {
      this.skipDepth++;
      return;
    }
    if (this.options.titleClass && hasClass(attributes, this.options.titleClass)) this.titleClassDepth = 1;
    else if (this.titleClassDepth) this.titleClassDepth++;
    if (name === 'title') this.titleText = '';
    else if (name === 'br') this.text(BREAK);
    else if (name === 'hr' && this.options.pageBreakClass && hasClass(attributes, this.options.pageBreakClass)) this.pageBreak();
    else if (this.tableDepth) this.openInTable(name);
    else if (this.lists.length) this.openInList(name, attributes);
    else if (this.preDepth) this.preDepth += name === 'pre' ? 1 : 0;
    // Inside a heading every element is inline.
    else if (!this.headingLevel) this.openBlock(name, attributes);
  }

  close(name: string): void {
    if (this.skipDepth) {
      this.skipDepth--;
      return;
    }
    if (this.titleClassDepth && --this.titleClassDepth === 0) this.titleHint ??= collapse(this.inline) || undefined;
    if (name === 'title') this.closeTitle();
    else if (this.tableDepth) this.closeInTable(name);
    else if (this.lists.length) this.closeInList(name);
    else if (name === 'pre' && this.preDepth) this.closePre();
    else if (this.headingLevel && HEADING.test(name)) this.closeHeading();
    else if (BLOCKS.has(name) && !this.preDepth && !this.headingLevel) this.flushParagraph();
  }

  text(raw: string): void {
    if (this.skipDepth) return;
    if (this.titleText !== undefined) this.titleText += raw;
    else if (this.preDepth) this.preText += raw === BREAK ? '\n' : raw;
    else if (this.cell !== undefined) this.cell += raw;
    else if (this.tableDepth && this.caption !== undefined) this.caption += raw;
    else if (this.item) this.item.text += raw;
    else if (this.headingLevel) this.headingText += raw;
    else if (!this.tableDepth) this.inline += raw === BREAK ? '\n' : raw.replace(/\s+/g, ' ');
  }

  end(): ParsedContent {
    this.flushParagraph();
    return { title: this.title || this.titleHint || this.collector.firstHeading, sections: this.collector.sections };
  }

  private openBlock(name: string, attributes: Record<string, string>): void {
    const level = HEADING.exec(name);
    if (level) {
      this.flushParagraph();
      this.headingLevel = Number(level[1]);
      this.headingText = '';
    } else if (name === 'pre') {
      this.flushParagraph();
      this.preDepth = 1;
      this.preText = '';
    } else if (LISTS.has(name)) {
      this.flushParagraph();
      this.listLines = [];
      this.pushList(name, attributes);
    } else if (name === 'table') {
      this.flushParagraph();
      this.tableDepth = 1;
      this.rows = [];
    } else if (BLOCKS.has(name)) {
      this.flushParagraph();
    }
  }

  private closeTitle(): void {
    this.title ??= collapse(this.titleText ?? '') || undefined;
    this.titleText = undefined;
  }

  private closeHeading(): void {
    this.collector.heading(this.headingLevel, this.headingText);
    this.headingLevel = 0;
    this.headingText = '';
  }

  private closePre(): void {
    if (--this.preDepth > 0) return;
    this.collector.add('code', this.preText);
    this.preText = '';
  }

  private openInList(name: string, attributes: Record<string, string>): void {
    if (LISTS.has(name)) {
      this.finishItemText();
      this.pushList(name, attributes);
    } else if (name === 'li') {
      this.finishItem();
      const list = this.lists[this.lists.length - 1];
      const marker = list.ordered ? `${list.next++}.` : '-';
      list.item = { depth: this.lists.length, marker, text: '', started: false };
    } else if (this.item && (BLOCKS.has(name) || name === 'td' || name === 'th')) {
      this.item.text += ' ';
    }
  }

  private closeInList(name: string): void {
    if (name === 'li') this.finishItem();
    if (!LISTS.has(name)) return;
    this.finishItem();
    this.lists.pop();
    if (this.lists.length) return;
    this.collector.add('list', this.listLines.join('\n'));
    this.listLines = [];
  }

  private pushList(name: string, attributes: Record<string, string>): void {
    const start = Number.parseInt(attributes.start ?? '1', 10);
    this.lists.push({ ordered: name === 'ol', next: Number.isFinite(start) ? start : 1 });
  }

  /** Writes the item's text so far as a line (nested lists follow it); the item may continue below them. */
  private finishItemText(): void {
    const item = this.item;
    if (!item) return;
    const text = collapse(item.text);
    if (text) {
      const indent = '  '.repeat(item.depth - 1);
      this.listLines.push(item.started ? `${indent}  ${text}` : `${indent}${item.marker} ${text}`);
      item.started = true;
    }
    item.text = '';
  }

  private finishItem(): void {
    this.finishItemText();
    const list = this.lists[this.lists.length - 1];
    if (list) list.item = undefined;
  }

  /** The open item of the innermost list; an outer item continues once its nested list closes. */
  private get item(): ListItem | undefined {
    return this.lists[this.lists.length - 1]?.item;
  }

  private openInTable(name: string): void {
    if (name === 'table') this.tableDepth++;
    if (this.tableDepth > 1) {
      if (this.cell !== undefined) this.cell += ' ';
      return;
    }
    if (name === 'tr') this.row = [];
    else if (name === 'td' || name === 'th') this.cell = '';
    else if (name === 'caption') this.caption = '';
    else if (this.cell !== undefined && BLOCKS.has(name)) this.cell += ' ';
  }

  private closeInTable(name: string): void {
    if (name === 'table' && --this.tableDepth === 0) return this.closeTable();
    if (this.tableDepth > 1) return;
    if ((name === 'td' || name === 'th') && this.cell !== undefined) {
      (this.row ??= []).push(collapse(this.cell));
      this.cell = undefined;
    } else if (name === 'tr' && this.row) {
      if (this.row.some(Boolean)) this.rows.push(this.row.join(' | '));
      this.row = undefined;
    } else if (name === 'caption' && this.caption !== undefined) {
      this.collector.add('paragraph', collapse(this.caption));
      this.caption = undefined;
    }
  }

  private closeTable(): void {
    if (this.row?.some(Boolean)) this.rows.push(this.row.join(' | '));
    this.row = undefined;
    this.cell = undefined;
    this.collector.add('table', this.rows.join('\n'));
    this.rows = [];
  }

  private pageBreak(): void {
    this.flushParagraph();
    this.collector.page = (this.collector.page ?? 1) + 1;
  }

  private flushParagraph(): void {
    const text = this.inline
      .replace(/ *\n */g, '\n')
      .replace(/\n{3,}/g, '\n\n')
      .trim();
    this.inline = '';
    if (text) this.collector.add('paragraph', text);
  }
}

function hasClass(attributes: Record<string, string>, name: string): boolean {
  return (attributes.class ?? '').split(/\s+/).includes(name);
}

function isHidden(attributes: Record<string, string>): boolean {
  return 'hidden' in attributes || attributes['aria-hidden'] === 'true' || attributes.role === 'navigation';
}

export function parseHtml(html: string, options: HtmlParseOptions = {}): ParsedContent {
  const walker = new HtmlWalker(options);
  // Paginated only when the source marks page breaks; then the text before the first break is page 1.
  if (options.pageBreakClass && html.includes(options.pageBreakClass)) walker.collector.page = 1;
  const parser = new Parser(
    {
      onopentag: (name, attributes) => walker.open(name, attributes),
      onclosetag: (name) => walker.close(name),
      ontext: (text) => walker.text(text),
    },
    { decodeEntities: true, lowerCaseTags: true, recognizeSelfClosing: true },
  );
  parser.end(html);
  return walker.end();
}

/** Decodes HTML character references (&amp;, &#39;, …) in plain text, leaving everything else as it is. */
export function decodeEntities(text: string): string {
  if (!text.includes('&')) return text;
  let out = '';
  const parser = new Parser({ ontext: (chunk) => (out += chunk) }, { decodeEntities: true });
  parser.end(text.replace(/</g, '&lt;'));
  return out;
}
