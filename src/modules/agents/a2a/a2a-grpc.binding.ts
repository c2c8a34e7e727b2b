import { Logger } from '@nestjs/common';
import * as grpc from '@grpc/grpc-js';
import type { AgentCard } from '@a2a-js/sdk';
import { defaultServerCallContextBuilder, type A2ARequestHandler, type ServerCallContext } from '@a2a-js/sdk/server';
import { GrpcVersionNotSupportedError } from '@a2a-js/sdk/errors/grpc';
import { A2AService, grpcService } from '@a2a-js/sdk/server/grpc';
import type { IncomingHttpHeaders } from 'node:http';
import type { Env } from '@libs/config';
import { isUuid } from '@libs/contracts';
import type { Principal } from 'src/core/auth/permissions';
import { AgentsService } from 'src/modules/agents/agents.service';
import { A2aAccess } from 'src/modules/agents/a2a/a2a-access';
import { A2aServerCache } from 'src/modules/agents/a2a/a2a-server-cache';
import { a2aUserOf } from 'src/modules/agents/a2a/platform-user';
import type { AgentEntity } from 'src/modules/agents/entities/agent.entity';

type AnyCall = grpc.ServerUnaryCall<{ tenant?: string }, unknown> | grpc.ServerWritableStream<{ tenant?: string }, unknown>;
type ServiceMethod = (call: AnyCall, callback?: grpc.sendUnaryData<unknown>) => unknown;

/** The one card the SDK's gRPC binding reads: only to check the requested protocol version against GRPC 1.0. */
const GRPC_VERSION_CARD = {
  supportedInterfaces: [{ url: '', protocolBinding: 'GRPC', protocolVersion: '1.0', tenant: '' }],
} as unknown as AgentCard;

/**
 * A2A 1.0 over gRPC (the SDK's binding on @grpc/grpc-js) on A2A_GRPC_PORT, for every agent at once: a request's
 * `tenant` field names the agent (its id, as the card's GRPC interface says); without one, A2A_HOST_AGENT
 * answers. Credentials ride in metadata (`authorization: Bearer …` or `x-api-key`) and pass the same A2aAccess
 * gate as HTTP.
 */
export class A2aGrpcBinding {
  private readonly logger = new Logger('A2aGrpc');
  private server?: grpc.Server;
  /** Who is calling, per call: set by the gate, read by the SDK's userBuilder. */
  private readonly principals = new WeakMap<object, Principal | undefined>();
  /** Names given as tenants (the default agent's, usually) resolved to ids once. */
  private readonly idsByName = new Map<string, string>();

  constructor(
    private readonly env: Env,
    private readonly access: A2aAccess,
    private readonly agents: AgentsService,
    private readonly servers: A2aServerCache,
  ) {}

