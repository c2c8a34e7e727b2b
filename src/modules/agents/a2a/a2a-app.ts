import { AgentCard } from '@a2a-js/sdk';
import { UnauthenticatedUser, type DefaultRequestHandler, type User } from '@a2a-js/sdk/server';
import { agentCardHandler, jsonRpcHandler, restHandler } from '@a2a-js/sdk/server/express';
import express from 'express';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { jsonRpcError, JsonRpcErrorCode } from '@libs/contracts';

/** The raw request as the mount hands it over: the caller, already authenticated, rides on it. */
export type A2aRawRequest = IncomingMessage & { a2aUser?: User; _body?: boolean; body?: unknown };

/**
 * The SDK's transports for one agent, as an Express app mounted under /a2a/agents/:id: card, HTTP+JSON at
 * /rest and JSON-RPC at /, each also in its 0.3 form for clients that send no A2A-Version.
 */
export function a2aAppFor(handler: DefaultRequestHandler): express.Express {
  const userBuilder = async (req: unknown) => (req as A2aRawRequest).a2aUser ?? new UnauthenticatedUser();
  const legacyCompat = { enabled: true };
  const app = express();
  app.disable('x-powered-by');
  app.use('/.well-known/agent-card.json', agentCardHandler({ agentCardProvider: handler, legacyCompat, cache: { maxAge: 60 } }));
  app.use('/rest', restHandler({ requestHandler: handler, userBuilder, legacyCompat }));
  app.post('/', refuseBatches);
  app.use('/', jsonRpcHandler({ requestHandler: handler, userBuilder, legacyCompat }));
  return app;
}

const parseJson = express.json({ limit: '1mb' });

/** A2A has no JSON-RPC batches: answer one -32600 for the whole array (JSON-RPC 2.0 section 6), parse errors -32700. */
function refuseBatches(req: express.Request, res: express.Response, next: express.NextFunction): void {
  parseJson(req, res, (error?: unknown) => {
    if (error) {
      res.status(200).json(jsonRpcError(null, JsonRpcErrorCode.PARSE_ERROR, 'Invalid JSON payload.'));
      return;
    }
    if (Array.isArray(req.body)) {
      res.status(200).json(jsonRpcError(null, JsonRpcErrorCode.INVALID_REQUEST, 'Batch requests are not supported by A2A'));
      return;
    }
    next();
  });
}

/**
 * Serves a card that is not an agent's own (the platform's) through the SDK's card handler, so it is negotiated by
 * A2A-Version exactly like agent cards: the 0.3 form when the header is absent or 0.3, the 1.0 card otherwise.
 */
export function serveCard(card: Record<string, unknown>, request: IncomingMessage, response: ServerResponse): void {
  const app = express();
  app.disable('x-powered-by');
  app.use(
    agentCardHandler({ agentCardProvider: async () => AgentCard.fromJSON(card), legacyCompat: { enabled: true }, cache: { maxAge: 60 } }),
  );
  request.url = '/';
  app(request as never, response as never);
}
