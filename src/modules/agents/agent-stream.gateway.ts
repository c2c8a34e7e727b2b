import { Injectable } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { WebSocket } from 'ws';
import { RequestAuthenticator } from 'src/core/auth/request-authenticator';
import { documentRawRoutes } from 'src/core/openapi';
import { WebSocketEndpoint } from 'src/core/websocket-endpoint';
import { LiveAgentEvents, type LiveAgentEvent } from './a2a/live-agent-events';

export const STREAM_PATH = '/a2a/message/stream';
const MAX_SUBSCRIPTIONS = 100;

documentRawRoutes({
  [STREAM_PATH]: {
    get: {
      tags: ['a2a'],
      operationId: 'streamA2aMessages',
      summary: 'WebSocket: live agent messages. Upgrade with a Bearer token or ?token=, then send {"subscribe":{"agentId"|"taskId"}}',
      parameters: [
        { name: 'agentId', in: 'query', required: false, schema: { type: 'string' }, description: 'Subscribe to this agent at once' },
        { name: 'taskId', in: 'query', required: false, schema: { type: 'string' }, description: 'Subscribe to this task at once' },
        {
          name: 'token',
          in: 'query',
          required: false,
          schema: { type: 'string' },
          description: 'Access token or API key (browsers cannot set headers)',
        },
      ],
      responses: {
        '101': {
          description: 'Switching protocols; then one JSON message per event: {agentId, taskId, contextId, kind, text?, state?, at}',
        },
      },
      security: [{ bearer: [] }, { apiKey: [] }],
    },
  },
});

/**
 * WebSocket stream of agent messages (GET /a2a/message/stream): a client subscribes to agents or tasks and
 * receives their status changes and streamed text as they happen. Authenticated at upgrade time.
 */
@Injectable()
export class AgentStreamGateway extends WebSocketEndpoint {
  constructor(
    adapterHost: HttpAdapterHost,
    authenticator: RequestAuthenticator,
    private readonly live: LiveAgentEvents,
  ) {
    super(STREAM_PATH, 'agents:read', adapterHost, authenticator, 64 * 1024);
  }

  protected serve(ws: WebSocket, url: URL): void {
    const agents = new Set<string>();
    const tasks = new Set<string>();
    const initialAgent = url.searchParams.get('agentId');
    const initialTask = url.searchParams.get('taskId');
    if (initialAgent) agents.add(initialAgent);
    if (initialTask) tasks.add(initialTask);
    const unsubscribe = this.live.subscribe((event: LiveAgentEvent) => {
      if ((agents.has(event.agentId) || tasks.has(event.taskId)) && ws.readyState === ws.OPEN) ws.send(JSON.stringify(event));
    });
    ws.on('message', (data) => {
      let command: { subscribe?: { agentId?: string; taskId?: string }; unsubscribe?: { agentId?: string; taskId?: string } };
      try {
        command = JSON.parse(String(data));
      } catch {
        ws.send(JSON.stringify({ error: { code: 'INVALID_JSON', message: 'Send JSON: {"subscribe":{"agentId":"..."}}' } }));
        return;
      }
      const target = command?.subscribe ?? command?.unsubscribe;
      if (!target || typeof target !== 'object' || (typeof target.agentId !== 'string' && typeof target.taskId !== 'string')) {
        ws.send(
          JSON.stringify({
            error: { code: 'INVALID_COMMAND', message: 'Expected {"subscribe"|"unsubscribe":{"agentId"|"taskId":string}}' },
          }),
        );
        return;
      }
      const add = Boolean(command.subscribe);
      if (add && agents.size + tasks.size >= MAX_SUBSCRIPTIONS) {
        ws.send(JSON.stringify({ error: { code: 'TOO_MANY_SUBSCRIPTIONS', message: `At most ${MAX_SUBSCRIPTIONS}` } }));
        return;
      }
      const change = (set: Set<string>, id: unknown) => {
        if (typeof id !== 'string') return;
        if (add) set.add(id);
        else set.delete(id);
      };
      change(agents, target.agentId);
      change(tasks, target.taskId);
      ws.send(JSON.stringify({ ok: true, agents: [...agents], tasks: [...tasks] }));
    });
    ws.on('close', unsubscribe);
    ws.send(JSON.stringify({ ok: true, agents: [...agents], tasks: [...tasks] }));
  }
}
