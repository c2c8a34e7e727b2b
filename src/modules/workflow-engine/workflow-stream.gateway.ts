import { Injectable } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { WebSocket } from 'ws';
import { isUuid } from '@libs/contracts';
import { RequestAuthenticator } from 'src/core/auth/request-authenticator';
import { documentRawRoutes } from 'src/core/openapi';
import { WebSocketEndpoint } from 'src/core/websocket-endpoint';
import { RunEventStreamService, type RunEventFeed } from 'src/modules/workflow-engine/run-event-stream.service';

export const WORKFLOW_STREAM_PATH = '/api/workflows/live';
const MAX_SUBSCRIPTIONS = 100;

documentRawRoutes({
  [WORKFLOW_STREAM_PATH]: {
    get: {
      tags: ['workflows'],
      operationId: 'streamWorkflowRuns',
      summary:
        'WebSocket: live run events. Upgrade with a Bearer token or ?token=, then send {"subscribe":{"runId","after"?}}; each event carries its seq',
      parameters: [
        {
          name: 'runId',
          in: 'query',
          required: false,
          schema: { type: 'string', format: 'uuid' },
          description: 'Subscribe to this run at once',
        },
        { name: 'after', in: 'query', required: false, schema: { type: 'integer' }, description: 'Replay events after this seq first' },
        { name: 'token', in: 'query', required: false, schema: { type: 'string' }, description: 'Access token or API key' },
      ],
      responses: {
        '101': {
          description: 'Switching protocols; then one JSON message per event: {runId, seq, type, stepPath, attempt, data, createdAt}',
        },
      },
      security: [{ bearer: [] }, { apiKey: [] }],
    },
  },
});

/**
 * WebSocket stream of workflow runs: a client subscribes to runs (optionally after a seq it already has) and gets
 * the journal's events in order, replayed then live, with none missed or repeated across the switch.
 */
@Injectable()
export class WorkflowStreamGateway extends WebSocketEndpoint {
  constructor(
    adapterHost: HttpAdapterHost,
    authenticator: RequestAuthenticator,
    private readonly stream: RunEventStreamService,
  ) {
    super(WORKFLOW_STREAM_PATH, 'workflows:read', adapterHost, authenticator, 16 * 1024);
  }

  protected serve(ws: WebSocket, url: URL): void {
    const feeds = new Map<string, RunEventFeed>();
    const reply = (message: unknown) => ws.readyState === ws.OPEN && ws.send(JSON.stringify(message));
    const subscribe = async (runId: unknown, after: unknown) => {
      if (!isUuid(runId))
        return reply({ error: { code: 'INVALID_COMMAND', message: 'Expected {"subscribe":{"runId":uuid,"after"?:int}}' } });
      if (feeds.has(runId)) return reply({ ok: true, runs: [...feeds.keys()] });
      if (feeds.size >= MAX_SUBSCRIPTIONS)
        return reply({ error: { code: 'TOO_MANY_SUBSCRIPTIONS', message: `At most ${MAX_SUBSCRIPTIONS}` } });
      const from = Number.isInteger(after) && (after as number) > 0 ? (after as number) : 0;
      try {
        const feed = await this.stream.open(
          runId,
          from,
          (event) => reply({ runId, ...event }),
          () => reply({ runId, ended: true }),
        );
        feeds.set(runId, feed);
      } catch (error) {
        reply({ error: { code: (error as { code?: string }).code ?? 'STREAM_FAILED', message: (error as Error).message, runId } });
      }
    };
    ws.on('message', (data) => {
      let command: { subscribe?: { runId?: unknown; after?: unknown }; unsubscribe?: { runId?: unknown } };
      try {
        command = JSON.parse(String(data));
      } catch {
        return reply({ error: { code: 'INVALID_JSON', message: 'Send JSON: {"subscribe":{"runId":"..."}}' } });
      }
      if (command?.unsubscribe) {
        const runId = String(command.unsubscribe.runId);
        feeds.get(runId)?.close();
        feeds.delete(runId);
        return reply({ ok: true, runs: [...feeds.keys()] });
      }
      void subscribe(command?.subscribe?.runId, command?.subscribe?.after);
    });
    ws.on('close', () => {
      for (const feed of feeds.values()) feed.close();
    });
    const initial = url.searchParams.get('runId');
    if (initial) void subscribe(initial, Number(url.searchParams.get('after') ?? 0));
  }
}
