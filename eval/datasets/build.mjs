#!/usr/bin/env node
/* global process, console */
/**
 * Rebuilds the public retrieval test collections in eval/datasets/<name>/ (BEIR layout: corpus.jsonl, queries.jsonl,
 * qrels/<split>.tsv) from the raw files they were converted from. Plain Node, no dependencies, deterministic, and it
 * downloads nothing: the raw files are copied out of public Git repositories by hand first (each SOURCE.md says from
 * which repository, commit and path), and their SHA-256 is checked before anything is written.
 *
 *   node eval/datasets/build.mjs <raw-dir> [<out-dir>]      (out-dir defaults to the folder of this script)
 *
 * <raw-dir> holds, under exactly these names:
 *
 *   scifact.zip                   sumithra-p-v/claimverifier             data/scifact.zip
 *   scifact-qrels-test.tsv        moorateeahtashil/Information-Retrieval scifact/qrels/test.tsv
 *   scifact-qrels-train.tsv       moorateeahtashil/Information-Retrieval scifact/qrels/train.tsv
 *   med.tar.gz                    lailaglez/belief-network-irs           med/med.tar.gz
 *   cisi.tar.gz                   lailaglez/belief-network-irs           cisi/cisi.tar.gz
 *   cacm.all                      kavinsan/Information-Retrieval-Project cacm.all
 *   cacm-query.text               kavinsan/Information-Retrieval-Project query.text
 *   cacm-qrels.text               kavinsan/Information-Retrieval-Project qrels.text
 *
 * The .zip and .tar.gz archives are read here (zlib), so nothing needs unpacking by hand.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync, inflateRawSync } from 'node:zlib';

const RAW_SHA256 = {
  'scifact.zip': 'a798a7046af0f6fa04476448459ce7cafeea5bd90d4d99c53a0e27dc5e1a4673',
  'scifact-qrels-test.tsv': '0864bb985e0ca2367ba217977e72004d549054b2b06666ed9d4825ac7c21284c',
  'scifact-qrels-train.tsv': 'a53f2114831916c096b6c37d9e54da68cef4efdcdbd5ed46533601af972acf1d',
  'med.tar.gz': '07478afc5370ba3dfa66c8c1994ea56a2341cea8584af619a63eb51c31f26f1e',
  'cisi.tar.gz': 'bddb284e19369d153dad90770ae897e19221b0bc50e1329b5a702aa56f5e8483',
  'cacm.all': '0d0eaa9e54987161482a217dcef670a8032d687b1bbe84ba0a8e310b675bd52f',
  'cacm-query.text': '2fe81273fd7db3beccad1090c84630dea561469b7c19ad03e71370c8c7399cc9',
  'cacm-qrels.text': 'da4202b0c70cad7d91c9a028eaf8cbd0a4ca981ebdc3955eb75ba7b6de6f185c',
};

/** SHA-256 of BEIR's own scifact/corpus.jsonl (as recorded by its Git LFS pointer); our SciFact corpus must equal it. */
const BEIR_SCIFACT_CORPUS_SHA256 = 'dec31c8182f3d744c7d2c09423756fd1d17cbef75808db13ba01cc0aab4d1ac6';

/** Share of the queries that go to qrels/dev.tsv where a collection has no split of its own. */
const DEV_SHARE = 0.3;

const sha256 = (data) => createHash('sha256').update(data).digest('hex');

// ---------------------------------------------------------------------------------------------------------------
// Archives

/** The files of a .zip archive (stored or deflated entries), by name. */
function unzip(buffer) {
  let end = buffer.length - 22;
  while (end >= 0 && buffer.readUInt32LE(end) !== 0x06054b50) end--;
  if (end < 0) throw new Error('zip: no end of central directory');
  const count = buffer.readUInt16LE(end + 10);
  let at = buffer.readUInt32LE(end + 16);
  const files = new Map();
  for (let i = 0; i < count; i++) {
    if (buffer.readUInt32LE(at) !== 0x02014b50) throw new Error('zip: bad central directory entry');
    const method = buffer.readUInt16LE(at + 10);
    const compressedSize = buffer.readUInt32LE(at + 20);
    const nameLength = buffer.readUInt16LE(at + 28);
    const extraLength = buffer.readUInt16LE(at + 30);
    const commentLength = buffer.readUInt16LE(at + 32);
    const local = buffer.readUInt32LE(at + 42);
    const name = buffer.toString('utf8', at + 46, at + 46 + nameLength);
    const dataStart = local + 30 + buffer.readUInt16LE(local + 26) + buffer.readUInt16LE(local + 28);
    const data = buffer.subarray(dataStart, dataStart + compressedSize);
    if (method === 0) files.set(name, data);
    else if (method === 8) files.set(name, inflateRawSync(data));
    else throw new Error(`zip: ${name} uses compression method ${method}`);
    at += 46 + nameLength + extraLength + commentLength;
  }
  return files;
}

