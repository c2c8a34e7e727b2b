import type { BusPrincipal } from '@libs/contracts';
import type { ExecutionStep } from 'src/modules/agents/entities/agent-execution.entity';
import type { AgentEntity } from 'src/modules/agents/entities/agent.entity';

export interface BrainTurn {
  role: 'user' | 'assistant';
  content: string;
}

export interface BrainInput {
  agent: AgentEntity;
  /** Text of the incoming message (data parts as JSON). */
  text: string;
  /** Earlier turns of this conversation (same contextId), oldest first. */
  history: BrainTurn[];
  taskId: string;
  contextId: string;
  /** The incoming A2A message's id: a brain that forwards the message (to a remote agent) sends it on under it. */
  messageId: string;
  signal: AbortSignal;
  principal?: BusPrincipal;
  /** The skill the caller asked for (message metadata `skillId`), already checked to be one of the agent's. */
  skillId?: string;
  /** Streams a piece of the answer as it is produced. */
  onText(delta: string): void;
  onStep(step: ExecutionStep): void;
}

export interface BrainOutput {
  text: string;
  /** Default completed; input-required asks the caller for more. */
  state?: 'completed' | 'input-required' | 'rejected' | 'failed';
  inputTokens?: number;
  outputTokens?: number;
  costUsd?: number;
}

/**
 * What makes an agent think. Every kind (built-in model loop, remote A2A agent, framework adapters) implements
 * this one interface; the A2A executor turns its output into task events.
 */
export interface AgentBrain {
  /** Whether run() reads input.history (loading it costs a query per run). */
  readonly usesHistory: boolean;
  run(input: BrainInput): Promise<BrainOutput>;
}
