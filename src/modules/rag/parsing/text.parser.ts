import { collapse, type ParsedContent, SectionCollector } from 'src/modules/rag/parsing/section-collector';

const CSV_DELIMITERS = [',', ';', '\t'];
const MAX_JSON_DEPTH = 64;

/** Plain text: one paragraph per blank-line-separated block, line breaks inside a block kept. */
export function parseText(text: string): ParsedContent {
  const collector = new SectionCollector();
  for (const block of text.split(/\n[ \t]*\n/)) collector.add('paragraph', block.replace(/[ \t]+$/gm, ''));
  return { sections: collector.sections };
}

/** CSV (RFC 4180 quoting; comma, semicolon or tab, whichever the header uses most) as one 'table' of "cell | cell" rows. */
export function parseCsv(text: string): ParsedContent {
  const delimiter = detectDelimiter(text);
  const rows = parseCsvRows(text, delimiter)
    .map((cells) => cells.map(collapse))
    .filter((cells) => cells.some(Boolean))
    .map((cells) => cells.join(' | '));
  const collector = new SectionCollector();
  collector.add('table', rows.join('\n'));
  return { sections: collector.sections };
}

function detectDelimiter(text: string): string {
  const end = text.indexOf('\n');
  const header = end < 0 ? text : text.slice(0, end);
  const count = (d: string) => header.split(d).length - 1;
  return CSV_DELIMITERS.reduce((best, d) => (count(d) > count(best) ? d : best), CSV_DELIMITERS[0]);
}

function parseCsvRows(text: string, delimiter: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch !== '"') field += ch;
      else if (text[i + 1] === '"') field += text[i++];
      else quoted = false;
    } else if (ch === '"' && !field) {
      quoted = true;
    } else if (ch === delimiter) {
      row.push(field);
      field = '';
    } else if (ch === '\n') {
      rows.push([...row, field]);
      row = [];
      field = '';
    } else if (ch !== '\r') {
      field += ch;
    }
  }
  if (field || row.length) rows.push([...row, field]);
  return rows;
}

/**
 * JSON as readable "path: value" lines (`database.pool.max: 10`, `features[0]: invoices`), one section per
 * top-level key or array element so related values stay together.
 */
export function parseJson(text: string): ParsedContent {
  const value: unknown = JSON.parse(text);
  const collector = new SectionCollector();
  const entries: [string, unknown][] = Array.isArray(value)
    ? value.map((v, i) => [`[${i}]`, v])
    : isObject(value)
      ? Object.entries(value)
      : [['', value]];
  for (const [path, child] of entries) {
    const lines: string[] = [];
    flatten(child, path, lines, 0);
    collector.add('paragraph', lines.join('\n'));
  }
  return { sections: collector.sections };
}

function flatten(value: unknown, path: string, out: string[], depth: number): void {
  if (depth > MAX_JSON_DEPTH) {
    out.push(`${path}: ${JSON.stringify(value)}`);
  } else if (Array.isArray(value)) {
    if (!value.length) out.push(`${path}: []`);
    value.forEach((child, i) => flatten(child, `${path}[${i}]`, out, depth + 1));
  } else if (isObject(value)) {
    const entries = Object.entries(value);
    if (!entries.length) out.push(`${path}: {}`);
    for (const [key, child] of entries) flatten(child, path ? `${path}.${key}` : key, out, depth + 1);
  } else {
    const shown = typeof value === 'string' ? value || '""' : String(value);
    out.push(path ? `${path}: ${shown}` : shown);
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