/** The regular files of a .tar.gz archive, by name. */
function untgz(buffer) {
  const tar = gunzipSync(buffer);
  const files = new Map();
  for (let at = 0; at + 512 <= tar.length;) {
    const header = tar.subarray(at, at + 512);
    if (header.every((b) => b === 0)) break;
    const field = (start, length) => header.toString('latin1', start, start + length).replace(/\0.*$/s, '');
    const size = parseInt(field(124, 12).trim() || '0', 8);
    const type = field(156, 1);
    if (type === '0' || type === '') files.set(field(0, 100), tar.subarray(at + 512, at + 512 + size));
    at += 512 + Math.ceil(size / 512) * 512;
  }
  return files;
}

// ---------------------------------------------------------------------------------------------------------------
// Text formats

/** RFC 4180 CSV (quoted fields may span lines) → array of objects keyed by the header row. */
function parseCsv(text) {
  const rows = [];
  let row = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += c;
  }
  if (field || row.length) {
    row.push(field);
    rows.push(row);
  }
  const [header, ...body] = rows;
  return body.map((cells) => {
    if (cells.length !== header.length) throw new Error(`csv: ${cells.length} cells where the header has ${header.length}`);
    return Object.fromEntries(header.map((name, i) => [name, cells[i]]));
  });
}

const SIMPLE_ESCAPES = { n: '\n', t: '\t', r: '\r', a: '\x07', b: '\b', f: '\f', v: '\v', 0: '\0', '\\': '\\', "'": "'", '"': '"' };

/**
 * The strings of a NumPy array repr such as `['First sentence.' "It's the second."\n 'Third.']`: a sequence of Python
 * string literals (repr() of each element), decoded with Python's escape rules.
 */
function parseNumpyStrings(repr) {
  const out = [];
  for (let i = 0; i < repr.length; i++) {
    const quote = repr[i];
    if (quote !== "'" && quote !== '"') {
      if (!/[\s[\]]/.test(quote)) throw new Error(`numpy repr: unexpected ${JSON.stringify(quote)} at ${i}`);
      continue;
    }
    let value = '';
    for (i++; repr[i] !== quote; i++) {
      if (i >= repr.length) throw new Error('numpy repr: unterminated string');
      if (repr[i] !== '\\') {
        value += repr[i];
        continue;
      }
      const kind = repr[++i];
      const digits = { x: 2, u: 4, U: 8 }[kind];
      if (digits) {
        value += String.fromCodePoint(parseInt(repr.slice(i + 1, i + 1 + digits), 16));
        i += digits;
      } else if (kind in SIMPLE_ESCAPES) value += SIMPLE_ESCAPES[kind];
      else value += '\\' + kind;
    }
    out.push(value);
  }
  return out;
}

/** Python's json.dumps(value) with its defaults (ensure_ascii, ", " and ": " separators), for flat records. */
function pythonJson(value) {
  if (typeof value === 'string') {
    const short = { '"': '\\"', '\\': '\\\\', '\n': '\\n', '\r': '\\r', '\t': '\\t', '\b': '\\b', '\f': '\\f' };
    return `"${value.replace(/[^ -~]|["\\]/g, (c) => short[c] ?? `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)}"`;
  }
  if (value && typeof value === 'object')
    return `{${Object.entries(value)
      .map(([k, v]) => `${pythonJson(k)}: ${pythonJson(v)}`)
      .join(', ')}}`;
  throw new Error(`pythonJson: unsupported ${typeof value}`);
}

/**
 * Records of the SMART / Glasgow test collection format: `.I <id>` starts a record, `.X` (a single letter) starts a
 * field whose text runs to the next field marker. Returns [{ id, fields: { W: '...', T: '...', A: [...lines] } }].
 */
