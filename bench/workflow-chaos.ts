/**
 * npm run chaos:workflow -- --kills 1000 [--seed N] [--runs 12] [--lease-ms 2000]
 *
 * The workflow kill -9 chaos scenario of test/e2e/workflow-chaos.e2e-spec.ts (same implementation:
 * test/fixtures/workflow-chaos.ts) with as many kills as you like. Exits 1 when a run did not succeed, a step's
 * side effect is missing or duplicated, or a resume took longer than the lease + 1 s + the restart.
 */
import { runWorkflowChaos } from 'test/fixtures/workflow-chaos';

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  const value = i >= 0 ? Number(process.argv[i + 1]) : fallback;
  if (!Number.isFinite(value)) throw new Error(`--${name} needs a number`);
  return value;
}

async function main(): Promise<void> {
  const seed = arg('seed', Number(process.env.CHAOS_SEED ?? Math.floor(Math.random() * 2 ** 31)));
  const result = await runWorkflowChaos({
    kills: arg('kills', Number(process.env.CHAOS_KILLS ?? 1000)),
    seed,
    initialRuns: arg('runs', 12),
    leaseMs: arg('lease-ms', 2_000),
    log: (line) => console.log(line),
  });
  const problems = [
    ...result.notSucceeded.map((r) => `run ${r.id} ended ${r.status}: ${JSON.stringify(r.error)}`),
    ...result.missingKeys.slice(0, 20).map((k) => `missing sink row ${k}`),
    ...result.unexpectedKeys.slice(0, 20).map((k) => `unexpected sink row ${k}`),
    ...result.lostLaunches.map((id) => `run ${id} was answered 202 but is not listed`),
    ...result.lateResumes.map((r) => `kill #${r.index}: resumed after ${r.resumeMs} ms (budget ${r.budgetMs} ms)`),
  ];
  if (result.engineErrors.length) console.log(`engine errors logged:\n  ${result.engineErrors.join('\n  ')}`);
  console.log(`runs by status: ${JSON.stringify(result.statuses)}`);
  if (problems.length) {
    console.log(`FAILED (seed ${seed}):\n  ${problems.join('\n  ')}`);
    process.exitCode = 1;
  } else console.log(`OK (seed ${seed})`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
