import { describe, expect, it } from 'vitest';
import type { PlatformApi } from '@agentic/sdk';
import { parseSchema, summariseBroadcast } from './broadcast';

const ballot = (agentId: string, status: PlatformApi.BallotDto['status'], text?: string): PlatformApi.BallotDto => ({
  agentId,
  name: `agent-${agentId}`,
  status,
  text,
  latencyMs: 5,
});

describe('summariseBroadcast', () => {
  it('counts answers, failures and the late, and names the winners and the tally', () => {
    const summary = summariseBroadcast({
      id: 'b',
      quorum: 2,
      outcome: 'quorum-met',
      durationMs: 10,
      answers: [ballot('a', 'answered', 'Paris'), ballot('b', 'failed'), ballot('c', 'answered', 'paris'), ballot('d', 'timeout')],
      resolution: {
        method: 'majority',
        answer: 'Paris',
        winners: ['a', 'c'],
        tally: [{ answer: 'paris', votes: 2, agents: ['a', 'c'] }],
        reason: '"paris" has 2 of 2 votes',
      },
    });
    expect(summary).toMatchObject({ asked: 4, answered: 2, failed: 1, late: ['agent-d'], quorumMet: true });
    expect(summary.winners).toEqual(['agent-a', 'agent-c']);
    expect(summary.tally).toEqual([{ answer: 'paris', votes: 2, agents: ['agent-a', 'agent-c'] }]);
  });

  it('reports a missed quorum and no resolution when none was asked', () => {
    const summary = summariseBroadcast({
      id: 'b',
      quorum: 2,
      outcome: 'deadline',
      durationMs: 10,
      answers: [ballot('a', 'answered', 'x'), ballot('b', 'timeout')],
    });
    expect(summary).toMatchObject({ answered: 1, quorumMet: false, late: ['agent-b'], winners: [], tally: [] });
    expect(summary.resolution).toBeUndefined();
  });
});

describe('parseSchema', () => {
  it('accepts a JSON object and refuses anything else in words', () => {
    expect(parseSchema('{"type":"object"}')).toEqual({ type: 'object' });
    expect(() => parseSchema('{type')).toThrow(/not JSON/);
    expect(() => parseSchema('[1]')).toThrow('The schema must be a JSON object');
  });
});
