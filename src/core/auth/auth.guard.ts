import { CanActivate, ExecutionContext, HttpException, Inject, Injectable, Logger } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import type { Env } from '@libs/config';
import { ENV } from 'src/core/env.token';
import { PUBLIC_ROUTE, REQUIRED_PERMISSION } from './auth.decorators';
import { can, type Permission, type Principal } from './permissions';
import { RequestAuthenticator } from './request-authenticator';
import { RouteMetadata } from './route-metadata';

export { API_KEY_PREFIX } from './request-authenticator';

type AuthedRequest = FastifyRequest & { principal?: Principal };

/**
 * The one gate in front of every route, in every process: a route is open only when marked @Public, and
 * otherwise needs a valid access token or API key whose role grants the route's @RequirePermission.
 * A route with neither marker is refused (fail closed), so nothing is open by accident.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  private readonly logger = new Logger(AuthGuard.name);
  private readonly reflector = new RouteMetadata();

  constructor(
    @Inject(ENV) private readonly env: Env,
    private readonly authenticator: RequestAuthenticator,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const targets = [context.getHandler(), context.getClass()];
    const publicWhen = this.reflector.getAllAndOverride<true | 'PUBLIC_METRICS' | 'PUBLIC_AGENT_CARDS' | undefined>(PUBLIC_ROUTE, targets);
    if (publicWhen === true || (publicWhen && this.env[publicWhen])) return true;
    const permission = this.reflector.getAllAndOverride<Permission | undefined>(REQUIRED_PERMISSION, targets);
    const request = context.switchToHttp().getRequest<AuthedRequest>();
    if (!permission && !publicWhen) {
      this.logger.error(`route ${request.method} ${request.routeOptions.url} declares no permission; refusing it`);
      throw new HttpException({ code: 'ROUTE_NOT_PROTECTED', message: 'This route declares no permission' }, 403);
    }
    const principal = await this.authenticator.authenticate(request.headers);
    if (!principal) throw new HttpException({ code: 'UNAUTHENTICATED', message: 'A valid access token or API key is required' }, 401);
    request.principal = principal;
    const needed = permission ?? 'metrics:read';
    if (!can(principal, needed)) throw new HttpException({ code: 'FORBIDDEN', message: `Permission ${needed} is required` }, 403);
    return true;
  }
}
