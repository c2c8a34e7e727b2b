import { runWorkflowChaos } from 'test/fixtures/workflow-chaos';

const KILLS = Number(process.env.CHAOS_KILLS ?? 20);
const SEED = Number(process.env.CHAOS_SEED ?? Math.floor(Math.random() * 2 ** 31));

// Each kill costs a restart (~4-5 s on a 2-core machine) plus a random 50-1500 ms.
jest.setTimeout(120_000 + KILLS * 12_000);

/**
 * kill -9 chaos: the platform is a real process (as users run it) over SQLite, killed with SIGKILL at seeded random
 * moments while workflows write their steps' idempotency keys into a sink table, restarted on the same DATA_DIR.
 * Every run must still succeed, every step's side effect must be there exactly once, and the runs a dead process
 * held must resume within the lease + 1 s + the restart. Replay a failure with CHAOS_SEED=<printed seed>; more
 * kills: CHAOS_KILLS=200, or `npm run chaos:workflow -- --kills 1000`.
 */
describe('workflow runs survive kill -9', () => {
  it(`finishes every run with each step applied once across ${KILLS} SIGKILLs (seed ${SEED})`, async () => {
    const lines: string[] = [];
    const result = await runWorkflowChaos({ kills: KILLS, seed: SEED, initialRuns: 12, leaseMs: 2_000, log: (line) => lines.push(line) });
    console.log(
      [
        ...lines,
        `chaos: runs by status ${JSON.stringify(result.statuses)}; keys applied more than once then deduplicated: ${result.redelivered}`,
        ...(result.engineErrors.length ? ['engine errors logged:', ...result.engineErrors] : []),
      ].join('\n'),
    );

    expect(result.kills).toBe(KILLS);
    expect(result.notSucceeded).toEqual([]);
    expect(result.lostLaunches).toEqual([]);
    // No step lost and none invented: the sink keys are exactly the (run, SQL step path) pairs.
    expect(result.missingKeys).toEqual([]);
    expect(result.unexpectedKeys).toEqual([]);
    expect(result.expectedKeys).toBeGreaterThan(result.runs * 5);
    // A dead worker's runs resume within WORKFLOW_LEASE_MS + 1000 ms + the time the new process took to start.
    expect(result.lateResumes).toEqual([]);
    expect(result.killRecords.filter((r) => r.outcome === 'resumed').length).toBeGreaterThan(0);
  });
});
