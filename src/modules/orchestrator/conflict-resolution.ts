import { Ajv } from 'ajv';

export const RESOLUTIONS = ['none', 'majority', 'weighted', 'first-valid', 'judge', 'merge'] as const;
export type ResolutionMethod = (typeof RESOLUTIONS)[number];

export interface Ballot {
  agentId: string;
  name: string;
  status: 'answered' | 'failed' | 'timeout';
  text?: string;
  error?: string;
  latencyMs: number;
}

export interface Resolution {
  method: ResolutionMethod;
  /** The winning answer's text, when there is one. */
  answer: string | null;
  /** Agents whose answer won (several when their normalised answers agree). */
  winners: string[];
  /** Votes per normalised answer (majority, weighted). */
  tally?: Array<{ answer: string; votes: number; agents: string[] }>;
  reason: string;
}

/** Lower case, no surrounding punctuation or repeated spaces: "Paris." and "paris" are one answer. */
export function normalise(text: string): string {
  return text
    .toLowerCase()
    .normalize('NFKC')
    .replace(/[\s]+/g, ' ')
    .replace(/^[\s"'`.,;:!?()[\]{}-]+|[\s"'`.,;:!?()[\]{}-]+$/g, '')
    .trim();
}

/** Majority vote over normalised answers; with weights (past success rates) it is a reliability-weighted vote. */
export function vote(ballots: Ballot[], weights?: Map<string, number>): Resolution {
  const answered = ballots.filter((b) => b.status === 'answered' && b.text !== undefined);
  const groups = new Map<string, { answer: string; votes: number; agents: string[]; first: string }>();
  for (const ballot of answered) {
    const key = normalise(ballot.text!);
    const group = groups.get(key) ?? { answer: key, votes: 0, agents: [], first: ballot.text! };
    group.votes += weights ? (weights.get(ballot.agentId) ?? 0.5) : 1;
    group.agents.push(ballot.agentId);
    groups.set(key, group);
  }
  const tally = [...groups.values()].sort((a, b) => b.votes - a.votes || a.answer.localeCompare(b.answer));
  const method = weights ? 'weighted' : 'majority';
  const [top, second] = tally;
  if (!top) return { method, answer: null, winners: [], tally: [], reason: 'no agent answered' };
  const tie = second && second.votes === top.votes;
  return {
    method,
    answer: top.first,
    winners: top.agents,
    tally: tally.map(({ answer, votes, agents }) => ({ answer, votes: Math.round(votes * 1000) / 1000, agents })),
    reason: tie
      ? `tie at ${top.votes} between "${top.answer}" and "${second.answer}"; the first in order wins`
      : `"${top.answer}" has ${Math.round(top.votes * 1000) / 1000} of ${Math.round(tally.reduce((n, g) => n + g.votes, 0) * 1000) / 1000} votes`,
  };
}

/** The first answer (in arrival order) that is JSON matching the schema. */
export function firstValid(ballots: Ballot[], schema: Record<string, unknown>): Resolution {
  const validate = new Ajv({ strict: false, allErrors: false }).compile(schema);
  for (const ballot of ballots) {
    if (ballot.status !== 'answered' || ballot.text === undefined) continue;
    try {
      if (validate(JSON.parse(ballot.text)))
        return {
          method: 'first-valid',
          answer: ballot.text,
          winners: [ballot.agentId],
          reason: `${ballot.name} answered first with JSON matching the schema`,
        };
    } catch {
      // not JSON: not valid
    }
  }
  return { method: 'first-valid', answer: null, winners: [], reason: 'no answer was JSON matching the schema' };
}
