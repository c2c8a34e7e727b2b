import { Injectable } from '@nestjs/common';
import { RemoteAgentClient } from 'src/modules/agents/adapters/remote-agent.client';
import { AgentsRepository } from 'src/modules/agents/agents.repository';
import { AgentsService } from 'src/modules/agents/agents.service';
import type { AgentEntity } from 'src/modules/agents/entities/agent.entity';

export interface DiscoveryMatch {
  agentId: string;
  name: string;
  score: number;
  healthy: boolean;
  matchedSkills: string[];
  card: Record<string, unknown>;
}

const STOP_WORDS = new Set(
  'a an and are as at be by for from has have i in is it of on or that the to was were will with what which who how can me my our please'.split(
    ' ',
  ),
);
const K1 = 1.2;
const B = 0.75;

/**
 * Ranks agents for a free-text need: BM25 over each agent's card (name, description, skills with their tags and
 * examples, light stemming), skill-level matches reported, filtered by required capabilities and by health
 * (a remote agent whose circuit is open is left out unless asked for).
 */
@Injectable()
export class AgentDiscoveryService {
  constructor(
    private readonly agents: AgentsService,
    private readonly repository: AgentsRepository,
    private readonly remote: RemoteAgentClient,
  ) {}

  async discover(query: { query: string; capabilities?: string[]; limit?: number; includeUnhealthy?: boolean }): Promise<DiscoveryMatch[]> {
    let candidates = await this.agents.all();
    const required = (query.capabilities ?? []).map((c) => c.trim().toLowerCase()).filter(Boolean);
    if (required.length) {
      const rows = await this.repository.withAnyCapability(required);
      const counts = new Map<string, Set<string>>();
      for (const row of rows) counts.set(row.agentId, (counts.get(row.agentId) ?? new Set()).add(row.capability));
      candidates = candidates.filter((agent) => counts.get(agent.id)?.size === new Set(required).size);
    }
    const terms = tokenize(query.query);
    const docs = candidates.map((agent) => ({ agent, tokens: tokenize(documentOf(agent)) }));
    const avgLength = docs.reduce((sum, doc) => sum + doc.tokens.length, 0) / Math.max(docs.length, 1);
    const documentFrequency = new Map<string, number>();
    for (const doc of docs) for (const term of new Set(doc.tokens)) documentFrequency.set(term, (documentFrequency.get(term) ?? 0) + 1);
    const matches = docs.map(({ agent, tokens }) => {
      const frequencies = new Map<string, number>();
      for (const token of tokens) frequencies.set(token, (frequencies.get(token) ?? 0) + 1);
      let score = 0;
      for (const term of new Set(terms)) {
        const tf = frequencies.get(term) ?? 0;
        if (!tf) continue;
        const df = documentFrequency.get(term) ?? 0;
        const idf = Math.log(1 + (docs.length - df + 0.5) / (df + 0.5));
        score += (idf * tf * (K1 + 1)) / (tf + K1 * (1 - B + (B * tokens.length) / Math.max(avgLength, 1)));
      }
      const matchedSkills = agent.skills
        .filter((skill) => tokenize(`${skill.name} ${skill.description} ${skill.tags.join(' ')}`).some((t) => terms.includes(t)))
        .map((skill) => skill.id);
      const healthy = agent.brain !== 'remote' || this.remoteHealthy(agent);
      return {
        agentId: agent.id,
        name: agent.name,
        score: Number(score.toFixed(4)),
        healthy,
        matchedSkills,
        card: {} as Record<string, unknown>,
      };
    });
    const ranked = matches
      .filter((match) => (query.includeUnhealthy || match.healthy) && (terms.length === 0 || match.score > 0 || required.length > 0))
      .sort((a, b) => b.score - a.score || a.name.localeCompare(b.name))
      .slice(0, query.limit ?? 10);
    const byId = new Map(candidates.map((agent) => [agent.id, agent]));
    for (const match of ranked) match.card = await this.agents.cardOf(byId.get(match.agentId)!);
    return ranked;
  }

  private remoteHealthy(agent: AgentEntity): boolean {
    const url = (agent.remoteCard?.supportedInterfaces as Array<{ url: string }> | undefined)?.[0]?.url;
    return !url || this.remote.breakerState(new URL(url).host) === 'closed';
  }
}

function documentOf(agent: AgentEntity): string {
  const skills = agent.skills.map((s) => `${s.name} ${s.id} ${s.description} ${s.tags.join(' ')} ${(s.examples ?? []).join(' ')}`);
  return [agent.name, agent.description, ...skills, ...agent.knowledge, ...agent.tools].join(' ');
}

/** Lower-case words without stop words, with a light suffix stemmer so "invoices" finds "invoice". */
export function tokenize(text: string): string[] {
  return (text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [])
    .filter((word) => word.length > 1 && !STOP_WORDS.has(word))
    .map((word) => word.replace(/(ies)$/, 'y').replace(/(ing|ed|es|s)$/, '') || word);
}
