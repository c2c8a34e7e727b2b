import { Injectable } from '@nestjs/common';
import { trace } from '@opentelemetry/api';
import { Bus } from '@libs/bus';
import { OrchestratorRepository } from './orchestrator.repository';
import { OrchestratorError, OrchestratorErrorCode } from './orchestrator.errors';

/** Weights of the router's score; they sum to 1 so a total reads as a share of a perfect candidate. */
export const ROUTING_WEIGHTS = { match: 0.5, health: 0.15, load: 0.2, success: 0.15 } as const;

export interface ScoreBreakdown {
  agentId: string;
  name: string;
  /** Skill match from discovery, scaled so the best candidate is 1. */
  match: number;
  health: number;
  /** 1 with nothing in flight, 1/2 with one task, 1/3 with two... */
  load: number;
  inFlight: number;
  /** Share of its recent tasks that succeeded (0.5 with no history). */
  success: number;
  p50LatencyMs: number | null;
  total: number;
}

export interface Routing {
  chosen: ScoreBreakdown;
  alternatives: ScoreBreakdown[];
  reason: string;
}

export interface RouteRequest {
  /** What the task needs: a skill id or tag, or free text matched against cards. */
  need: string;
  capability?: string;
  /** Only these agents (constraints.agentIds), and never these (ones that already failed the task). */
  allow?: string[];
  exclude?: string[];
  /** Tasks this planning round already gave each agent (they are in flight as soon as the run starts). */
  planned?: Map<string, number>;
}

/**
 * Picks the agent for a task by skill match (the discovery ranking over cards, local and remote alike), health,
 * current load (tasks in flight) and past success; the breakdown of every choice is kept, so a choice explains
 * itself.
 */
@Injectable()
export class SkillRouter {
  constructor(
    private readonly bus: Bus,
    private readonly repository: OrchestratorRepository,
  ) {}

  async route(request: RouteRequest): Promise<Routing> {
    const ranked = await this.rank(request);
    const [chosen, ...alternatives] = ranked;
    if (!chosen)
      throw new OrchestratorError(OrchestratorErrorCode.NO_AGENT, `No agent can take "${request.need.slice(0, 100)}"`, {
        need: request.need,
      });
    const runnerUp = alternatives[0];
    const reason = runnerUp
      ? `${chosen.name} scored ${chosen.total.toFixed(3)} (match ${chosen.match.toFixed(2)}, load ${chosen.inFlight}) over ${runnerUp.name} ${runnerUp.total.toFixed(3)} (match ${runnerUp.match.toFixed(2)}, load ${runnerUp.inFlight})`
      : `${chosen.name} is the only agent that matches (match ${chosen.match.toFixed(2)})`;
    // The choice and its breakdown ride on the current span too, so a trace explains the routing.
    trace.getActiveSpan()?.addEvent('orchestrator.route', {
      'orchestrator.route.need': request.need.slice(0, 200),
      'gen_ai.agent.id': chosen.agentId,
      'gen_ai.agent.name': chosen.name,
      'orchestrator.route.score': JSON.stringify(chosen),
      'orchestrator.route.alternatives': JSON.stringify(alternatives.slice(0, 4)),
    });
    return { chosen, alternatives: alternatives.slice(0, 4), reason };
  }

  /** Every candidate with its score, best first. */
  async rank(request: RouteRequest): Promise<ScoreBreakdown[]> {
    const matches = await this.bus.request('agents.discover', {
      query: request.need,
      ...(request.capability ? { capabilities: [request.capability] } : {}),
      limit: 20,
    });
    const allowed = matches.filter(
      (m) =>
        m.score > 0 &&
        !isSupervisor(m) &&
        (!request.allow?.length || request.allow.includes(m.agentId)) &&
        !request.exclude?.includes(m.agentId),
    );
    const best = Math.max(...allowed.map((m) => m.score), Number.EPSILON);
    const records = await this.repository.agentRecords(allowed.map((m) => m.agentId));
    return allowed
      .map((m) => {
        const record = records.get(m.agentId)!;
        const inFlight = record.inFlight + (request.planned?.get(m.agentId) ?? 0);
        const parts = {
          match: m.score / best,
          health: m.healthy ? 1 : 0,
          load: 1 / (1 + inFlight),
          success: record.finished ? record.succeeded / record.finished : 0.5,
        };
        const total =
          parts.match * ROUTING_WEIGHTS.match +
          parts.health * ROUTING_WEIGHTS.health +
          parts.load * ROUTING_WEIGHTS.load +
          parts.success * ROUTING_WEIGHTS.success;
        return { agentId: m.agentId, name: m.name, ...parts, inFlight, p50LatencyMs: record.p50LatencyMs ?? null, total: round(total) };
      })
      .sort((a, b) => b.total - a.total || a.name.localeCompare(b.name));
  }
}

const round = (n: number) => Math.round(n * 1000) / 1000;

/** Agents tagged `supervisor` (the platform's own agent) orchestrate; routing a task to one would recurse. */
export function isSupervisor(agent: { skills: Array<{ tags: string[] }> }): boolean {
  return agent.skills.some((skill) => skill.tags.includes('supervisor'));
}