  async start(): Promise<void> {
    const server = new grpc.Server();
    server.addService(A2AService, this.gated(this.service()));
    const port = await new Promise<number>((resolve, reject) =>
      server.bindAsync(`0.0.0.0:${this.env.A2A_GRPC_PORT}`, grpc.ServerCredentials.createInsecure(), (error, bound) =>
        error ? reject(error) : resolve(bound),
      ),
    );
    this.server = server;
    this.logger.log(`A2A gRPC listening on :${port}`);
  }

  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    await new Promise<void>((resolve) => {
      const force = setTimeout(() => (server.forceShutdown(), resolve()), 2_000);
      server.tryShutdown(() => (clearTimeout(force), resolve()));
    });
  }

  /** The SDK's service implementation over a dispatcher that hands each call to its agent's request handler. */
  private service(): grpc.UntypedServiceImplementation {
    const handlerOf = async (context: ServerCallContext) => {
      const agent = await this.agentFor(context.tenant);
      if (!agent) throw new Error('unreachable: the gate resolved the agent');
      return this.servers.handlerFor(agent);
    };
    const dispatcher: A2ARequestHandler = {
      getAgentCard: async () => GRPC_VERSION_CARD,
      getAuthenticatedExtendedAgentCard: async (p, c) => (await handlerOf(c)).getAuthenticatedExtendedAgentCard(p, c),
      sendMessage: async (p, c) => (await handlerOf(c)).sendMessage(p, c),
      sendMessageStream: async function* (p, c) {
        yield* (await handlerOf(c)).sendMessageStream(p, c);
      },
      getTask: async (p, c) => (await handlerOf(c)).getTask(p, c),
      cancelTask: async (p, c) => (await handlerOf(c)).cancelTask(p, c),
      createTaskPushNotificationConfig: async (p, c) => (await handlerOf(c)).createTaskPushNotificationConfig(p, c),
      getTaskPushNotificationConfig: async (p, c) => (await handlerOf(c)).getTaskPushNotificationConfig(p, c),
      listTaskPushNotificationConfigs: async (p, c) => (await handlerOf(c)).listTaskPushNotificationConfigs(p, c),
      deleteTaskPushNotificationConfig: async (p, c) => (await handlerOf(c)).deleteTaskPushNotificationConfig(p, c),
      resubscribe: async function* (p, c) {
        yield* (await handlerOf(c)).resubscribe(p, c);
      },
      listTasks: async (p, c) => (await handlerOf(c)).listTasks(p, c),
    };
    return grpcService({
      requestHandler: dispatcher,
      userBuilder: async (call) => a2aUserOf(this.principals.get(call)),
      // The gRPC service path is A2A 1.0's (lf.a2a.v1); a caller that sends no A2A-Version speaks 1.0. Any other
      // version is refused here with UNIMPLEMENTED, as the spec's error table says (the SDK would send FAILED_PRECONDITION).
      contextBuilder: (options) => {
        const requestedVersion = options.requestedVersion || '1.0';
        if (requestedVersion !== '1.0')
          throw new GrpcVersionNotSupportedError({
            message: `A2A version ${requestedVersion.slice(0, 20)} is not supported over gRPC (1.0 is)`,
            status: grpc.status.UNIMPLEMENTED,
          });
        return defaultServerCallContextBuilder({ ...options, requestedVersion });
      },
    }) as unknown as grpc.UntypedServiceImplementation;
  }

  /** Every method first finds the agent and checks the caller, answering NOT_FOUND / UNAUTHENTICATED / PERMISSION_DENIED. */
  private gated(service: grpc.UntypedServiceImplementation): grpc.UntypedServiceImplementation {
    const gated: grpc.UntypedServiceImplementation = {};
    for (const [name, method] of Object.entries(service) as Array<[string, ServiceMethod]>) {
      const isCard = name === 'getExtendedAgentCard';
      gated[name] = (async (call: AnyCall, callback?: grpc.sendUnaryData<unknown>) => {
        const refusal = await this.admit(call, isCard).catch((error: Error) => ({
          code: grpc.status.INTERNAL,
          details: error.message,
        }));
        if (!refusal) return method(call, callback);
        if (callback) return callback(refusal, null);
        const stream = call as grpc.ServerWritableStream<unknown, unknown>;
        stream.emit('error', refusal);
        stream.end();
      }) as grpc.UntypedHandleCall;
    }
    return gated;
  }

  private async admit(call: AnyCall, isCard: boolean): Promise<grpc.ServiceError | Partial<grpc.StatusObject> | undefined> {
    const tenant = call.request?.tenant ?? '';
    const agent = await this.agentFor(tenant);
    if (!agent) return { code: grpc.status.NOT_FOUND, details: `Agent ${tenant.slice(0, 100) || this.env.A2A_HOST_AGENT} not found` };
    const gate = await this.access.authorize(headersOf(call.metadata), agent, isCard);
    if ('refusal' in gate)
      return {
        code: gate.refusal.status === 401 ? grpc.status.UNAUTHENTICATED : grpc.status.PERMISSION_DENIED,
        details: gate.refusal.message,
      };
    this.principals.set(call, gate.principal);
    return undefined;
  }

  /** The agent a tenant names (an id, or a name for convenience); no tenant means the default agent. */
  private async agentFor(tenant: string | undefined): Promise<AgentEntity | undefined> {
    const key = tenant || this.env.A2A_HOST_AGENT;
    if (isUuid(key)) return this.servers.agent(key);
    const known = this.idsByName.get(key);
    if (known) return this.servers.agent(known);
    const agent = (await this.agents.findByName(key)) ?? undefined;
    if (agent && this.idsByName.size < 1_000) this.idsByName.set(key, agent.id);
    return agent;
  }
}

function headersOf(metadata: grpc.Metadata): IncomingHttpHeaders {
  const headers: IncomingHttpHeaders = {};
  for (const [key, value] of Object.entries(metadata.getMap())) headers[key] = value.toString();
  return headers;
}
