import type { Bus } from '@libs/bus';
import type { BusPrincipal } from '@libs/contracts';
import { MODULE_NAMES } from '@libs/config';
import { AgentsError, AgentsErrorCode } from 'src/modules/agents/agents.errors';
import { KNOWLEDGE_SKILL_PREFIX } from 'src/modules/agents/module-agents';
import type { AgentBrain, BrainInput, BrainOutput } from './brain';

export const MODULE_AGENT_ROLES = ['knowledge', 'database', 'toolbox', 'coordinator', 'monitor'] as const;
export type ModuleAgentRole = (typeof MODULE_AGENT_ROLES)[number];

type Json = Record<string, any>;

/**
 * A module's seed role as an A2A agent (the brain kinds knowledge, database, toolbox, coordinator, monitor): a message
 * becomes the module's own work over the bus. A message is plain text, or JSON naming what the role needs.
 */
export class ModuleAgentBrain implements AgentBrain {
  readonly usesHistory = false;

  constructor(
    private readonly role: ModuleAgentRole,
    private readonly bus: Bus,
  ) {}

  async run(input: BrainInput): Promise<BrainOutput> {
    const message = { ...parse(input.text), skillId: input.skillId };
    const text = await this.answer(message, input.principal);
    input.onText(text);
    return { text };
  }

  private answer(message: { text: string; json?: Json; skillId?: string }, principal?: BusPrincipal): Promise<string> {
    switch (this.role) {
      case 'knowledge':
        return this.knowledge(message);
      case 'database':
        return this.database(message, principal);
      case 'toolbox':
        return this.toolbox(message, principal);
      case 'coordinator':
        return this.coordinator(message, principal);
      case 'monitor':
        return this.monitor();
    }
  }

  /**
   * A question in, the best passages out, each cited by document. The collection is the one the message names (JSON
   * `collection`), or the one its skill stands for, or the only one; with several and none named, the question goes
   * to each and their lists are interleaved by rank.
   */
  private async knowledge({ text, json, skillId }: { text: string; json?: Json; skillId?: string }): Promise<string> {
    const question = String(json?.question ?? text);
    const k = Math.min(Math.max(Number(json?.k ?? 3) || 3, 1), 20);
    const named =
      json?.collection ?? (skillId?.startsWith(KNOWLEDGE_SKILL_PREFIX) ? skillId.slice(KNOWLEDGE_SKILL_PREFIX.length) : undefined);
    const collections = named ? [String(named)] : (await this.bus.request('rag.collections', {})).slice(0, 10).map((c) => c.name);
    if (!collections.length)
      throw new AgentsError(AgentsErrorCode.AGENT_INVALID, 'There is no knowledge collection yet: create one and add documents');
    const lists = await Promise.all(
      collections.map((collection) =>
        this.bus
          .request('rag.search', { collection, query: question, k, mode: 'hybrid' })
          .then((r) => r.results.map((hit) => ({ ...hit, collection }))),
      ),
    );
    const results = interleave(lists).slice(0, k);
    if (!results.length) return `Nothing in ${collections.join(', ')} answers "${question}".`;
    const cited = results.map((r, i) => `[${i + 1}] ${r.text.trim()}`).join('\n\n');
    const sources = results
      .map(
        (r, i) =>
          `[${i + 1}] ${r.filename ?? r.documentId}${r.page ? ` p.${r.page}` : ''}${collections.length > 1 ? ` (${r.collection})` : ''}`,
      )
      .join('\n');
    return `${cited}\n\nSources:\n${sources}`;
  }

  /** SQL in, rows out; or a question, answered through NL→SQL. */
  private async database({ text, json }: { text: string; json?: Json }, principal?: BusPrincipal): Promise<string> {
    const connectionId = json?.connectionId ?? (await this.only('sqltool.connections', 'connectionId'));
    const statement = String(json?.sql ?? (/^\s*(select|with)\b/i.test(text) ? text : ''));
    if (statement) {
      const result = await this.bus.request('sqltool.query', { connectionId, sql: statement, principal });
      return JSON.stringify({ columns: result.columns.map((c) => c.name), rows: result.rows, truncated: result.truncated });
    }
    const asked = await this.bus.request('sqltool.ask', {
      connectionId,
      question: String(json?.question ?? text),
      model: json?.model,
      principal,
    });
    return JSON.stringify({ sql: asked.sql, explanation: asked.explanation, columns: asked.columns.map((c) => c.name), rows: asked.rows });
  }

