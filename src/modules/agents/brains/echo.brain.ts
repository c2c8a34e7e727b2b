import type { AgentBrain, BrainInput, BrainOutput } from './brain';

/** Answers with what it was sent: a model-free agent for wiring tests, demos and the A2A benchmark. */
export class EchoBrain implements AgentBrain {
  readonly usesHistory = false;

  async run(input: BrainInput): Promise<BrainOutput> {
    input.onText(input.text);
    return { text: input.text };
  }
}
