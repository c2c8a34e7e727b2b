import { PLATFORM_VERSION } from 'src/core/platform-version';
import type { AgentEntity } from 'src/modules/agents/entities/agent.entity';

/** JSON wire form of an A2A 1.0 agent card (what /.well-known/agent-card.json serves). */
export type AgentCardJson = Record<string, unknown> & { name: string; skills: Array<Record<string, unknown>> };

export const a2aPathOf = (agentId: string) => `/a2a/agents/${agentId}`;

const IO_MODES = ['text/plain', 'application/json'];

/**
 * The card of one agent: JSON-RPC and HTTP+JSON interfaces in A2A 1.0 and in 0.3 (served by the SDK's
 * compatibility layer), security schemes unless the agent is public, and its skills.
 */
export function buildAgentCard(agent: AgentEntity, baseUrl: string): AgentCardJson {
  const url = `${baseUrl}${a2aPathOf(agent.id)}`;
  const secured = !agent.publicAccess;
  const interfaces = ['1.0', '0.3'].flatMap((protocolVersion) => [
    { url, protocolBinding: 'JSONRPC', protocolVersion },
    { url: `${url}/rest`, protocolBinding: 'HTTP+JSON', protocolVersion },
  ]);
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
