import { HttpException, Inject, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import replyFrom from '@fastify/reply-from';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { request as httpRequest, STATUS_CODES, type IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Env } from '@libs/config';
import { matchesPrefix, moduleForPath, PROCESS_LOCAL_PREFIXES } from '@libs/contracts';
import { ENV } from 'src/core/env.token';
import { ServiceRegistry, type ProcessInfo } from 'src/core/discovery/service-registry';
import { sendProblem, toProblem } from 'src/core/http-exception.filter';

const UPSTREAM_TIMEOUT_MS = 30_000;
/** Room for a multipart body's boundaries and form fields around the file (the owner caps those itself). */
const MULTIPART_OVERHEAD_BYTES = 2 * 1024 * 1024;
/** How long a replica that refused a connection is skipped (the registry drops a dead process within 6 s). */
const REFUSED_SKIP_MS = 5_000;

/**
 * Split mode: the gateway process forwards each route prefix it does not serve itself to a live process
 * that owns it (found in the service registry), streaming the response back, SSE included. With several
 * replicas of a module it picks the one with the fewest requests in flight, and skips one that refuses.
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
    // WebSocket upgrades never reach Fastify's routes: forward them at the HTTP server.
    fastify.server.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
      const module = this.remoteModuleFor(request.url ?? '/');
      if (module) void this.forwardUpgrade(request, socket, head, module);
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

  /**
   * Relays a WebSocket upgrade to a replica of its module: the upgrade request goes upstream as it came (the owner
   * authenticates it), the owner's 101 (or refusal) comes back, then bytes flow both ways until either side closes.
   */
  private async forwardUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer, module: string): Promise<void> {
    socket.on('error', () => socket.destroy());
    const owner = await this.pickReplica((request.url ?? '/').split('?')[0], module);
    const path = request.url ?? '/';
    if (!owner)
      return refuseUpgrade(
        socket,
        new HttpException({ code: 'MODULE_UNAVAILABLE', message: `Module ${module} is not running` }, 503),
        path,
      );
    const target = new URL(owner.url);
    const upstream = httpRequest({
      host: target.hostname,
      port: target.port,
      path: request.url,
      method: 'GET',
      headers: { ...request.headers, host: target.host },
      timeout: UPSTREAM_TIMEOUT_MS,
    });
    upstream.on('upgrade', (response, upstreamSocket, upstreamHead) => {
      socket.write(rawHead(response));
      if (upstreamHead.length) socket.write(upstreamHead);
      if (head.length) upstreamSocket.write(head);
      upstreamSocket.on('error', () => socket.destroy());
      socket.on('close', () => upstreamSocket.destroy());
      upstreamSocket.on('close', () => socket.destroy());
      upstreamSocket.pipe(socket).pipe(upstreamSocket);
    });
    // The owner refused the upgrade (401, 403, 404): pass its answer on as it is.
    upstream.on('response', (response) => {
      socket.write(rawHead(response));
      response.pipe(socket);
    });
    upstream.on('timeout', () => upstream.destroy(new Error('timeout')));
    upstream.on('error', (error) =>
      refuseUpgrade(
        socket,
        new HttpException({ code: 'UPSTREAM_FAILED', message: `${module} at ${owner.url}: ${error.message}` }, 502),
        path,
      ),
    );
    upstream.end();
  }

  /** The largest body the owner of path accepts: its upload cap for multipart, OTLP's for /v1/traces, else BODY_LIMIT_BYTES. */
  private bodyCapFor(path: string, contentType: string): number {
    if (contentType.startsWith('multipart/form-data')) return this.env.RAG_MAX_UPLOAD_BYTES + MULTIPART_OVERHEAD_BYTES;
    if (path === '/v1/traces') return this.env.OTLP_MAX_BODY_BYTES;
    return this.env.BODY_LIMIT_BYTES;
  }

  /** Requests in flight to each process, for least-in-flight balancing across a module's replicas. */
  private readonly inFlight = new Map<string, number>();
  /** Processes that refused a connection lately: skipped until the registry drops them or the time passes. */
  private readonly refusedUntil = new Map<string, number>();

  /** The live replica of module with the fewest requests in flight from this gateway; undefined when none runs. */
  private async pickReplica(path: string, module: string, exclude?: string): Promise<ProcessInfo | undefined> {
    const owners = await this.registry.ownersOf(path).catch(() => undefined);
    if (!owners || owners.module !== module) return undefined;
    const now = Date.now();
    const usable = owners.processes.filter((p) => p.processId !== exclude && (this.refusedUntil.get(p.processId) ?? 0) < now);
    let best: ProcessInfo | undefined;
    for (const candidate of usable.length ? usable : owners.processes.filter((p) => p.processId !== exclude)) {
      if (!best || (this.inFlight.get(candidate.processId) ?? 0) < (this.inFlight.get(best.processId) ?? 0)) best = candidate;
    }
    return best;
  }

  private async forward(request: FastifyRequest, reply: FastifyReply, module: string, exclude?: string): Promise<void> {
    const path = request.url.split('?')[0];
    const owner = await this.pickReplica(path, module, exclude);
    if (!owner) {
      return sendProblem(
        reply,
        toProblem(new HttpException({ code: 'MODULE_UNAVAILABLE', message: `Module ${module} is not running` }, 503), request.url),
      );
    }
    // A body over the owner's cap is refused here, as the owner would, before a byte goes upstream (the owner would
    // answer 413 and close while the gateway is still sending, which reads as a broken upstream).
    const declared = Number(request.headers['content-length'] ?? 0);
    if (declared > this.bodyCapFor(path, String(request.headers['content-type'] ?? ''))) {
      return sendProblem(
        reply,
        toProblem(new HttpException({ code: 'PAYLOAD_TOO_LARGE', message: 'Request body is too large' }, 413), request.url),
      );
    }
    const replica = owner.processId;
    this.inFlight.set(replica, (this.inFlight.get(replica) ?? 0) + 1);
    let settled = false;
    const release = () => {
      if (settled) return;
      settled = true;
      this.inFlight.set(replica, (this.inFlight.get(replica) ?? 1) - 1);
    };
    reply.raw.once('close', release);
    // Forwarded before Fastify reads the body. A JSON (or other small) body is read once into memory, capped, so the
    // request can go to another replica if the first one turns out dead; an upload streams through as it arrives.
    const hasBody = request.method !== 'GET' && request.method !== 'HEAD';
    const streamed = hasBody && String(request.headers['content-type'] ?? '').startsWith('multipart/form-data');
    if (hasBody && !exclude) {
      if (streamed) request.body = request.raw;
      else {
        const body = await readCapped(request.raw, this.env.BODY_LIMIT_BYTES);
        if (!body) {
          release();
          return sendProblem(
            reply,
            toProblem(new HttpException({ code: 'PAYLOAD_TOO_LARGE', message: 'Request body is too large' }, 413), request.url),
          );
        }
        // An empty body goes as none (a POST without one must reach the owner exactly as it was sent).
        request.body = body.length > 0 ? body : undefined;
      }
    }
    request.otelSpan?.setAttribute('gateway.forwarded_to', module);
    request.otelSpan?.setAttribute('gateway.replica', replica);
    // A buffered body goes as bytes with its own content type (reply-from would JSON-encode a Buffer found on request.body).
    const buffered = Buffer.isBuffer(request.body) ? request.body : undefined;
    return reply.from(`${owner.url}${request.url}`, {
      ...(buffered ? { body: buffered, contentType: String(request.headers['content-type'] ?? 'application/octet-stream') } : {}),
      // The owner's span is a child of this gateway span, not a sibling under the caller's.
      rewriteRequestHeaders: (_request, headers) => {
        const span = request.otelSpan?.spanContext();
        if (!span) return headers;
        return { ...headers, traceparent: `00-${span.traceId}-${span.spanId}-0${span.traceFlags.toString(16)}` };
      },
      onError: (failed, { error }) => {
        release();
        const code = (error as { code?: string }).code ?? '';
        const failure = `${code} ${error.message ?? ''}`;
        // The replica is gone but the registry has not noticed yet: skip it for a while. A refused connection never
        // reached it, so any request whose body is still at hand goes to another replica; a reset one may have been
        // (partly) handled, so only a read is sent again.
        const refused = /ECONNREFUSED/.test(failure);
        if (refused || /ECONNRESET|UND_ERR_SOCKET|socket hang up|other side closed|Connection Reset/i.test(failure)) {
          this.refusedUntil.set(replica, Date.now() + REFUSED_SKIP_MS);
          const replayable = !hasBody || (refused && !streamed);
          if (replayable && !exclude && !reply.sent) return void this.forward(request, reply, module, replica);
        }
        const timedOut = /timeout/i.test(error.message ?? '') || code === 'UND_ERR_HEADERS_TIMEOUT';
        const status = timedOut ? 504 : 502;
        const problemCode = timedOut ? 'UPSTREAM_TIMEOUT' : 'UPSTREAM_FAILED';
        sendProblem(
          failed as unknown as FastifyReply,
          toProblem(new HttpException({ code: problemCode, message: `${module} at ${owner.url}: ${error.message}` }, status), request.url),
        );
      },
    });
  }
}

/** The status line and headers of an upstream response, as raw bytes for a socket that has left HTTP. */
function rawHead(response: IncomingMessage): string {
  const lines = [`HTTP/1.1 ${response.statusCode} ${response.statusMessage ?? STATUS_CODES[response.statusCode ?? 500]}`];
  for (let i = 0; i < response.rawHeaders.length; i += 2) lines.push(`${response.rawHeaders[i]}: ${response.rawHeaders[i + 1]}`);
  return `${lines.join('\r\n')}\r\n\r\n`;
}

/** Answers an upgrade that cannot be forwarded with the platform's problem shape, then closes the socket. */
function refuseUpgrade(socket: Duplex, error: HttpException, path: string): void {
  if (socket.destroyed || !socket.writable) return;
  const problem = toProblem(error, path);
  const body = JSON.stringify(problem);
  socket.end(
    `HTTP/1.1 ${problem.status} ${STATUS_CODES[problem.status]}\r\ncontent-type: application/problem+json\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`,
  );
}

/** The whole body, or undefined when it is longer than cap (then the rest is not read). */
async function readCapped(stream: NodeJS.ReadableStream, cap: number): Promise<Buffer | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream) {
    size += (chunk as Buffer).length;
    if (size > cap) return undefined;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}