function parseSmart(text) {
  const records = [];
  let record;
  let field;
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.replace(/\s+$/, '');
    const start = /^\.I\s+(\d+)/.exec(line);
    if (start) {
      record = { id: String(Number(start[1])), fields: {} };
      records.push(record);
      field = undefined;
      continue;
    }
    const marker = /^\.([A-Z])\s*$/.exec(line);
    if (marker && record) {
      field = marker[1];
      record.fields[field] ??= [];
      continue;
    }
    if (record && field) record.fields[field].push(line);
  }
  return records;
}

const squash = (lines) => (lines ?? []).join(' ').replace(/\s+/g, ' ').trim();
const lines = (lines) => (lines ?? []).map((l) => l.trim()).filter(Boolean);

// ---------------------------------------------------------------------------------------------------------------
// Output

/** Query id → 'dev' or 'test': the first 32 bits of SHA-256("<collection>:<query id>") below DEV_SHARE × 2^32 → dev. */
function splitOf(collection, queryId) {
  const hash = createHash('sha256').update(`${collection}:${queryId}`).digest();
  return hash.readUInt32BE(0) < DEV_SHARE * 2 ** 32 ? 'dev' : 'test';
}

function writeQrels(path, qrels) {
  const body = qrels.map(([q, d, s]) => `${q}\t${d}\t${s}\n`).join('');
  writeFileSync(path, `query-id\tcorpus-id\tscore\n${body}`);
}

/**
 * Writes a collection and checks it: every judged query and document present. qrels/<split>.tsv is written from
 * `qrels` unless `verbatim` has that split's file as it is to be kept.
 */
function writeCollection(outDir, name, { corpusText, queriesText, qrels, verbatim = {} }) {
  const dir = join(outDir, name);
  mkdirSync(join(dir, 'qrels'), { recursive: true });
  writeFileSync(join(dir, 'corpus.jsonl'), corpusText);
  writeFileSync(join(dir, 'queries.jsonl'), queriesText);
  const docIds = new Set(
    corpusText
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l)._id),
  );
  const queryIds = new Set(
    queriesText
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l)._id),
  );
  const summary = [];
  for (const [split, rows] of Object.entries(qrels)) {
    for (const [q, d] of rows) {
      if (!queryIds.has(q)) throw new Error(`${name}/${split}: query ${q} is not in queries.jsonl`);
      if (!docIds.has(d)) throw new Error(`${name}/${split}: document ${d} is not in corpus.jsonl`);
    }
    if (verbatim[split]) writeFileSync(join(dir, 'qrels', `${split}.tsv`), verbatim[split]);
    else writeQrels(join(dir, 'qrels', `${split}.tsv`), rows);
    summary.push(`${split} ${new Set(rows.map(([q]) => q)).size} queries / ${rows.length} judgements`);
  }
  console.log(`${name}: ${docIds.size} documents, ${queryIds.size} queries; ${summary.join(', ')}`);
}

// ---------------------------------------------------------------------------------------------------------------
// Collections

function readQrelsTsv(buffer) {
  return buffer
    .toString('utf8')
    .split('\n')
    .slice(1)
    .filter(Boolean)
    .map((l) => l.split('\t'));
}

/** SciFact as BEIR ships it: BEIR's qrels files, claims and abstracts from the Hugging Face export of allenai/scifact. */
function scifact(raw, outDir) {
  const zip = unzip(raw('scifact.zip'));
  const csv = (name) => parseCsv(zip.get(name).toString('utf8'));
  const corpusText = csv('corpus_train.csv')
    .map((row) => {
      const text = parseNumpyStrings(row.abstract)
        .map((s) => s.trim())
        .join(' ');
      return pythonJson({ _id: row.doc_id, title: row.title, text, metadata: {} }) + '\n';
    })
    .join('');
  if (sha256(corpusText) !== BEIR_SCIFACT_CORPUS_SHA256) throw new Error('scifact: corpus.jsonl differs from BEIR scifact/corpus.jsonl');

  const qrels = { test: readQrelsTsv(raw('scifact-qrels-test.tsv')), train: readQrelsTsv(raw('scifact-qrels-train.tsv')) };
  const judged = new Set([...qrels.test, ...qrels.train].map(([q]) => q));
  const claims = new Map();
  for (const file of ['claims_train.csv', 'claims_validation.csv']) for (const row of csv(file)) claims.set(row.id, row.claim);
  const queriesText = [...judged]
    .sort((a, b) => Number(a) - Number(b))
    .map((id) => {
      if (!claims.has(id)) throw new Error(`scifact: no claim ${id}`);
      return pythonJson({ _id: id, text: claims.get(id), metadata: {} }) + '\n';
    })
    .join('');
  // The qrels files are kept byte for byte as BEIR has them.
  const verbatim = { test: raw('scifact-qrels-test.tsv'), train: raw('scifact-qrels-train.tsv') };
  writeCollection(outDir, 'scifact', { corpusText, queriesText, qrels, verbatim });
}

