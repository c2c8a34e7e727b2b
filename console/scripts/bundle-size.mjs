#!/usr/bin/env node
/* global process, console */
// Prints the gzip size of every JS chunk and fails when the first load (index.html's entry script and its static
// imports) exceeds the budget. Pages are lazy chunks and do not count toward it.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

const BUDGET_KB = Number(process.env.CONSOLE_FIRST_LOAD_BUDGET_KB ?? 300);
const dist = join(import.meta.dirname, '..', 'dist');
const html = readFileSync(join(dist, 'index.html'), 'utf8');
const gz = (file) => gzipSync(readFileSync(join(dist, file))).length;
const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KB`;

const initial = new Set();
const queue = [...html.matchAll(/(?:src|href)="\/?(assets\/[^"]+\.js)"/g)].map((m) => m[1]);
while (queue.length) {
  const file = queue.shift();
  if (initial.has(file)) continue;
  initial.add(file);
  const code = readFileSync(join(dist, file), 'utf8');
  // Static imports only (`import ... from "./x.js"`, `import "./x.js"`); dynamic import() chunks load later.
  for (const m of code.matchAll(/(?:^|[;\n}])\s*import\s*(?:[^'"();]*?from\s*)?["'](\.\/[^"']+\.js)["']/g))
    queue.push(join('assets', m[1].slice(2)));
}

const chunks = readdirSync(join(dist, 'assets')).filter((f) => f.endsWith('.js'));
const rows = chunks.map((f) => ({ file: `assets/${f}`, gzip: gz(`assets/${f}`) })).sort((a, b) => b.gzip - a.gzip);
console.log('console bundle (gzip):');
for (const row of rows) console.log(`  ${initial.has(row.file) ? '*' : ' '} ${row.file.padEnd(48)} ${kb(row.gzip).padStart(10)}`);
const first = rows.filter((r) => initial.has(r.file)).reduce((sum, r) => sum + r.gzip, 0);
const total = rows.reduce((sum, r) => sum + r.gzip, 0);
console.log(`  first load (*): ${kb(first)} of a ${BUDGET_KB} KB budget; all chunks: ${kb(total)}`);
if (first > BUDGET_KB * 1024) {
  console.error(`console first load is ${kb(first)} gzip, over the ${BUDGET_KB} KB budget`);
  process.exit(1);
}
