import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { gunzipSync } from 'node:zlib';
import type { Env } from '@libs/config';
import { can } from 'src/core/auth/permissions';
import { RequestAuthenticator } from 'src/core/auth/request-authenticator';
import { ENV } from 'src/core/env.token';
import { documentRawRoutes } from 'src/core/openapi';
import { decodeOtlpJson, decodeOtlpProtobuf, encodeOtlpResponse, OtlpError } from 'src/modules/observability/traces/otlp';
import { SpanStore } from 'src/modules/observability/traces/span-store.service';

documentRawRoutes({
  '/v1/traces': {
    post: {
      tags: ['observability'],
      operationId: 'otlpExportTraces',
      summary:
        'OTLP/HTTP trace receiver (protobuf or JSON, gzip allowed): external agents add their spans to the platform’s traces; needs observability:write',
      requestBody: {
        required: true,
        content: {
          'application/x-protobuf': { schema: { type: 'string', format: 'binary' } },
          'application/json': {
            schema: {
              type: 'object',
              required: ['resourceSpans'],
              properties: { resourceSpans: { type: 'array', items: { type: 'object' } } },
            },
          },
        },
      },
      responses: {
        '200': { description: 'ExportTraceServiceResponse (partialSuccess names spans rejected for bad ids)' },
        '400': { description: 'Not an OTLP trace request' },
        '413': { description: 'Larger than OTLP_MAX_BODY_BYTES' },
        '415': { description: 'Neither application/x-protobuf nor application/json' },
      },
      security: [{ bearer: [] }, { apiKey: [] }],
    },
  },
});

/**
 * POST /v1/traces, the OTLP/HTTP path, straight on Fastify so it takes protobuf and gzip and has its own body cap
 * (OTLP_MAX_BODY_BYTES). Errors follow OTLP: 400 for what cannot be decoded, 413, 415; nothing is stored from a
 * request that is refused.
 */
@Injectable()
export class OtlpReceiver implements OnModuleInit {
  constructor(
    @Inject(ENV) private readonly env: Env,
    private readonly adapterHost: HttpAdapterHost,
    private readonly authenticator: RequestAuthenticator,
    private readonly store: SpanStore,
  ) {}

  onModuleInit(): void {
    const fastify = this.adapterHost.httpAdapter.getInstance<FastifyInstance>();
    void fastify.register(async (scope) => {
      scope.removeAllContentTypeParsers();
      scope.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: this.env.OTLP_MAX_BODY_BYTES }, (_req, body, done) =>
        done(null, body),
      );
      scope.post('/v1/traces', { bodyLimit: this.env.OTLP_MAX_BODY_BYTES }, (request, reply) => this.receive(request, reply));
      scope.setErrorHandler((error: Error & { statusCode?: number }, _request, reply) => {
        const status = error.statusCode === 413 ? 413 : (error.statusCode ?? 500) < 500 ? 400 : 500;
        problem(reply, status, status === 413 ? 'PAYLOAD_TOO_LARGE' : 'BAD_REQUEST', error.message);
      });
    });
  }

  private async receive(request: FastifyRequest, reply: FastifyReply): Promise<void> {
    const principal = await this.authenticator.authenticate(request.headers);
    if (!principal) return problem(reply, 401, 'UNAUTHENTICATED', 'An access token or API key with observability:write is required');
    if (!can(principal, 'observability:write')) return problem(reply, 403, 'FORBIDDEN', 'Permission observability:write is required');
    const type = (request.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
    const isProtobuf = type === 'application/x-protobuf' || type === 'application/protobuf';
    if (!isProtobuf && type !== 'application/json')
      return problem(reply, 415, 'UNSUPPORTED_MEDIA_TYPE', 'Send application/x-protobuf or application/json');
    let body = (request.body as Buffer | undefined) ?? Buffer.alloc(0);
    try {
      if ((request.headers['content-encoding'] ?? '').toLowerCase() === 'gzip')
        body = gunzipSync(body, { maxOutputLength: this.env.OTLP_MAX_BODY_BYTES });
    } catch (error) {
      const tooLarge = (error as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE';
      return problem(
        reply,
        tooLarge ? 413 : 400,
        tooLarge ? 'PAYLOAD_TOO_LARGE' : 'BAD_REQUEST',
        tooLarge ? 'Unzipped body is too large' : 'Body is not valid gzip',
      );
    }
    let decoded;
    try {
      decoded = isProtobuf ? decodeOtlpProtobuf(body) : decodeOtlpJson(JSON.parse(body.toString('utf8')));
    } catch (error) {
      const message = error instanceof OtlpError ? error.message : `Not valid JSON: ${(error as Error).message}`;
      return problem(reply, 400, 'BAD_REQUEST', message);
    }
    this.store.ingest(decoded.spans, true);
    const errorMessage = decoded.reasons.join('; ');
    if (isProtobuf) void reply.status(200).type('application/x-protobuf').send(encodeOtlpResponse(decoded.rejected, errorMessage));
    else void reply.status(200).send(decoded.rejected ? { partialSuccess: { rejectedSpans: decoded.rejected, errorMessage } } : {});
  }
}

function problem(reply: FastifyReply, status: number, code: string, message: string): void {
  void reply.status(status).type('application/problem+json').send({ type: 'about:blank', title: message, status, code, detail: message });
}
