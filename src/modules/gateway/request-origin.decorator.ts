import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import type { RequestOrigin } from './audit.service';

/** Where a request came from, for the audit log and login throttling. */
export const Origin = createParamDecorator((_data: unknown, ctx: ExecutionContext): RequestOrigin => {
  const request = ctx.switchToHttp().getRequest<FastifyRequest>();
  const userAgent = request.headers['user-agent'];
  return { ip: request.ip, userAgent: typeof userAgent === 'string' ? userAgent : undefined };
});
