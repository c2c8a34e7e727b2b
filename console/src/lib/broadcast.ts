import type { PlatformApi } from '@agentic/sdk';

export const RESOLUTIONS = ['none', 'majority', 'weighted', 'first-valid', 'judge', 'merge'] as const;
export type ResolutionMethod = (typeof RESOLUTIONS)[number];

export const RESOLUTION_LABEL: Record<ResolutionMethod, string> = {
  none: 'none: just gather the answers',
  majority: 'majority vote',
  weighted: 'vote weighted by past reliability',
  'first-valid': 'first answer matching a JSON schema',
  judge: 'a judge picks one',
  merge: 'a model merges them',
};

/** The API's resolution object (typed loosely in the SDK): method, answer, winners, tally, reason. */
export interface Resolution {
  method: string;
  answer: string | null;
  winners: string[];
  tally?: Array<{ answer: string; votes: number; agents: string[] }>;
  reason: string;
}

export interface BroadcastSummary {
  asked: number;
  answered: number;
  failed: number;
  /** Agents that did not answer before the quorum or the deadline ended the broadcast. */
  late: string[];
  quorumMet: boolean;
  resolution?: Resolution;
  /** Names of the agents whose answer won. */
  winners: string[];
  /** The tally with agent names instead of ids. */
  tally: Array<{ answer: string; votes: number; agents: string[] }>;
}

/** Counts a broadcast's ballots and names its winners, for the result panel. */
export function summariseBroadcast(result: PlatformApi.BroadcastResultDto): BroadcastSummary {
  const names = new Map(result.answers.map((b) => [b.agentId, b.name]));
  const name = (id: string) => names.get(id) ?? id;
  const resolution = result.resolution as Resolution | undefined;
  const answered = result.answers.filter((b) => b.status === 'answered').length;
  return {
    asked: result.answers.length,
    answered,
    failed: result.answers.filter((b) => b.status === 'failed').length,
    late: result.answers.filter((b) => b.status === 'timeout').map((b) => b.name),
    quorumMet: answered >= result.quorum,
    resolution,
    winners: (resolution?.winners ?? []).map(name),
    tally: (resolution?.tally ?? []).map((t) => ({ ...t, agents: t.agents.map(name) })),
  };
}

/** Reads the schema field of a first-valid broadcast: a JSON object, or an error saying why not. */
export function parseSchema(text: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new Error(`The schema is not JSON: ${(error as Error).message}`, { cause: error });
  }
  if (!value || typeof value !== 'object' || Array.isArray(value)) throw new Error('The schema must be a JSON object');
  return value as Record<string, unknown>;
}
