import { CanActivate, ExecutionContext, HttpException, Inject, Injectable, Logger } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { createHash } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import type { Env } from '@libs/config';
import { Bus } from '@libs/bus';
import { ENV } from 'src/core/env.token';
import { PUBLIC_ROUTE, REQUIRED_PERMISSION } from './auth.decorators';
import { can, type Permission, type Principal } from './permissions';
import { TokenService } from './token.service';

export const API_KEY_PREFIX = 'aaa_';
const KEY_CACHE_MS = 30_000;

type AuthedRequest = FastifyRequest & { principal?: Principal };

/**
 * The one gate in front of every route, in every process: a route is open only when marked @Public, and
 * otherwise needs a valid access token or API key whose role grants the route's @RequirePermission.
 * A route with neither marker is refused (fail closed), so nothing is open by accident.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  private readonly logger = new Logger(AuthGuard.name);
  private readonly keyCache = new Map<string, { principal: Principal | null; at: number }>();

  constructor(
    @Inject(ENV) private readonly env: Env,
    private readonly reflector: Reflector,
    private readonly tokens: TokenService,
    private readonly bus: Bus,
  ) {
    bus.subscribe('gateway.apikey.revoked', () => this.keyCache.clear());
  }

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
    const principal = await this.authenticate(request);
    if (!principal) throw new HttpException({ code: 'UNAUTHENTICATED', message: 'A valid access token or API key is required' }, 401);
    request.principal = principal;
    const needed = permission ?? 'metrics:read';
    if (!can(principal, needed)) throw new HttpException({ code: 'FORBIDDEN', message: `Permission ${needed} is required` }, 403);
    return true;
  }

  private async authenticate(request: AuthedRequest): Promise<Principal | undefined> {
    const header = request.headers.authorization;
    const bearer = typeof header === 'string' && header.startsWith('Bearer ') ? header.slice(7).trim() : undefined;
    const apiKey = request.headers['x-api-key'];
    const credential = bearer ?? (typeof apiKey === 'string' ? apiKey : undefined);
    if (!credential || credential.length > 4096) return undefined;
    if (credential.startsWith(API_KEY_PREFIX)) return this.verifyApiKey(credential);
    return this.tokens.verify(credential);
  }

  /** API keys live in the gateway's tables; any process asks the gateway over the bus and caches the answer briefly. */
  private async verifyApiKey(key: string): Promise<Principal | undefined> {
    const hash = createHash('sha256').update(key).digest('hex');
    const cached = this.keyCache.get(hash);
    if (cached && Date.now() - cached.at < KEY_CACHE_MS) return cached.principal ?? undefined;
    let principal: Principal | null;
    try {
      principal = (await this.bus.request('gateway.verifyApiKey', { keyHash: hash }, { timeoutMs: 2_000 })) as Principal | null;
    } catch (error) {
      // Not cached: the next request asks again once the gateway answers.
      this.logger.warn(`API key check failed: ${String(error)}`);
      return undefined;
    }
    if (this.keyCache.size > 10_000) this.keyCache.clear();
    this.keyCache.set(hash, { principal, at: Date.now() });
    return principal ?? undefined;
  }
}
