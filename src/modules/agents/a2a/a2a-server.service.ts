import { Inject, Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { InjectRepository } from '@nestjs/typeorm';
import { AgentCard } from '@a2a-js/sdk';
import { ContentTypeNotSupportedError, PushNotificationNotSupportedError, toRestErrorBody } from '@a2a-js/sdk/errors';
import {
  DefaultExecutionEventBusManager,
  DefaultRequestHandler,
  ServerCallContext,
  UnauthenticatedUser,
  type AgentExecutor,
  type User,
} from '@a2a-js/sdk/server';
import { agentCardHandler, jsonRpcHandler, restHandler } from '@a2a-js/sdk/server/express';
import express from 'express';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Repository } from 'typeorm';
import { Bus } from '@libs/bus';
import type { Env } from '@libs/config';
import type { BusPrincipal } from '@libs/contracts';
import { assertPublicUrl } from '@libs/net';
import { can, type Principal } from 'src/core/auth/permissions';
import { RequestAuthenticator } from 'src/core/auth/request-authenticator';
import { ENV } from 'src/core/env.token';
import { documentRawRoutes } from 'src/core/openapi';
import { AgentExecutionEntity } from 'src/modules/agents/agent-execution.entity';
import { buildAgentCard, type AgentCardJson } from 'src/modules/agents/agent-card.builder';
import type { AgentEntity } from 'src/modules/agents/agent.entity';
import { AgentsService } from 'src/modules/agents/agents.service';
import type { AgentBrain } from 'src/modules/agents/brains/brain';
import { EchoBrain } from 'src/modules/agents/brains/echo.brain';
import { LangChainBrain } from 'src/modules/agents/brains/langchain.brain';
import { LlamaIndexBrain } from 'src/modules/agents/brains/llamaindex.brain';
import { LlmBrain } from 'src/modules/agents/brains/llm.brain';
import { RemoteBrain } from 'src/modules/agents/brains/remote.brain';
import { ModelProvidersService } from 'src/modules/agents/providers/model-providers.service';
import { A2aPushConfigEntity, A2aTaskEntity } from './a2a-task.entity';
import { ConformanceExecutor } from './conformance.executor';
import { DbPushStore } from './db-push-store';
import { AgentTaskStore, DbTaskStore } from './db-task-store';
import { PlatformAgentExecutor } from './platform-agent.executor';
import { SignedPushSender, type PushDelivery } from './push-sender';
import { LiveAgentEvents } from './live-agent-events';

const agentIdParam = { name: 'agentId', in: 'path' as const, required: true, schema: { type: 'string' as const, format: 'uuid' } };
const a2aSecurity: Array<Record<string, string[]>> = [{ bearer: [] }, { apiKey: [] }];
documentRawRoutes({
  '/a2a/agents/{agentId}': {
    post: {
      tags: ['a2a'],
      operationId: 'a2aJsonRpc',
      summary:
        'A2A JSON-RPC 2.0 endpoint of one agent: SendMessage, SendStreamingMessage (SSE), GetTask, ListTasks, CancelTask, SubscribeToTask, push configs, GetExtendedAgentCard; A2A-Version: 1.0 (absent = 0.3: message/send, tasks/get, ...)',
      parameters: [agentIdParam, { name: 'A2A-Version', in: 'header', required: false, schema: { type: 'string', enum: ['1.0', '0.3'] } }],
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
      responses: { '200': { description: 'A2A object (AIP-193 errors)', content: { 'application/json': { schema: { type: 'object' } } } } },
      security: a2aSecurity,
    },
  },
});

/** A platform caller as the A2A SDK sees it; the principal rides along for tool permission checks. */
export class PlatformUser implements User {
  constructor(readonly principal: BusPrincipal) {}
  get isAuthenticated(): boolean {
    return true;
  }
  get userName(): string {
    return this.principal.id;
  }
}

type A2aRawRequest = IncomingMessage & { a2aUser?: User; _body?: boolean; body?: unknown };

interface AgentServer {
  key: string;
  handler: DefaultRequestHandler;
  app: express.Express;
}

