import { Lexer, type Token, type Tokens } from 'marked';
import { decodeEntities, parseHtml } from 'src/modules/rag/parsing/html.parser';
import { collapse, type ParsedContent, SectionCollector } from 'src/modules/rag/parsing/section-collector';

const FRONT_MATTER = /^---[ \t]*\r?\n([\s\S]*?)\r?\n(---|\.\.\.)[ \t]*(\r?\n|$)/;

/**
 * Markdown through marked's lexer (CommonMark + GFM): headings set the heading path, fenced and indented code
 * becomes 'code', lists 'list' (nested items indented), GFM tables 'table' rows; YAML front matter is dropped and
 * its title used.
 */
export function parseMarkdown(source: string): ParsedContent {
  const { body, title } = splitFrontMatter(source);
  const collector = new SectionCollector();
  walk(new Lexer({ gfm: true }).lex(body), collector);
  return { title: title ?? collector.firstHeading, sections: collector.sections };
}

function splitFrontMatter(source: string): { body: string; title?: string } {
  const match = FRONT_MATTER.exec(source);
  if (!match) return { body: source };
  const title = /^title:\s*["']?(.+?)["']?\s*$/m.exec(match[1])?.[1];
  return { body: source.slice(match[0].length), title: title?.trim() || undefined };
}

function walk(tokens: Token[], collector: SectionCollector): void {
  for (const token of tokens) {
    switch (token.type) {
      case 'heading':
        collector.heading((token as Tokens.Heading).depth, collapse(inline(token)));
        break;
      case 'paragraph':
      case 'text':
        collector.add('paragraph', collapse(inline(token)));
        break;
      case 'code':
        collector.add('code', (token as Tokens.Code).text);
        break;
      case 'list':
        collector.add('list', listLines(token as Tokens.List, 0).join('\n'));
        break;
      case 'table':
        collector.add('table', tableRows(token as Tokens.Table).join('\n'));
        break;
      case 'blockquote':
        walk((token as Tokens.Blockquote).tokens, collector);
        break;
      case 'html':
        addHtml(token as Tokens.HTML, collector);
        break;
      default:
        // space, hr, def (link reference definitions) and extensions carry no text.
        break;
    }
  }
}

function addHtml(token: Tokens.HTML, collector: SectionCollector): void {
  const content = parseHtml(token.text, { basePath: collector.headingPath });
  for (const section of content.sections) collector.add(section.kind === 'heading' ? 'paragraph' : section.kind, section.text);
}

function listLines(list: Tokens.List, depth: number): string[] {
  const lines: string[] = [];
  const start = typeof list.start === 'number' ? list.start : 1;
  list.items.forEach((item, i) => {
    const marker = `${'  '.repeat(depth)}${list.ordered ? `${start + i}.` : '-'}${item.task ? (item.checked ? ' [x]' : ' [ ]') : ''}`;
    const text: string[] = [];
    const nested: string[] = [];
    for (const child of item.tokens) {
      if (child.type === 'list') nested.push(...listLines(child as Tokens.List, depth + 1));
      else if (child.type === 'code') text.push((child as Tokens.Code).text);
      else if (child.type !== 'checkbox' && child.type !== 'space') text.push(inline(child));
    }
    const body = collapse(text.join(' '));
    if (body) lines.push(`${marker} ${body}`);
    lines.push(...nested);
  });
  return lines;
}

function tableRows(table: Tokens.Table): string[] {
  const cells = (row: Tokens.TableCell[]) => row.map((cell) => collapse(inlineTokens(cell.tokens))).join(' | ');
  return [cells(table.header), ...table.rows.map(cells)].filter((row) => row.replace(/[\s|]/g, ''));
}

/** Plain text of a block's inline content: emphasis and links keep their text, images their alt text, inline HTML goes. */
function inline(token: Token): string {
  const children = (token as { tokens?: Token[] }).tokens;
  return children ? inlineTokens(children) : decodeEntities((token as { text?: string }).text ?? '');
}

function inlineTokens(tokens: Token[]): string {
  let out = '';
  for (const token of tokens) {
    if (token.type === 'br') out += '\n';
    else if (token.type === 'html' || token.type === 'checkbox') continue;
    else if (token.type === 'codespan' || token.type === 'escape') out += (token as Tokens.Codespan).text;
    else if (token.type === 'image') out += (token as Tokens.Image).text;
    else out += inline(token);
  }
  return out;
}
