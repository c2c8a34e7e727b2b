import { HttpException, Inject, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import replyFrom from '@fastify/reply-from';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Env } from '@libs/config';
import { matchesPrefix, moduleForPath, PROCESS_LOCAL_PREFIXES } from '@libs/contracts';
import { ENV } from 'src/core/env.token';
import { ServiceRegistry } from 'src/core/discovery/service-registry';
import { sendProblem, toProblem } from 'src/core/http-exception.filter';

const UPSTREAM_TIMEOUT_MS = 30_000;

/**
 * Split mode: the gateway process forwards each route prefix it does not serve itself to the live process
 * that owns it (found in the service registry), streaming the response back, SSE included.
 */
@Injectable()
export class GatewayProxy implements OnModuleInit {
  private readonly logger = new Logger(GatewayProxy.name);

  constructor(
    @Inject(ENV) private readonly env: Env,
    private readonly adapterHost: HttpAdapterHost,
    private readonly registry: ServiceRegistry,
  ) {}

  async onModuleInit(): Promise<void> {
    if (!this.env.split) return;
    const fastify = this.adapterHost.httpAdapter.getInstance<FastifyInstance>();
    await fastify.register(replyFrom, {
      http: { requestOptions: { timeout: UPSTREAM_TIMEOUT_MS } },
    });
    fastify.addHook('onRequest', (request, reply, done) => {
      const module = this.remoteModuleFor(request.url);
      if (!module) return done();
      void this.forward(request, reply, module);
    });
    this.logger.log('forwarding route prefixes of modules hosted elsewhere');
  }

  /** The module that owns url when this process does not host it; undefined means serve locally. */
  private remoteModuleFor(url: string): string | undefined {
    const path = url.split('?')[0];
    if (PROCESS_LOCAL_PREFIXES.some((prefix) => matchesPrefix(path, prefix))) return undefined;
    const module = moduleForPath(path);
    return module && !this.env.modules.includes(module) ? module : undefined;
  }

  private async forward(request: FastifyRequest, reply: FastifyReply, module: string): Promise<void> {
    const owner = await this.registry.ownerOf(request.url.split('?')[0]).catch(() => undefined);
    if (!owner || owner.module !== module) {
      return sendProblem(
        reply,
        toProblem(new HttpException({ code: 'MODULE_UNAVAILABLE', message: `Module ${module} is not running` }, 503), request.url),
      );
    }
    // Forwarded before Fastify reads the body: hand reply-from the raw request stream, or it sends an empty body
    // under the original content-length and the owner waits for bytes that never come.
    if (request.method !== 'GET' && request.method !== 'HEAD') request.body = request.raw;
    request.otelSpan?.setAttribute('gateway.forwarded_to', module);
    return reply.from(`${owner.process.url}${request.url}`, {
      // The owner's span is a child of this gateway span, not a sibling under the caller's.
      rewriteRequestHeaders: (_request, headers) => {
        const span = request.otelSpan?.spanContext();
        if (!span) return headers;
        return { ...headers, traceparent: `00-${span.traceId}-${span.spanId}-0${span.traceFlags.toString(16)}` };
      },
      onError: (failed, { error }) => {
        const timedOut = /timeout/i.test(error.message ?? '') || (error as { code?: string }).code === 'UND_ERR_HEADERS_TIMEOUT';
        const status = timedOut ? 504 : 502;
        const code = timedOut ? 'UPSTREAM_TIMEOUT' : 'UPSTREAM_FAILED';
        sendProblem(
          failed as unknown as FastifyReply,
          toProblem(new HttpException({ code, message: `${module} at ${owner.process.url}: ${error.message}` }, status), request.url),
        );
      },
    });
  }
}
