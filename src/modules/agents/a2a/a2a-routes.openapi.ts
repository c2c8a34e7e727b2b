import { documentRawRoutes } from 'src/core/openapi';

const agentIdParam = { name: 'agentId', in: 'path' as const, required: true, schema: { type: 'string' as const, format: 'uuid' } };
const a2aSecurity: Array<Record<string, string[]>> = [{ bearer: [] }, { apiKey: [] }];
/** The A2A routes sit straight on Fastify (see A2aMount), so Nest's swagger scan cannot see them: describe them here. */
export function documentA2aRoutes(): void {
  documentRawRoutes({
    '/a2a/agents/{agentId}': {
      get: {
        tags: ['a2a'],
        operationId: 'a2aEndpointCard',
        summary: "The agent's card at its endpoint URL, where A2A 0.3 clients look (the 0.3 form; send A2A-Version: 1.0 for the 1.0 card)",
        parameters: [
          agentIdParam,
          { name: 'A2A-Version', in: 'header', required: false, schema: { type: 'string', enum: ['1.0', '0.3'] } },
        ],
        responses: { '200': { description: 'AgentCard', content: { 'application/json': { schema: { type: 'object' } } } } },
        security: [{}, ...a2aSecurity],
      },
      post: {
        tags: ['a2a'],
        operationId: 'a2aJsonRpc',
        summary:
          'A2A JSON-RPC 2.0 endpoint of one agent: SendMessage, SendStreamingMessage (SSE), GetTask, ListTasks, CancelTask, SubscribeToTask, push configs, GetExtendedAgentCard; A2A-Version: 1.0 (absent = 0.3: message/send, tasks/get, ...)',
        parameters: [
          agentIdParam,
          { name: 'A2A-Version', in: 'header', required: false, schema: { type: 'string', enum: ['1.0', '0.3'] } },
        ],
        requestBody: {
          required: true,
          content: {
            'application/json': {
              schema: {
                type: 'object',
                required: ['jsonrpc', 'method'],
                properties: {
                  jsonrpc: { type: 'string', enum: ['2.0'] },
                  id: { oneOf: [{ type: 'string' }, { type: 'integer' }] },
                  method: { type: 'string' },
                  params: { type: 'object' },
                },
              },
            },
          },
        },
        responses: {
          '200': {
            description:
              'JSON-RPC response (or text/event-stream for streaming methods); errors use the A2A codes (-32001 task not found, ...)',
            content: { 'application/json': { schema: { type: 'object' } }, 'text/event-stream': { schema: { type: 'string' } } },
          },
          '401': { description: 'The agent is not public and no valid credential was given' },
        },
        security: a2aSecurity,
      },
    },
    '/a2a/agents/{agentId}/.well-known/agent-card.json': {
      get: {
        tags: ['a2a'],
        operationId: 'getAgentCard',
        summary: "An agent's A2A card (1.0 form with A2A-Version: 1.0; 0.3-compatible form otherwise)",
        parameters: [agentIdParam],
        responses: { '200': { description: 'Agent card', content: { 'application/json': { schema: { type: 'object' } } } } },
      },
    },
    '/a2a/agents/{agentId}/rest/{operation}': {
      post: {
        tags: ['a2a'],
        operationId: 'a2aHttpJson',
        summary:
          'A2A HTTP+JSON binding of one agent: message:send, message:stream, tasks/{id}:cancel, tasks/{id}/pushNotificationConfigs, ... (GET tasks, tasks/{id}, extendedAgentCard)',
        parameters: [agentIdParam, { name: 'operation', in: 'path', required: true, schema: { type: 'string' }, example: 'message:send' }],
        requestBody: { required: false, content: { 'application/json': { schema: { type: 'object' } } } },
        responses: {
          '200': { description: 'A2A object (AIP-193 errors)', content: { 'application/json': { schema: { type: 'object' } } } },
        },
        security: a2aSecurity,
      },
    },
  });
}
