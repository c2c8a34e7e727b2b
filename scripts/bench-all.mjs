#!/usr/bin/env node
/* global process, console */
// npm run bench:all — builds once, runs every benchmark one after another (never two at once: they measure ratios
// against baselines in the same run, and a neighbour would skew both), and writes bench/results/latest.md: one table
// of every line that states a ratio or a goal, then each benchmark's full output.
import { execSync, spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const BENCHES = [
  'http',
  'request-cpu',
  'bus',
  'sql',
  'a2a',
  'tools',
  'gateway',
  'orchestrator',
  'workflow',
  'rag',
  'embeddings',
  'observability',
  'split',
];
const only = process.env.BENCH_ALL_ONLY?.split(',');

/** Keeps the first of a run of Node warnings of one kind (a baseline client can print thousands) and counts the rest. */
function collapseWarnings(output) {
  const seen = new Map();
  const kept = [];
  for (const line of output.split('\n')) {
    const kind = /^\(node:\d+\) (\w+Warning)/.exec(line)?.[1];
    if (kind && seen.has(kind)) seen.set(kind, seen.get(kind) + 1);
    else {
      if (kind) seen.set(kind, 0);
      kept.push(line);
    }
  }
  for (const [kind, more] of seen) if (more) kept.push(`(${more} more ${kind} lines like the first one omitted)`);
  return kept.join('\n');
}

execSync('npm run build --silent', { cwd: root, stdio: 'inherit' });
const results = [];
for (const name of BENCHES.filter((b) => !only || only.includes(b))) {
  console.log(`\n=== bench:${name}`);
  const started = Date.now();
  const run = spawnSync(process.execPath, [join(root, 'dist', 'bench', `${name}.bench.js`)], {
    cwd: root,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  const output = collapseWarnings(`${run.stdout ?? ''}${run.stderr ? `\n${run.stderr}` : ''}`);
  process.stdout.write(output);
  results.push({ name, status: run.status, seconds: Math.round((Date.now() - started) / 1000), output });
}

const figures = results.flatMap(({ name, output }) =>
  output
    .split('\n')
    .filter((line) => /ratio|goal/i.test(line) && !/^\s*[│┌└├]/.test(line))
    .map((line) => `| ${name} | ${line.trim().replace(/\|/g, '\\|')} |`),
);
const markdown = [
  `# Benchmarks, ${new Date().toISOString()} (node ${process.version})`,
  '',
  'Every figure is measured against a baseline in the same run; the goals are those of the issues.',
  '',
  '| bench | figure (baseline, ratio, goal) |',
  '| --- | --- |',
  ...figures,
  '',
  '| bench | exit | seconds |',
  '| --- | --- | --- |',
  ...results.map((r) => `| ${r.name} | ${r.status} | ${r.seconds} |`),
  '',
  ...results.flatMap((r) => [`## bench:${r.name}`, '', '```', r.output.trim(), '```', '']),
].join('\n');
mkdirSync(join(root, 'bench', 'results'), { recursive: true });
writeFileSync(join(root, 'bench', 'results', 'latest.md'), markdown);
console.log(`\nwrote bench/results/latest.md (${figures.length} figures)`);
process.exit(results.some((r) => r.status !== 0) ? 1 : 0);