  /** `{ "tool": "<id or name>", "arguments": { ... } }` in, the tool's result out. */
  private async toolbox({ json }: { json?: Json }, principal?: BusPrincipal): Promise<string> {
    if (typeof json?.tool !== 'string')
      throw new AgentsError(AgentsErrorCode.AGENT_INVALID, 'Send JSON: {"tool": "<id or name>", "arguments": {...}}');
    const outcome = await this.bus.request('tools.execute', { toolId: json.tool, arguments: json.arguments ?? {}, principal });
    if (!outcome.ok) throw new AgentsError(AgentsErrorCode.AGENT_INVALID, `Tool ${json.tool} failed: ${outcome.error}`);
    return typeof outcome.result === 'string' ? outcome.result : JSON.stringify(outcome.result);
  }

  /** `{ "workflow": "<id or name>", "input": { ... } }` in, the run's output out. */
  private async coordinator({ json }: { json?: Json }, principal?: BusPrincipal): Promise<string> {
    if (typeof json?.workflow !== 'string')
      throw new AgentsError(AgentsErrorCode.AGENT_INVALID, 'Send JSON: {"workflow": "<id or name>", "input": {...}}');
    const run = await this.bus.request(
      'workflows.execute',
      { workflow: json.workflow, input: json.input, principal },
      { timeoutMs: 310_000 },
    );
    return JSON.stringify(run);
  }

  /** The health of every module, as the platform sees it now, then the last hour's figures when observability runs. */
  private async monitor(): Promise<string> {
    const health = await Promise.all(
      MODULE_NAMES.map((module) =>
        this.bus.request(`${module}.health`, {} as never, { timeoutMs: 2_000 }).then(
          (h) => `${module}: ${(h as { status?: string }).status ?? 'up'}`,
          () => `${module}: down`,
        ),
      ),
    );
    const summary = await this.bus.request('observability.summary', {}, { timeoutMs: 3_000 }).catch(() => undefined);
    if (!summary) return health.join('\n');
    const percent = (ratio: number) => `${(ratio * 100).toFixed(1)}%`;
    const lastHour = [
      `requests: ${summary.requests}, errors ${percent(summary.errorRate)}, p95 ${summary.p95Ms} ms`,
      `agent runs: ${summary.agentRuns}, failed ${percent(summary.agentErrorRate)}`,
      `tokens: ${summary.inputTokens} in, ${summary.outputTokens} out, cost $${summary.costUsd.toFixed(4)}`,
      ...summary.slowestAgents.slice(0, 3).map((a) => `slow agent: ${a.name} p95 ${a.p95Ms} ms over ${a.runs} runs`),
      `firing alerts: ${summary.firingAlerts.join(', ') || 'none'}`,
    ];
    return `${health.join('\n')}\n\nLast hour:\n${lastHour.join('\n')}`;
  }

  /** The one registered item of a kind, when the message names none. */
  private async only(method: 'rag.collections' | 'sqltool.connections', field: string): Promise<string> {
    const items = await this.bus.request(method, {});
    if (items.length !== 1)
      throw new AgentsError(
        AgentsErrorCode.AGENT_INVALID,
        `Name the ${field} in JSON (there are ${items.length}: ${items.map((i) => i.name).join(', ')})`,
      );
    return items[0].id;
  }
}

function parse(text: string): { text: string; json?: Json } {
  const trimmed = text.trim();
  if (!trimmed.startsWith('{')) return { text: trimmed };
  try {
    return { text: trimmed, json: JSON.parse(trimmed) as Json };
  } catch {
    return { text: trimmed };
  }
}

/** First hits of every list, then the second ones, and so on: no collection's scores need to be comparable. */
function interleave<T>(lists: T[][]): T[] {
  const merged: T[] = [];
  for (let rank = 0; rank < Math.max(0, ...lists.map((l) => l.length)); rank++)
    for (const list of lists) if (rank < list.length) merged.push(list[rank]);
  return merged;
}
