import { Injectable } from '@nestjs/common';
import { Bus } from '@libs/bus';
import type { BusPrincipal } from '@libs/contracts';
import { firstValid, RESOLUTIONS, vote, type Ballot, type Resolution, type ResolutionMethod } from './conflict-resolution';
import type { BroadcastEntity } from './entities/broadcast.entity';
import { OrchestratorRepository } from './orchestrator.repository';
import { OrchestratorError, OrchestratorErrorCode } from './orchestrator.errors';

export interface BroadcastRequest {
  message: string;
  agentIds?: string[];
  capability?: string;
  /** Answers to wait for (k of n); default: all. */
  quorum?: number;
  deadlineMs?: number;
  resolution?: ResolutionMethod;
  /** first-valid: the JSON Schema an answer must match. */
  schema?: Record<string, unknown>;
  /** judge / merge: the model that judges or merges (or judgeAgentId for an agent judge). */
  model?: { provider: string; modelId: string };
  judgeAgentId?: string;
}

const MAX_TARGETS = 50;

/** One message to many agents, answers gathered as they arrive until a quorum or the deadline, then resolved. */
@Injectable()
export class BroadcastService {
  constructor(
    private readonly bus: Bus,
    private readonly repository: OrchestratorRepository,
  ) {}

  async broadcast(request: BroadcastRequest, principal?: BusPrincipal): Promise<BroadcastEntity> {
    const targets = await this.targets(request);
    const quorum = request.quorum ?? targets.length;
    if (quorum < 1 || quorum > targets.length)
      throw new OrchestratorError(
        OrchestratorErrorCode.QUORUM_INVALID,
        `A quorum of ${quorum} cannot be met by ${targets.length} agent(s)`,
      );
    const started = Date.now();
    const { ballots, outcome } = await this.gather(request, targets, quorum, principal);
    const resolution = await this.resolve(request, ballots, principal);
    return this.repository.saveBroadcast({
      message: request.message,
      targets: JSON.stringify(targets.map((t) => t.agentId)),
      quorum,
      outcome,
      answers: JSON.stringify(ballots),
      resolution: resolution ? JSON.stringify(resolution) : null,
      createdBy: principal?.id ?? null,
      durationMs: Date.now() - started,
    });
  }

  private async targets(request: BroadcastRequest): Promise<Array<{ agentId: string; name: string }>> {
    if (request.agentIds?.length) {
      const found = await Promise.all(
        [...new Set(request.agentIds)].map((agentId) =>
          this.bus.request('agents.get', { agentId }).catch(() => {
            throw new OrchestratorError(OrchestratorErrorCode.UNKNOWN_AGENT, `No agent ${agentId}`);
          }),
        ),
      );
      return found.map((a) => ({ agentId: a.agentId, name: a.name }));
    }
    if (!request.capability) throw new OrchestratorError(OrchestratorErrorCode.BROADCAST_EMPTY, 'Name agentIds or a capability');
    const matches = await this.bus.request('agents.discover', {
      query: request.capability,
      capabilities: [request.capability],
      limit: MAX_TARGETS,
    });
    const targets = matches.filter((m) => m.score > 0).map((m) => ({ agentId: m.agentId, name: m.name }));
    if (!targets.length) throw new OrchestratorError(OrchestratorErrorCode.BROADCAST_EMPTY, `No agent offers ${request.capability}`);
    return targets;
  }

