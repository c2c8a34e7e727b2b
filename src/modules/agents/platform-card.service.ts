import { Inject, Injectable } from '@nestjs/common';
import { Bus } from '@libs/bus';
import { MODULE_NAMES, type Env } from '@libs/config';
import { isUuid } from '@libs/contracts';
import { ENV } from 'src/core/env.token';
import { PLATFORM_VERSION } from 'src/core/platform-version';
import { AgentsService, SUPERVISOR_AGENT_NAME } from 'src/modules/agents/agents.service';

/**
 * The platform's own A2A card: the live skills of every module, served by the supervisor agent's interfaces, so an
 * A2A client given only the platform's base URL can talk to it (goals go to the orchestrator).
 */
@Injectable()
export class PlatformCardService {
  constructor(
    private readonly agents: AgentsService,
    private readonly bus: Bus,
    @Inject(ENV) private readonly env: Env,
  ) {}

  /** The card at the host root: the platform card, unless A2A_HOST_AGENT names another agent. */
  async hostCard(baseUrl: string): Promise<Record<string, unknown>> {
    const host = this.env.A2A_HOST_AGENT;
    if (host === SUPERVISOR_AGENT_NAME) return this.card(baseUrl);
    const agent = isUuid(host) ? await this.agents.get(host).catch(() => null) : await this.agents.findByName(host);
    if (!agent || agent.name === SUPERVISOR_AGENT_NAME) return this.card(baseUrl);
    return (await this.agents.cardOf(agent, baseUrl)) as unknown as Record<string, unknown>;
  }

  async card(baseUrl: string): Promise<Record<string, unknown>> {
    const [cards, supervisor] = await Promise.all([
      Promise.all(
        MODULE_NAMES.map((module) => this.bus.request(`${module}.card`, {} as never, { timeoutMs: 1_000 }).catch(() => undefined)),
      ),
      this.agents.findByName(SUPERVISOR_AGENT_NAME),
    ]);
    const skills = cards.flatMap((card) =>
      (card?.skills ?? []).filter((skill) => (card?.metadata?.skillStatus as Record<string, string> | undefined)?.[skill.id] === 'live'),
    );
    const interfaces = supervisor ? ((await this.agents.cardOf(supervisor, baseUrl)).supportedInterfaces ?? []) : [];
    return {
      name: 'Agentic AI Acceleration',
      description:
        'Self-hosted agent platform: A2A agents, MCP tools, knowledge (RAG), SQL and workflows. Send a goal and the orchestrator plans it across agents. Agents: GET /a2a/cards.',
      supportedInterfaces: interfaces,
      provider: { organization: 'Agentic AI Acceleration', url: baseUrl },
      version: PLATFORM_VERSION,
      documentationUrl: `${baseUrl}/docs`,
      capabilities: { streaming: true, pushNotifications: true, extendedAgentCard: false },
      securitySchemes: {
        bearer: { httpAuthSecurityScheme: { scheme: 'Bearer', bearerFormat: 'JWT' } },
        apiKey: { apiKeySecurityScheme: { location: 'header', name: 'X-API-Key' } },
      },
      securityRequirements: [{ schemes: { bearer: { list: [] } } }, { schemes: { apiKey: { list: [] } } }],
      defaultInputModes: ['text/plain', 'application/json'],
      defaultOutputModes: ['text/plain', 'application/json'],
      skills,
    };
  }
}
