import { Injectable, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { ContentTypeNotSupportedError, toRestErrorBody } from '@a2a-js/sdk/errors';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ServerResponse } from 'node:http';
import { AgentsService } from 'src/modules/agents/agents.service';
import { A2aAccess } from 'src/modules/agents/a2a/a2a-access';
import type { A2aRawRequest } from 'src/modules/agents/a2a/a2a-app';
import { documentA2aRoutes } from 'src/modules/agents/a2a/a2a-routes.openapi';
import { A2aServerCache } from 'src/modules/agents/a2a/a2a-server-cache';
import { a2aUserOf } from 'src/modules/agents/a2a/platform-user';

documentA2aRoutes();

/** Where an agent's card is served in its 0.3 form to clients that cannot send an A2A-Version header. */
const LEGACY_CARD_PREFIX = '/v0.3/.well-known';

/**
 * Mounts every agent's A2A server: A2A 1.0 JSON-RPC at /a2a/agents/:id, HTTP+JSON at /a2a/agents/:id/rest, and
 * its card at /a2a/agents/:id/.well-known/agent-card.json, behind the platform's auth gate. Those routes sit
 * straight on Fastify (not Nest controllers) so the SDK sees the request body untouched and answers malformed
 * JSON with the spec's errors.
 */
@Injectable()
export class A2aMount implements OnModuleInit {
  constructor(
    private readonly adapterHost: HttpAdapterHost,
    private readonly access: A2aAccess,
    private readonly agents: AgentsService,
    private readonly servers: A2aServerCache,
  ) {}

  onModuleInit(): void {
    const fastify = this.adapterHost.httpAdapter.getInstance<FastifyInstance>();
    void fastify.register(async (scope) => {
      // Leave bodies unread: the SDK's transports parse them and answer bad JSON with -32700 / 400.
      scope.removeAllContentTypeParsers();
      scope.addContentTypeParser('*', (_request, _payload, done) => done(null, undefined));
      const handle = (request: FastifyRequest, reply: FastifyReply) => this.dispatch(request, reply);
      scope.post('/a2a/agents/:agentId', handle);
      scope.get('/a2a/agents/:agentId', handle);
      scope.all('/a2a/agents/:agentId/*', handle);
    });
  }

  private async dispatch(request: FastifyRequest, reply: FastifyReply): Promise<void> {
    const { agentId } = request.params as { agentId: string };
    const prefix = `/a2a/agents/${agentId}`;
    let rest = request.url.slice(request.url.indexOf(prefix) + prefix.length) || '/';
    // A 0.3 card's `url` is the JSON-RPC endpoint; 0.3 clients GET it for the card, so that answers the 0.3 form.
    const endpointCard = request.method === 'GET' && (rest === '/' || rest.startsWith('/?'));
    const legacyCard = endpointCard || (request.method === 'GET' && rest.startsWith(LEGACY_CARD_PREFIX));
    if (endpointCard) rest = '/.well-known/agent-card.json';
    else if (legacyCard) rest = rest.slice(LEGACY_CARD_PREFIX.length - '/.well-known'.length);
    const agent = await this.servers.agent(agentId);
    if (!agent) return refuse(reply, { status: 404, code: 'AGENT_NOT_FOUND', message: `Agent ${agentId.slice(0, 100)} not found` });
    const isCard = request.method === 'GET' && rest.startsWith('/.well-known/agent-card.json');
    const gate = await this.access.authorize(request.headers, agent, isCard);
    if ('refusal' in gate) return refuse(reply, gate.refusal);
    const isRest = rest.startsWith('/rest/');
    if (isRest && request.method === 'POST' && !/^application\/(json|a2a\+json)\b/i.test(request.headers['content-type'] ?? '')) {
      void reply
        .status(415)
        .type('application/json')
        .send(toRestErrorBody(new ContentTypeNotSupportedError('Content-Type must be application/json'), 415));
      return;
    }
    const server = this.servers.serverFor(agent, this.agents.baseUrlOf(request));
    const raw = request.raw as A2aRawRequest;
    if (isCard) {
      reply.raw.setHeader('last-modified', agent.updatedAt.toUTCString());
      // Agent paths are the platform's own A2A 1.0 URLs: a card asked for without A2A-Version is the 1.0 card (what
      // the A2A TCK checks, CARD-STRUCT-001). 0.3 clients send A2A-Version: 0.3 or read <agent>/v0.3/.well-known/...
      if (endpointCard) raw.headers['a2a-version'] ??= '0.3';
      else if (legacyCard) raw.headers['a2a-version'] = '0.3';
      else raw.headers['a2a-version'] ??= '1.0';
    }
    // The HTTP+JSON binding answers application/json (A2A 1.0 section 11.1); the SDK labels it application/a2a+json.
    if (isRest) relabelJson(reply.raw);
    raw.a2aUser = a2aUserOf(gate.principal);
    raw.url = rest;
    reply.hijack();
    server.app(raw as never, reply.raw as never);
  }
}

function refuse(reply: FastifyReply, { status, code, message }: { status: number; code: string; message: string }): void {
  if (status === 401) reply.header('www-authenticate', 'Bearer');
  void reply.status(status).type('application/problem+json').send({ type: 'about:blank', title: message, status, code, detail: message });
}

function relabelJson(response: ServerResponse): void {
  const setHeader = response.setHeader.bind(response);
  response.setHeader = (name: string, value: number | string | readonly string[]) =>
    setHeader(
      name,
      name.toLowerCase() === 'content-type' && typeof value === 'string'
        ? value.replace('application/a2a+json', 'application/json')
        : value,
    );
}