  /** Sends to all at once; resolves when the quorum answered, everyone finished, or the deadline passed. */
  private gather(request: BroadcastRequest, targets: Array<{ agentId: string; name: string }>, quorum: number, principal?: BusPrincipal) {
    const deadlineMs = request.deadlineMs ?? 30_000;
    const started = Date.now();
    const ballots: Ballot[] = [];
    return new Promise<{ ballots: Ballot[]; outcome: string }>((resolve) => {
      let answered = 0;
      let settled = false;
      const finish = (outcome: string) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        const late = targets.filter((t) => !ballots.some((b) => b.agentId === t.agentId));
        for (const t of late) ballots.push({ agentId: t.agentId, name: t.name, status: 'timeout', latencyMs: Date.now() - started });
        resolve({ ballots: [...ballots], outcome });
      };
      const timer = setTimeout(() => finish('deadline'), deadlineMs);
      for (const target of targets) {
        void this.bus
          .request('agents.send', { agentId: target.agentId, text: request.message, principal }, { timeoutMs: deadlineMs })
          .then(
            (result) =>
              result.state === 'completed'
                ? { agentId: target.agentId, name: target.name, status: 'answered' as const, text: result.output }
                : {
                    agentId: target.agentId,
                    name: target.name,
                    status: 'failed' as const,
                    error: `ended ${result.state}: ${result.output.slice(0, 300)}`,
                  },
            (error: Error) => ({ agentId: target.agentId, name: target.name, status: 'failed' as const, error: error.message }),
          )
          .then((ballot) => {
            if (settled) return;
            ballots.push({ ...ballot, latencyMs: Date.now() - started });
            if (ballot.status === 'answered') answered++;
            if (answered >= quorum) finish('quorum-met');
            else if (ballots.length === targets.length) finish(answered ? 'all-answered' : 'failed');
          });
      }
    });
  }

  private async resolve(request: BroadcastRequest, ballots: Ballot[], principal?: BusPrincipal): Promise<Resolution | undefined> {
    const method = request.resolution ?? 'none';
    switch (method) {
      case 'none':
        return undefined;
      case 'majority':
        return vote(ballots);
      case 'weighted':
        return vote(ballots, await this.reliability(ballots));
      case 'first-valid':
        if (!request.schema) throw new OrchestratorError(OrchestratorErrorCode.MODEL_REQUIRED, 'first-valid needs a schema');
        return firstValid(ballots, request.schema);
      case 'judge':
      case 'merge':
        return this.byModel(method, request, ballots, principal);
    }
  }

  /** Past success rates per agent (from orchestration history), the weights of a reliability-weighted vote. */
  private async reliability(ballots: Ballot[]): Promise<Map<string, number>> {
    const records = await this.repository.agentRecords(ballots.map((b) => b.agentId));
    return new Map([...records].map(([id, r]) => [id, r.finished ? r.succeeded / r.finished : 0.5]));
  }

  /** A judge (model or agent) picks one answer with its reason, or a model merges them into one. */
  private async byModel(
    method: 'judge' | 'merge',
    request: BroadcastRequest,
    ballots: Ballot[],
    principal?: BusPrincipal,
  ): Promise<Resolution> {
    const answered = ballots.filter((b) => b.status === 'answered');
    if (!answered.length) return { method, answer: null, winners: [], reason: 'no agent answered' };
    const listing = answered.map((b, i) => `[${i + 1}] ${b.name}: ${b.text}`).join('\n');
    const ask =
      method === 'judge'
        ? `Question: ${request.message}\nAnswers:\n${listing}\nPick the best answer. Reply with JSON only: {"choice": <number>, "reason": "<why>"}`
        : `Question: ${request.message}\nAnswers:\n${listing}\nMerge them into one answer that keeps what is right in each. Reply with the merged answer only.`;
    const text = await this.askJudge(request, ask, principal);
    if (method === 'merge')
      return { method, answer: text, winners: answered.map((b) => b.agentId), reason: `merged ${answered.length} answers` };
    const verdict = parseVerdict(text);
    const chosen = Number.isInteger(verdict.choice) ? answered[verdict.choice! - 1] : undefined;
    if (!chosen)
      throw new OrchestratorError(OrchestratorErrorCode.RESOLUTION_FAILED, `The judge gave no valid choice: ${text.slice(0, 300)}`);
    return { method, answer: chosen.text!, winners: [chosen.agentId], reason: verdict.reason ?? `the judge chose ${chosen.name}` };
  }

  private async askJudge(request: BroadcastRequest, prompt: string, principal?: BusPrincipal): Promise<string> {
    if (request.judgeAgentId)
      return (await this.bus.request('agents.send', { agentId: request.judgeAgentId, text: prompt, principal })).output;
    if (!request.model) throw new OrchestratorError(OrchestratorErrorCode.MODEL_REQUIRED, 'judge and merge need a model or a judgeAgentId');
    return (await this.bus.request('agents.generate', { ...request.model, prompt, maxOutputTokens: 1_000 })).text;
  }
}

export { RESOLUTIONS };

function parseVerdict(text: string): { choice?: number; reason?: string } {
  const match = text.match(/\{[\s\S]*\}/);
  try {
    return match ? (JSON.parse(match[0]) as { choice?: number; reason?: string }) : {};
  } catch {
    return {};
  }
}
