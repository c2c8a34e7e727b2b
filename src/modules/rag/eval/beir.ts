import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { Qrels } from './ir-metrics';

/**
 * Reading a retrieval test set in the BEIR layout (https://github.com/beir-cellar/beir):
 *
 *   <dir>/corpus.jsonl       {"_id": "...", "title": "...", "text": "..."} per line
 *   <dir>/queries.jsonl      {"_id": "...", "text": "...", "metadata": {...}} per line
 *   <dir>/qrels/<split>.tsv  query-id <TAB> corpus-id <TAB> score, with or without that header line
 *
 * Files are read line by line, so a large corpus is never held as one string. Ids may be JSON numbers and are turned
 * into strings. Qrels lines in the four-column TREC layout (query-id, iteration, corpus-id, score) are accepted too.
 */

export interface BeirDocument {
  id: string;
  title: string;
  text: string;
}

export interface BeirQuery {
  id: string;
  text: string;
  metadata?: Record<string, unknown>;
}

export interface BeirDataset {
  corpus: BeirDocument[];
  /** Only the queries that have judgements in the split. */
  queries: BeirQuery[];
  qrels: Qrels;
}

async function* readLines(path: string): AsyncGenerator<{ line: string; number: number }> {
  const input = createReadStream(path, { encoding: 'utf8' });
  const lines = createInterface({ input, crlfDelay: Infinity });
  let number = 0;
  try {
    for await (const raw of lines) {
      number++;
      const line = (number === 1 ? raw.replace(/^\uFEFF/, '') : raw).trim();
      if (line) yield { line, number };
    }
  } finally {
    lines.close();
    input.destroy();
  }
}

async function requireFile(path: string): Promise<void> {
  const info = await stat(path).catch(() => undefined);
  if (!info?.isFile()) throw new Error(`BEIR dataset file not found: ${path}`);
}

function idOf(value: unknown, where: string): string {
  if (typeof value === 'string' && value) return value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  throw new Error(`${where}: missing or invalid "_id"`);
}

function textOf(value: unknown, field: string, where: string): string {
  if (value === undefined || value === null) return '';
  if (typeof value !== 'string') throw new Error(`${where}: "${field}" is not a string`);
  return value;
}

/** Each line of a JSON Lines file parsed as an object; blank lines are skipped. */
export async function* readJsonl(path: string): AsyncGenerator<{ row: Record<string, unknown>; where: string }> {
  await requireFile(path);
  for await (const { line, number } of readLines(path)) {
    const where = `${path}:${number}`;
    let row: unknown;
    try {
      row = JSON.parse(line);
    } catch {
      throw new Error(`${where}: invalid JSON`);
    }
    if (!row || typeof row !== 'object' || Array.isArray(row)) throw new Error(`${where}: not a JSON object`);
    yield { row: row as Record<string, unknown>, where };
  }
}

/** A qrels TSV file: queryId → (docId → grade). A repeated pair keeps its last grade. */
export async function readQrels(path: string): Promise<Qrels> {
  await requireFile(path);
  const qrels: Qrels = new Map();
  let first = true;
  for await (const { line, number } of readLines(path)) {
    const columns = (line.includes('\t') ? line.split('\t') : line.split(/\s+/)).map((c) => c.trim());
    const isHeader = first && columns.length >= 3 && !/^-?\d+(\.\d+)?$/.test(columns[columns.length - 1]);
    first = false;
    if (isHeader) continue;
    if (columns.length !== 3 && columns.length !== 4) throw new Error(`${path}:${number}: expected 3 or 4 columns, got ${columns.length}`);
    const [queryId, docId, score] = columns.length === 3 ? columns : [columns[0], columns[2], columns[3]];
    const grade = Number(score);
    if (!Number.isFinite(grade)) throw new Error(`${path}:${number}: invalid score "${score}"`);
    let judged = qrels.get(queryId);
    if (!judged) qrels.set(queryId, (judged = new Map()));
    judged.set(docId, grade);
  }
  return qrels;
}

export async function readBeirCorpus(path: string): Promise<BeirDocument[]> {
  const corpus: BeirDocument[] = [];
  const ids = new Set<string>();
  for await (const { row, where } of readJsonl(path)) {
    const id = idOf(row._id, where);
    if (ids.has(id)) throw new Error(`${where}: duplicate document id "${id}"`);
    ids.add(id);
    corpus.push({ id, title: textOf(row.title, 'title', where), text: textOf(row.text, 'text', where) });
  }
  return corpus;
}

export async function readBeirQueries(path: string): Promise<BeirQuery[]> {
  const queries: BeirQuery[] = [];
  for await (const { row, where } of readJsonl(path)) {
    const query: BeirQuery = { id: idOf(row._id, where), text: textOf(row.text, 'text', where) };
    if (row.metadata && typeof row.metadata === 'object' && !Array.isArray(row.metadata))
      query.metadata = row.metadata as Record<string, unknown>;
    queries.push(query);
  }
  return queries;
}

/** The corpus, the judged queries and the qrels of one split (default "test") of a BEIR dataset directory. */
export async function readBeirDataset(dir: string, options: { split?: string } = {}): Promise<BeirDataset> {
  const qrels = await readQrels(join(dir, 'qrels', `${options.split ?? 'test'}.tsv`));
  const [corpus, queries] = await Promise.all([readBeirCorpus(join(dir, 'corpus.jsonl')), readBeirQueries(join(dir, 'queries.jsonl'))]);
  return { corpus, queries: queries.filter((q) => qrels.has(q.id)), qrels };
}
