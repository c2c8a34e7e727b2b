/**
 * Templates every platform ships with. `${name}` stands for a parameter: a whole-string placeholder takes the
 * parameter's value (any JSON), one inside a longer string is replaced by its text, and `${name:json}` by its JSON
 * (so a list can become a JSONata literal).
 */
export interface BuiltinTemplate {
  name: string;
  description: string;
  parameters: Record<string, unknown>;
  definition: Record<string, unknown>;
}

const agentParam = (description: string) => ({ type: 'string', format: 'uuid', description });

export const BUILTIN_TEMPLATES: BuiltinTemplate[] = [
  {
    name: 'research-and-summarise',
    description: 'Search a knowledge collection for the question, then have an agent answer from the passages, citing them.',
    parameters: {
      type: 'object',
      required: ['collection', 'agentId'],
      properties: {
        collection: { type: 'string', description: 'Collection to search (id or name)' },
        agentId: agentParam('Agent that writes the answer'),
        k: { type: 'integer', minimum: 1, maximum: 20, default: 5 },
      },
    },
    definition: {
      inputSchema: { type: 'object', required: ['question'], properties: { question: { type: 'string', minLength: 1 } } },
      steps: [
        { id: 'search', kind: 'knowledge', collection: '${collection}', query: '=input.question', k: '${k}' },
        {
          id: 'answer',
          kind: 'agent',
          needs: ['search'],
          agent: { agentId: '${agentId}' },
          message:
            'Answer the question from these passages only, citing them as [n].\nQuestion: {{ input.question }}\nPassages:\n{{ $join($map(steps.search.output.results, function($r, $i) { "[" & ($i + 1) & "] " & $r.text }), "\\n") }}',
        },
      ],
      output:
        '{ "answer": steps.answer.output.text, "sources": steps.search.output.results.{ "documentId": documentId, "filename": filename } }',
    },
  },
  {
    name: 'sql-report',
    description: 'Run a read-only SQL query, then have an agent write a short report of the rows.',
    parameters: {
      type: 'object',
      required: ['connectionId', 'sql', 'agentId'],
      properties: {
        connectionId: { type: 'string', format: 'uuid' },
        sql: { type: 'string', description: 'One SELECT; use $1 / ? placeholders for input.params' },
        agentId: agentParam('Agent that writes the report'),
      },
    },
    definition: {
      steps: [
        { id: 'query', kind: 'sql', connectionId: '${connectionId}', sql: '${sql}', params: '=input.params ? input.params : []' },
        {
          id: 'report',
          kind: 'agent',
          needs: ['query'],
          agent: { agentId: '${agentId}' },
          message: 'Write a short report (3-6 sentences) of these query results:\n{{ $string(steps.query.output.rows) }}',
        },
      ],
      output: '{ "report": steps.report.output.text, "rows": steps.query.output.rowCount, "truncated": steps.query.output.truncated }',
    },
  },
  {
    name: 'draft-critique-revise',
    description: 'One agent drafts, a second critiques, the first revises with the critique in hand.',
    parameters: {
      type: 'object',
      required: ['writerAgentId', 'criticAgentId'],
      properties: { writerAgentId: agentParam('Agent that drafts and revises'), criticAgentId: agentParam('Agent that critiques') },
    },
    definition: {
      inputSchema: { type: 'object', required: ['task'], properties: { task: { type: 'string', minLength: 1 } } },
      steps: [
        { id: 'draft', kind: 'agent', agent: { agentId: '${writerAgentId}' }, message: '=input.task' },
        {
          id: 'critique',
          kind: 'agent',
          needs: ['draft'],
          agent: { agentId: '${criticAgentId}' },
          message: 'Critique this draft for the task "{{ input.task }}". List concrete problems.\n\n{{ steps.draft.output.text }}',
        },
        {
          id: 'revise',
          kind: 'agent',
          needs: ['draft', 'critique'],
          agent: { agentId: '${writerAgentId}' },
          message:
            'Revise your draft for "{{ input.task }}" using this critique.\nDraft:\n{{ steps.draft.output.text }}\nCritique:\n{{ steps.critique.output.text }}',
        },
      ],
      output: '{ "final": steps.revise.output.text, "draft": steps.draft.output.text, "critique": steps.critique.output.text }',
    },
  },
  {
    name: 'answer-questions-from-knowledge',
    description: 'For each question in the input, search the collection and have an agent answer it (fan-out with a concurrency limit).',
    parameters: {
      type: 'object',
      required: ['collection', 'agentId'],
      properties: {
        collection: { type: 'string' },
        agentId: agentParam('Agent that answers'),
        concurrency: { type: 'integer', minimum: 1, maximum: 20, default: 4 },
      },
    },
    definition: {
      inputSchema: {
        type: 'object',
        required: ['questions'],
        properties: { questions: { type: 'array', items: { type: 'string' }, maxItems: 200 } },
      },
      steps: [
        {
          id: 'passages',
          kind: 'map',
          over: 'input.questions',
          concurrency: '${concurrency}',
          step: { kind: 'knowledge', collection: '${collection}', query: '=item', k: 4 },
        },
        {
          id: 'answers',
          kind: 'map',
          needs: ['passages'],
          over: '$zip(input.questions, steps.passages.output)',
          concurrency: '${concurrency}',
          step: {
            kind: 'agent',
            agent: { agentId: '${agentId}' },
            message: 'Answer from the passages only.\nQuestion: {{ item[0] }}\nPassages:\n{{ $join(item[1].results.text, "\\n---\\n") }}',
          },
        },
      ],
      output: '$map(input.questions, function($q, $i) { { "question": $q, "answer": steps.answers.output[$i].text } })',
    },
  },
  {
    name: 'fan-out-and-merge',
    description: 'Send the same task to the best agent for each capability in parallel, then have a merging agent combine the answers.',
    parameters: {
      type: 'object',
      required: ['capabilities', 'mergeAgentId'],
      properties: {
        capabilities: { type: 'array', items: { type: 'string' }, minItems: 1, maxItems: 10 },
        mergeAgentId: agentParam('Agent that merges the answers'),
      },
    },
    definition: {
      inputSchema: { type: 'object', required: ['task'], properties: { task: { type: 'string', minLength: 1 } } },
      steps: [
        {
          id: 'experts',
          kind: 'map',
          over: '${capabilities:json}',
          concurrency: 10,
          step: { kind: 'agent', agent: { capability: '=item' }, message: '=input.task' },
        },
        {
          id: 'merge',
          kind: 'agent',
          needs: ['experts'],
          agent: { agentId: '${mergeAgentId}' },
          message:
            'Task: {{ input.task }}\nMerge these answers into one, noting disagreements:\n{{ $join(steps.experts.output.text, "\\n---\\n") }}',
        },
      ],
      output: '{ "answer": steps.merge.output.text, "contributions": steps.experts.output }',
    },
  },
];