/**
 * A classic SMART-format collection. Documents: title = .T; text = .W (the abstract), then "Keywords: " + .K and
 * "Authors: " + .A (one author per line, joined with "; ") on lines of their own when the record has them; every field
 * has its line breaks and runs of white space squashed to single spaces. Queries: .T (if any) and .W on separate lines.
 * Only queries with at least one relevant document are kept; they are split into dev and test by splitOf().
 */
function classic(outDir, name, { docs, queries, rels }) {
  const corpusText = parseSmart(docs)
    .map(({ id, fields }) => {
      const parts = [squash(fields.W)];
      if (fields.K) parts.push(`Keywords: ${squash(fields.K)}`);
      if (fields.A) parts.push(`Authors: ${lines(fields.A).join('; ')}`);
      return JSON.stringify({ _id: id, title: squash(fields.T), text: parts.filter(Boolean).join('\n') }) + '\n';
    })
    .join('');
  const judgements = new Map();
  for (const [q, d] of rels) {
    const key = `${q}\t${d}`;
    if (!judgements.has(key)) judgements.set(key, [q, d, 1]);
  }
  const judged = new Set([...judgements.values()].map(([q]) => q));
  const queriesText = parseSmart(queries)
    .filter(({ id }) => judged.has(id))
    .map(({ id, fields }) => JSON.stringify({ _id: id, text: [squash(fields.T), squash(fields.W)].filter(Boolean).join('\n') }) + '\n')
    .join('');
  const bySplit = { dev: [], test: [] };
  const order = (a, b) => Number(a[0]) - Number(b[0]) || Number(a[1]) - Number(b[1]);
  for (const row of [...judgements.values()].sort(order)) bySplit[splitOf(name, row[0])].push(row);
  writeCollection(outDir, name, { corpusText, queriesText, qrels: bySplit });
}

function main() {
  const [rawArg, outArg] = process.argv.slice(2);
  if (!rawArg) throw new Error('usage: node eval/datasets/build.mjs <raw-dir> [<out-dir>]');
  const rawDir = resolve(rawArg);
  const outDir = resolve(outArg ?? dirname(fileURLToPath(import.meta.url)));
  const cache = new Map();
  const raw = (name) => {
    if (!cache.has(name)) {
      const data = readFileSync(join(rawDir, name));
      if (sha256(data) !== RAW_SHA256[name]) throw new Error(`${name}: SHA-256 ${sha256(data)}, expected ${RAW_SHA256[name]}`);
      cache.set(name, data);
    }
    return cache.get(name);
  };

  scifact(raw, outDir);

  const med = untgz(raw('med.tar.gz'));
  classic(outDir, 'med', {
    docs: med.get('MED.ALL').toString('latin1'),
    queries: med.get('MED.QRY').toString('latin1'),
    // MED.REL: query 0 document relevance (TREC layout), every line a relevant pair.
    rels: med
      .get('MED.REL')
      .toString('latin1')
      .split('\n')
      .filter((l) => l.trim())
      .map((l) => l.trim().split(/\s+/))
      .map(([q, , d]) => [String(Number(q)), String(Number(d))]),
  });

  const cisi = untgz(raw('cisi.tar.gz'));
  classic(outDir, 'cisi', {
    docs: cisi.get('CISI.ALL').toString('latin1'),
    queries: cisi.get('CISI.QRY').toString('latin1'),
    // CISI.REL: query document 0 0.000000, every line a relevant pair.
    rels: relevantPairs(cisi.get('CISI.REL')),
  });

  classic(outDir, 'cacm', {
    docs: raw('cacm.all').toString('latin1'),
    queries: raw('cacm-query.text').toString('latin1'),
    // qrels.text: query document 0 0, every line a relevant pair.
    rels: relevantPairs(raw('cacm-qrels.text')),
  });
}

/** "query document ..." lines → [query, document] with leading zeros dropped. */
function relevantPairs(buffer) {
  return buffer
    .toString('latin1')
    .split(/\r?\n/)
    .filter((l) => l.trim())
    .map((l) => l.trim().split(/\s+/))
    .map(([q, d]) => [String(Number(q)), String(Number(d))]);
}

main();
