import type { AgentCardJson } from 'src/modules/agents/agent-card.builder';
import type { AgentEntity } from 'src/modules/agents/entities/agent.entity';

/** What authenticated clients also learn: which tools, knowledge and databases the agent can use. */
export function extendedCard(agent: AgentEntity, card: AgentCardJson): AgentCardJson {
  const extra = [
    ...agent.tools.map((tool) => ({
      id: `tool-${tool}`.slice(0, 100),
      name: `Tool ${tool}`,
      description: `Can call tool ${tool}`,
      tags: ['tool'],
    })),
    ...agent.knowledge.map((c) => ({
      id: `knowledge-${c}`.slice(0, 100),
      name: `Knowledge ${c}`,
      description: `Answers from collection ${c}`,
      tags: ['knowledge'],
    })),
    ...(agent.sqlConnections.length
      ? [{ id: 'sql', name: 'SQL', description: `Queries ${agent.sqlConnections.length} database(s)`, tags: ['sql'] }]
      : []),
  ];
  return { ...card, skills: [...card.skills, ...extra] };
}
