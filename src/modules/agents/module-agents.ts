import type { ModuleAgentRole } from 'src/modules/agents/brains/module-agent.brain';

/** The knowledge agent's skill for one collection (ids stay within the skill id pattern). */
export const KNOWLEDGE_SKILL_PREFIX = 'kb.';

/** The knowledge agent's skills: asking in general, then one per collection, so routing and clients can pick one. */
export function knowledgeSkills(
  collections: Array<{ name: string; description: string | null }>,
): Array<{ id: string; name: string; description: string; tags: string[] }> {
  const base = MODULE_AGENTS.find((spec) => spec.role === 'knowledge')!.skill;
  return [
    { ...base, tags: [...base.tags, MODULE_AGENT_TAG] },
    ...collections.slice(0, 49).map((collection) => ({
      id: `${KNOWLEDGE_SKILL_PREFIX}${collection.name}`.slice(0, 100),
      name: `Ask ${collection.name}`.slice(0, 200),
      description: (collection.description || `Answers from the documents of collection ${collection.name}, citing them`).slice(0, 2000),
      tags: ['knowledge', 'rag', collection.name.slice(0, 50), MODULE_AGENT_TAG],
    })),
  ];
}

/** Every module agent is tagged so: cards, discovery and the orchestrator's router can tell them apart. */
export const MODULE_AGENT_TAG = 'module-agent';

/** The seed's protocol roles, one A2A agent each (created at start; their brains work over the bus). */
export const MODULE_AGENTS: Array<{
  name: string;
  role: ModuleAgentRole;
  description: string;
  skill: { id: string; name: string; description: string; tags: string[] };
}> = [
  {
    name: 'knowledge-agent',
    role: 'knowledge',
    description: 'Knowledge provider (rag module): a question in, cited passages out. JSON: {"collection","question","k"}.',
    skill: {
      id: 'ask-knowledge',
      name: 'Ask the knowledge base',
      description: 'Answer a question from indexed documents, citing sources',
      tags: ['knowledge', 'rag', 'qa'],
    },
  },
  {
    name: 'database-agent',
    role: 'database',
    description:
      'Database query agent (sqltool module): SQL in, rows out; or a question answered through NL→SQL. JSON: {"connectionId","sql"|"question"}.',
    skill: {
      id: 'query-database',
      name: 'Query a database',
      description: 'Run read-only SQL or answer a data question with NL→SQL',
      tags: ['sql', 'database', 'data'],
    },
  },
  {
    name: 'tools-agent',
    role: 'toolbox',
    description: 'Tool provider (tools module): JSON {"tool","arguments"} in, the tool result out (built-in and MCP tools).',
    skill: {
      id: 'call-tool',
      name: 'Call a tool',
      description: 'Run a built-in or MCP tool by name with arguments',
      tags: ['tools', 'mcp'],
    },
  },
  {
    name: 'workflow-coordinator',
    role: 'coordinator',
    description: 'Workflow coordinator (workflow engine): JSON {"workflow","input"} in, the run and its output out.',
    skill: {
      id: 'run-workflow',
      name: 'Run a workflow',
      description: 'Run a workflow by id or name and answer with its output',
      tags: ['workflows', 'coordination'],
    },
  },
  {
    name: 'monitor-agent',
    role: 'monitor',
    description:
      'Monitor (observability): the health of every module, the last hour of traffic, agent runs, tokens, cost and firing alerts.',
    skill: {
      id: 'platform-health',
      name: 'Platform health',
      description: 'Report the health of every module',
      tags: ['monitoring', 'health'],
    },
  },
];
