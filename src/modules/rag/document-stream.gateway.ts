import { Injectable } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { WebSocket } from 'ws';
import { Bus } from '@libs/bus';
import { isUuid } from '@libs/contracts';
import { RequestAuthenticator } from 'src/core/auth/request-authenticator';
import { documentRawRoutes } from 'src/core/openapi';
import { WebSocketEndpoint } from 'src/core/websocket-endpoint';
import { CollectionsService } from 'src/modules/rag/collections.service';
import { DocumentEventsService } from 'src/modules/rag/document-events.service';

export const DOCUMENT_STREAM_PATH = '/api/documents/live';
const MAX_SUBSCRIPTIONS = 100;

documentRawRoutes({
  [DOCUMENT_STREAM_PATH]: {
    get: {
      tags: ['documents'],
      operationId: 'streamDocumentStatus',
      summary:
        'WebSocket: ingestion progress. Upgrade with a Bearer token or ?token=, then send {"subscribe":{"documentId"}} or {"subscribe":{"collection"}} (id or name)',
      parameters: [
        {
          name: 'documentId',
          in: 'query',
          required: false,
          schema: { type: 'string', format: 'uuid' },
          description: 'Follow this document at once',
        },
        {
          name: 'collection',
          in: 'query',
          required: false,
          schema: { type: 'string' },
          description: 'Follow every document of this collection at once',
        },
        { name: 'token', in: 'query', required: false, schema: { type: 'string' }, description: 'Access token or API key' },
      ],
      responses: {
        '101': {
          description:
            'Switching protocols; then one JSON message per status change: {documentId, collectionId?, status, progress, errorCode?}; ' +
            'a followed document ends with {documentId, ended: true} once it is indexed or failed',
        },
      },
      security: [{ bearer: [] }, { apiKey: [] }],
    },
  },
});

/**
 * Ingestion progress over a WebSocket, the same events as GET /api/documents/:id/events (SSE) but many documents,
 * or a whole collection's uploads, on one connection.
 */
@Injectable()
export class DocumentStreamGateway extends WebSocketEndpoint {
  constructor(
    adapterHost: HttpAdapterHost,
    authenticator: RequestAuthenticator,
    private readonly events: DocumentEventsService,
    private readonly collections: CollectionsService,
    private readonly bus: Bus,
  ) {
    super(DOCUMENT_STREAM_PATH, 'rag:read', adapterHost, authenticator, 16 * 1024);
  }

  protected serve(ws: WebSocket, url: URL): void {
    const stops = new Map<string, () => void>();
    const reply = (message: unknown) => ws.readyState === ws.OPEN && ws.send(JSON.stringify(message));
    const failure = (error: unknown, about: Record<string, string>) =>
      reply({ error: { code: (error as { code?: string }).code ?? 'STREAM_FAILED', message: (error as Error).message, ...about } });
    const subscriptions = () => reply({ ok: true, subscriptions: [...stops.keys()] });

    const followDocument = async (documentId: string) => {
      const feed = await this.events.follow(documentId);
      reply(feed.current);
      if (feed.finished) return void reply({ documentId, ended: true });
      stops.set(
        `document:${documentId}`,
        feed.listen(reply, () => {
          stops.delete(`document:${documentId}`);
          reply({ documentId, ended: true });
        }),
      );
    };
    const followCollection = async (name: string) => {
      const collection = await this.collections.get(name);
      const key = `collection:${collection.id}`;
      if (stops.has(key)) return subscriptions();
      stops.set(
        key,
        this.bus.subscribe('rag.document.status', (event) => {
          if (event.collectionId === collection.id) reply(event);
        }),
      );
      subscriptions();
    };
    const subscribe = async (command: { documentId?: unknown; collection?: unknown }) => {
      if (stops.size >= MAX_SUBSCRIPTIONS)
        return reply({ error: { code: 'TOO_MANY_SUBSCRIPTIONS', message: `At most ${MAX_SUBSCRIPTIONS}` } });
      if (isUuid(command.documentId)) {
        if (stops.has(`document:${command.documentId}`)) return subscriptions();
        return followDocument(command.documentId).catch((error) => failure(error, { documentId: command.documentId as string }));
      }
      if (typeof command.collection === 'string' && command.collection.length > 0 && command.collection.length <= 100)
        return followCollection(command.collection).catch((error) => failure(error, { collection: command.collection as string }));
      reply({
        error: {
          code: 'INVALID_COMMAND',
          message: 'Expected {"subscribe":{"documentId":uuid}} or {"subscribe":{"collection":"id or name"}}',
        },
      });
    };

    ws.on('message', (data) => {
      let command: { subscribe?: Record<string, unknown>; unsubscribe?: { documentId?: unknown; collectionId?: unknown } };
      try {
        command = JSON.parse(String(data));
      } catch {
        return reply({ error: { code: 'INVALID_JSON', message: 'Send JSON: {"subscribe":{"documentId":"..."}}' } });
      }
      if (command?.unsubscribe) {
        const key = command.unsubscribe.documentId
          ? `document:${String(command.unsubscribe.documentId)}`
          : `collection:${String(command.unsubscribe.collectionId)}`;
        stops.get(key)?.();
        stops.delete(key);
        return subscriptions();
      }
      void subscribe(command?.subscribe ?? {});
    });
    ws.on('close', () => {
      for (const stop of stops.values()) stop();
    });
    const documentId = url.searchParams.get('documentId');
    const collection = url.searchParams.get('collection');
    if (documentId) void subscribe({ documentId });
    if (collection) void subscribe({ collection });
  }
}