const MAX_CACHED_SERVERS = 500;
const AGENT_CACHE_MS = 2_000;
const RECORD_BATCH_MS = 200;

/**
 * Every agent is an A2A server: A2A 1.0 JSON-RPC at /a2a/agents/:id, HTTP+JSON at /a2a/agents/:id/rest, the
 * 0.3 forms of both for clients that send no A2A-Version, and its card at /a2a/agents/:id/.well-known/agent-card.json.
 * The protocol is the official SDK's (@a2a-js/sdk): its request handler over our database task store, push
 * config store and executors, behind its transport handlers. Those routes sit straight on Fastify (not Nest
 * controllers) so the SDK sees the request body untouched and answers malformed JSON with the spec's errors.
 */
@Injectable()
export class A2aServerService implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger('A2aServer');
  private readonly servers = new Map<string, AgentServer>();
  private readonly eventBuses = new DefaultExecutionEventBusManager();
  private readonly pushStore: DbPushStore;
  private readonly taskStore: DbTaskStore;
  private readonly agentCache = new Map<string, { agent: AgentEntity; at: number }>();
  private readonly pendingExecutions: Array<Partial<AgentExecutionEntity>> = [];
  private executionTimer?: NodeJS.Timeout;
  private readonly pushSender: SignedPushSender;
  private readonly brains: Record<string, AgentBrain>;
  readonly pushDeliveries: PushDelivery[] = [];

  constructor(
    @Inject(ENV) private readonly env: Env,
    private readonly adapterHost: HttpAdapterHost,
    private readonly authenticator: RequestAuthenticator,
    private readonly agents: AgentsService,
    private readonly live: LiveAgentEvents,
    providers: ModelProvidersService,
    bus: Bus,
    @InjectRepository(A2aTaskEntity) private readonly tasks: Repository<A2aTaskEntity>,
    @InjectRepository(A2aPushConfigEntity) pushConfigs: Repository<A2aPushConfigEntity>,
    @InjectRepository(AgentExecutionEntity) private readonly executions: Repository<AgentExecutionEntity>,
  ) {
    this.taskStore = new DbTaskStore(tasks);
    this.pushStore = new DbPushStore(pushConfigs, async (url) => {
      try {
        await assertPublicUrl(url, { allowPrivate: env.A2A_PUSH_ALLOW_PRIVATE, allowUnresolved: true });
      } catch (error) {
        throw new PushNotificationNotSupportedError(`Push notification URL refused: ${(error as Error).message}`);
      }
    });
    this.pushSender = new SignedPushSender(this.pushStore, {
      allowPrivate: env.A2A_PUSH_ALLOW_PRIVATE,
      timeoutMs: Math.min(env.A2A_OUTBOUND_TIMEOUT_MS, 10_000),
      onDelivery: (delivery) => {
        this.pushDeliveries.push(delivery);
        if (this.pushDeliveries.length > 100) this.pushDeliveries.shift();
      },
    });
    this.brains = {
      echo: new EchoBrain(),
      llm: new LlmBrain(providers, bus),
      remote: new RemoteBrain(agents.remote),
      langchain: new LangChainBrain(providers),
      llamaindex: new LlamaIndexBrain(providers),
    };
    agents.onChange((agentId) => {
      for (const key of this.servers.keys()) if (key.startsWith(`${agentId}|`)) this.servers.delete(key);
      this.agentCache.delete(agentId);
    });
  }

  onModuleInit(): void {
    const fastify = this.adapterHost.httpAdapter.getInstance<FastifyInstance>();
    void fastify.register(async (scope) => {
      // Leave bodies unread: the SDK's transports parse them and answer bad JSON with -32700 / 400.
      scope.removeAllContentTypeParsers();
      scope.addContentTypeParser('*', (_request, _payload, done) => done(null, undefined));
      const handle = (request: FastifyRequest, reply: FastifyReply) => this.dispatch(request, reply);
      scope.post('/a2a/agents/:agentId', handle);
      scope.all('/a2a/agents/:agentId/*', handle);
    });
  }

  /** The SDK request handler of an agent, for in-process callers (execute, /a2a/message, bus, collaboration). */
  async handlerFor(agent: AgentEntity, baseUrl = this.agents.defaultBaseUrl()): Promise<DefaultRequestHandler> {
    return this.serverFor(agent, baseUrl).handler;
  }

  contextFor(principal: Principal | BusPrincipal | undefined): ServerCallContext {
    return new ServerCallContext({ user: principal ? new PlatformUser(principal) : new UnauthenticatedUser(), requestedVersion: '1.0' });
  }

  private async dispatch(request: FastifyRequest, reply: FastifyReply): Promise<void> {
    const { agentId } = request.params as { agentId: string };
    const prefix = `/a2a/agents/${agentId}`;
    const rest = request.url.slice(request.url.indexOf(prefix) + prefix.length) || '/';
    const agent = await this.cachedAgent(agentId);
    if (!agent) return this.refuse(reply, 404, 'AGENT_NOT_FOUND', `Agent ${agentId.slice(0, 100)} not found`);
    const isCard = request.method === 'GET' && rest.startsWith('/.well-known/agent-card.json');
    const presented = this.authenticator.credentialOf(request.headers);
    const principal = presented ? await this.authenticator.authenticate(request.headers) : undefined;
    if (presented && !principal) return this.refuse(reply, 401, 'UNAUTHENTICATED', 'The access token or API key is not valid');
    const open = agent.publicAccess || (isCard && this.env.PUBLIC_AGENT_CARDS);
    if (!open && !principal)
      return this.refuse(reply, 401, 'UNAUTHENTICATED', 'This agent needs an access token or API key (see its card securitySchemes)');
    if (principal && !open && !can(principal, isCard ? 'agents:read' : 'agents:execute'))
      return this.refuse(reply, 403, 'FORBIDDEN', `Permission ${isCard ? 'agents:read' : 'agents:execute'} is required`);
    const isRest = rest.startsWith('/rest/');
    if (isRest && request.method === 'POST' && !/^application\/(json|a2a\+json)\b/i.test(request.headers['content-type'] ?? '')) {
      void reply
        .status(415)
        .type('application/json')
        .send(toRestErrorBody(new ContentTypeNotSupportedError('Content-Type must be application/json'), 415));
      return;
    }
    const server = this.serverFor(agent, this.baseUrlOf(request));
    const raw = request.raw as A2aRawRequest;
    if (isCard) reply.raw.setHeader('last-modified', agent.updatedAt.toUTCString());
    // The HTTP+JSON binding answers application/json (A2A 1.0 section 11.1); the SDK labels it application/a2a+json.
    if (isRest) relabelJson(reply.raw);
    raw.a2aUser = principal ? new PlatformUser(principal) : new UnauthenticatedUser();
    raw.url = rest;
    reply.hijack();
    server.app(raw as never, reply.raw as never);
  }

  /** Writes pending task updates and run records; called on shutdown. */
  async onApplicationShutdown(): Promise<void> {
    await Promise.all([this.taskStore.flush(), this.flushExecutions()]);
  }

  /** Run records are written in batches: one insert per RECORD_BATCH_MS instead of one per run. */
  private recordExecution(execution: Partial<AgentExecutionEntity>): void {
    this.pendingExecutions.push(execution);
    this.executionTimer ??= setTimeout(() => void this.flushExecutions(), RECORD_BATCH_MS);
  }

  /** Writes pending run records now (read endpoints call it first, so a finished run is always listed). */
  async flushExecutions(): Promise<void> {
    clearTimeout(this.executionTimer);
    this.executionTimer = undefined;
    const batch = this.pendingExecutions.splice(0, this.pendingExecutions.length);
    if (batch.length === 0) return;
    await this.executions
      .insert(batch as never)
      .catch((error) => this.logger.error(`could not record ${batch.length} run(s): ${String(error)}`));
  }

  /**
   * Agents by id, kept briefly: every A2A request needs its agent, and changes made here drop the entry at once
   * (other replicas see a change within AGENT_CACHE_MS).
   */
  private async cachedAgent(agentId: string): Promise<AgentEntity | undefined> {
    const hit = this.agentCache.get(agentId);
    if (hit && Date.now() - hit.at < AGENT_CACHE_MS) return hit.agent;
    const agent = await this.agents.get(agentId).catch(() => undefined);
    if (agent) {
      if (this.agentCache.size > 10_000) this.agentCache.clear();
      this.agentCache.set(agentId, { agent, at: Date.now() });
    }
    return agent;
  }

  private serverFor(agent: AgentEntity, baseUrl: string): AgentServer {
    const key = `${agent.id}|${agent.version}|${baseUrl}`;
    const cached = this.servers.get(key);
    if (cached) return cached;
    const cardJson = buildAgentCard(agent, baseUrl);
    const card = AgentCard.fromJSON(cardJson);
    const handler = new DefaultRequestHandler(
      card,
      new AgentTaskStore(this.taskStore, agent.id),
      this.executorFor(agent),
      this.eventBuses,
      this.pushStore,
      this.pushSender,
      // Public agents have no authenticated audience, so no extended card (GetExtendedAgentCard answers the spec's error).
      agent.publicAccess ? undefined : async () => AgentCard.fromJSON(this.extendedCard(agent, cardJson)),
    );
    const userBuilder = async (req: unknown) => (req as A2aRawRequest).a2aUser ?? new UnauthenticatedUser();
    const legacyCompat = { enabled: true };
    const app = express();
    app.disable('x-powered-by');
    app.use('/.well-known/agent-card.json', agentCardHandler({ agentCardProvider: handler, legacyCompat, cache: { maxAge: 60 } }));
    app.use('/rest', restHandler({ requestHandler: handler, userBuilder, legacyCompat }));
    app.post('/', refuseBatches);
    app.use('/', jsonRpcHandler({ requestHandler: handler, userBuilder, legacyCompat }));
    const server = { key, handler, app };
    if (this.servers.size >= MAX_CACHED_SERVERS) this.servers.delete(this.servers.keys().next().value!);
    this.servers.set(key, server);
    return server;
  }

  private executorFor(agent: AgentEntity): AgentExecutor {
    if (agent.brain === 'conformance')
      return new ConformanceExecutor(
        async (taskId) => (await this.tasks.findOne({ where: { id: taskId }, select: { contextId: true } }))?.contextId ?? '',
      );
    const brain = this.brains[agent.brain] ?? this.brains.llm!;
    return new PlatformAgentExecutor(agent, {
      brain,
      tasks: this.tasks,
      record: (execution) => this.recordExecution(execution),
      principalOf: (context) => (context.context.user instanceof PlatformUser ? context.context.user.principal : undefined),
      onEvent: (agentId, event) => this.live.publish(agentId, event),
    });
  }

  /** What authenticated clients also learn: which tools, knowledge and databases the agent can use. */
  private extendedCard(agent: AgentEntity, card: AgentCardJson): AgentCardJson {
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

  baseUrlOf(request: FastifyRequest): string {
    return this.agents.baseUrlOf(request);
  }

  private refuse(reply: FastifyReply, status: number, code: string, message: string): void {
    if (status === 401) reply.header('www-authenticate', 'Bearer');
    void reply.status(status).type('application/problem+json').send({ type: 'about:blank', title: message, status, code, detail: message });
  }
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

const parseJson = express.json({ limit: '1mb' });

/** A2A has no JSON-RPC batches: answer one -32600 for the whole array (JSON-RPC 2.0 section 6), parse errors -32700. */
function refuseBatches(req: express.Request, res: express.Response, next: express.NextFunction): void {
  parseJson(req, res, (error?: unknown) => {
    if (error) {
      res.status(200).json({ jsonrpc: '2.0', id: null, error: { code: -32700, message: 'Invalid JSON payload.' } });
      return;
    }
    if (Array.isArray(req.body)) {
      res.status(200).json({ jsonrpc: '2.0', id: null, error: { code: -32600, message: 'Batch requests are not supported by A2A' } });
      return;
    }
    next();
  });
}
