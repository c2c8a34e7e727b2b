import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { randomUUID } from 'node:crypto';
import { DomainError } from '@libs/contracts';
import { BusError, BusErrorCode } from '@libs/bus';
import { PROBLEM_CONTENT_TYPE, problemType, type ProblemDetails } from './problem';

const STATUS_CODES: Record<number, string> = {
  400: 'BAD_REQUEST',
  401: 'UNAUTHENTICATED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  405: 'METHOD_NOT_ALLOWED',
  409: 'CONFLICT',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  422: 'UNPROCESSABLE',
  429: 'RATE_LIMITED',
  502: 'BAD_GATEWAY',
  503: 'SERVICE_UNAVAILABLE',
  504: 'GATEWAY_TIMEOUT',
};

const logger = new Logger('HttpError');

/** Turns anything thrown into an RFC 9457 problem (see problem.ts). Unknown errors become a logged 500 with an errorId. */
export function toProblem(error: unknown, instance?: string): ProblemDetails {
  if (error instanceof DomainError)
    return { ...problem(error.status, error.code, error.message, instance), ...(error.details ? { details: error.details } : {}) };
  if (error instanceof BusError) return fromBusError(error, instance);
  if (error instanceof HttpException) return fromHttpException(error, instance);
  const fastifyError = error as { statusCode?: number; code?: string; message?: string };
  if (typeof fastifyError?.statusCode === 'number' && fastifyError.statusCode < 500) {
    const code =
      fastifyError.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || /JSON/i.test(fastifyError.message ?? '') ? 'MALFORMED_JSON' : undefined;
    return problem(fastifyError.statusCode, code ?? STATUS_CODES[fastifyError.statusCode] ?? 'BAD_REQUEST', fastifyError.message, instance);
  }
  const errorId = randomUUID();
  logger.error({ errorId, instance, err: error }, 'unhandled error');
  return { ...problem(500, 'INTERNAL_ERROR', 'An unexpected error occurred', instance), errorId };
}

function fromBusError(error: BusError, instance?: string): ProblemDetails {
  if (error.code === BusErrorCode.TIMEOUT) return problem(504, 'UPSTREAM_TIMEOUT', error.message, instance);
  if (error.code === BusErrorCode.NO_HANDLER || error.code === BusErrorCode.CLOSED)
    return problem(503, 'MODULE_UNAVAILABLE', error.message, instance);
  // A module's own error keeps its status and details across the bus; anything else is the upstream's fault.
  const details = error.details;
  return { ...problem(error.status ?? 502, error.code, error.message, instance), ...(details ? { details } : {}) };
}

function fromHttpException(error: HttpException, instance?: string): ProblemDetails {
  const status = error.getStatus();
  const body = error.getResponse() as { message?: unknown; code?: string } | string;
  const messages = typeof body === 'object' && Array.isArray(body.message) ? (body.message as string[]) : undefined;
  if (status === HttpStatus.BAD_REQUEST && messages) {
    return { ...problem(400, 'VALIDATION_FAILED', messages.join('; '), instance), errors: groupByField(messages) };
  }
  const code =
    (typeof body === 'object' && body.code) ||
    bodyParseCode(error) ||
    STATUS_CODES[status] ||
    (status >= 500 ? 'INTERNAL_ERROR' : 'BAD_REQUEST');
  return problem(status, code, error.message, instance);
}

/** Fastify's body-parsing errors reach the filter wrapped in an HttpException; name the JSON ones clearly. */
function bodyParseCode(error: HttpException): string | undefined {
  const cause = error.cause as { code?: string } | undefined;
  if (error.getStatus() !== 400) return undefined;
  if (cause?.code?.startsWith('FST_ERR_CTP') || /JSON/.test(error.message)) return 'MALFORMED_JSON';
  return undefined;
}

function groupByField(messages: string[]): Array<{ field: string; messages: string[] }> {
  const byField = new Map<string, string[]>();
  for (const message of messages) {
    const field = message.startsWith('property ') ? message.split(' ')[1] : message.split(' ')[0];
    byField.set(field, [...(byField.get(field) ?? []), message]);
  }
  return [...byField].map(([field, list]) => ({ field, messages: list }));
}

function problem(status: number, code: string, detail: string | undefined, instance?: string): ProblemDetails {
  const title = (STATUS_CODES[status] ?? code).replace(/_/g, ' ').toLowerCase();
  return { type: problemType(code), title: title[0].toUpperCase() + title.slice(1), status, code, detail, instance };
}

export function sendProblem(reply: FastifyReply, body: ProblemDetails): void {
  if (reply.sent) return;
  void reply.status(body.status).header('content-type', PROBLEM_CONTENT_TYPE).send(body);
}

@Catch()
export class HttpExceptionFilter implements ExceptionFilter {
  catch(error: unknown, host: ArgumentsHost): void {
    if (host.getType() !== 'http') throw error;
    const http = host.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    sendProblem(http.getResponse<FastifyReply>(), toProblem(error, request.url));
  }
}
