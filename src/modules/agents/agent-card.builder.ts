import { PLATFORM_VERSION } from 'src/core/platform-version';
import type { AgentEntity } from 'src/modules/agents/entities/agent.entity';

/** JSON wire form of an A2A 1.0 agent card (what /.well-known/agent-card.json serves). */
export type AgentCardJson = Record<string, unknown> & { name: string; skills: Array<Record<string, unknown>> };

export const a2aPathOf = (agentId: string) => `/a2a/agents/${agentId}`;

const IO_MODES = ['text/plain', 'application/json'];

export interface CardOptions {
  /** Port of the platform's A2A gRPC server; 0 or absent = the card lists no gRPC interface. */
  grpcPort?: number;
}

/**
 * The card of one agent: JSON-RPC and HTTP+JSON interfaces in A2A 1.0 and in 0.3 (served by the SDK's
 * compatibility layer), gRPC when it is on (one server for every agent: the agent is the request's tenant),
 * security schemes unless the agent is public, and its skills.
 */
export function buildAgentCard(agent: AgentEntity, baseUrl: string, options: CardOptions = {}): AgentCardJson {
  const url = `${baseUrl}${a2aPathOf(agent.id)}`;
  const secured = !agent.publicAccess;
  const interfaces: Array<Record<string, string>> = ['1.0', '0.3'].flatMap((protocolVersion) => [
    { url, protocolBinding: 'JSONRPC', protocolVersion },
    { url: `${url}/rest`, protocolBinding: 'HTTP+JSON', protocolVersion },
  ]);
  if (options.grpcPort)
    interfaces.push({
      url: `${new URL(baseUrl).hostname}:${options.grpcPort}`,
      protocolBinding: 'GRPC',
      protocolVersion: '1.0',
      tenant: agent.id,
    });
  return {
    name: agent.name,
    description: agent.description || `${agent.name} (an agent of Agentic AI Acceleration)`,
    supportedInterfaces: interfaces,
    provider: { organization: 'Agentic AI Acceleration', url: baseUrl },
    version: `${PLATFORM_VERSION}+${agent.version}`,
    documentationUrl: `${baseUrl}/docs`,
    capabilities: { streaming: true, pushNotifications: true, extendedAgentCard: secured },
    securitySchemes: secured
      ? {
          bearer: { httpAuthSecurityScheme: { scheme: 'Bearer', bearerFormat: 'JWT', description: 'Access token or API key' } },
          apiKey: { apiKeySecurityScheme: { location: 'header', name: 'X-API-Key', description: 'Platform API key (aaa_...)' } },
        }
      : {},
    securityRequirements: secured ? [{ schemes: { bearer: { list: [] } } }, { schemes: { apiKey: { list: [] } } }] : [],
    defaultInputModes: IO_MODES,
    defaultOutputModes: IO_MODES,
    skills: skillsOf(agent),
  };
}

function skillsOf(agent: AgentEntity): Array<Record<string, unknown>> {
  const skills = agent.skills.map((skill) => ({
    id: skill.id,
    name: skill.name,
    description: skill.description,
    tags: skill.tags,
    examples: skill.examples ?? [],
  }));
  if (skills.length > 0) return skills;
  // A card needs at least one skill to be useful for discovery: describe the agent itself.
  return [{ id: 'general', name: agent.name, description: agent.description || agent.name, tags: [agent.brain], examples: [] }];
}

/** The searchable capability strings of an agent, kept in agent_capabilities for list filtering. */
export function capabilitiesOf(agent: AgentEntity): string[] {
  const out = new Set<string>(['streaming', 'push-notifications', `brain:${agent.brain}`]);
  for (const skill of agent.skills) {
    out.add(skill.id.toLowerCase());
    for (const tag of skill.tags) out.add(tag.toLowerCase());
  }
  for (const tool of agent.tools) out.add(`tool:${tool}`);
  for (const collection of agent.knowledge) out.add(`knowledge:${collection}`);
  if (agent.knowledge.length) out.add('knowledge');
  if (agent.sqlConnections.length) out.add('sql');
  if (agent.tools.length) out.add('tools');
  return [...out].map((c) => c.slice(0, 200));
}
