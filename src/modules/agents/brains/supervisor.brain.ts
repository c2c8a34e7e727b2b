import type { Bus } from '@libs/bus';
import type { AgentBrain, BrainInput, BrainOutput } from './brain';

/**
 * The platform's own agent: a message is a goal, handed to the orchestrator over the bus; the answer is the
 * orchestrated session's results, task by task. Progress streams as the session's plan gets done.
 */
export class SupervisorBrain implements AgentBrain {
  readonly usesHistory = false;

  constructor(private readonly bus: Bus) {}

  async run(input: BrainInput): Promise<BrainOutput> {
    const outcome = await this.bus.request(
      'orchestrator.run',
      { goal: input.text, principal: input.principal, waitMs: 300_000 },
      { timeoutMs: 310_000 },
    );
    const lines = Object.entries(outcome.results).map(([task, answer]) => `## ${task}\n${answer}`);
    const text =
      outcome.status === 'succeeded'
        ? lines.join('\n\n')
        : `Session ${outcome.sessionId} ${outcome.status}: ${outcome.error ?? 'no result'}`;
    const answer = `${text}\n\n(orchestration session ${outcome.sessionId})`;
    input.onText(answer);
    return {
      text: answer,
      state: outcome.status === 'succeeded' ? 'completed' : 'failed',
    };
  }
}
