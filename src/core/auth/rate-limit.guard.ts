import { Injectable, type ExecutionContext } from '@nestjs/common';
import {
  InjectThrottlerOptions,
  InjectThrottlerStorage,
  ThrottlerException,
  ThrottlerGuard,
  type ThrottlerModuleOptions,
  type ThrottlerStorage,
} from '@nestjs/throttler';
import type { Principal } from './permissions';
import { RouteMetadata } from './route-metadata';

/** @nestjs/throttler's guard, counting per user or API key (per IP when anonymous), with IETF RateLimit-* headers. */
@Injectable()
export class RateLimitGuard extends ThrottlerGuard {
  protected override headerPrefix = 'RateLimit';

  constructor(@InjectThrottlerOptions() options: ThrottlerModuleOptions, @InjectThrottlerStorage() storage: ThrottlerStorage) {
    super(options, storage, new RouteMetadata());
  }

  protected override async getTracker(req: Record<string, any>): Promise<string> {
    const principal = req.principal as Principal | undefined;
    return principal ? `${principal.kind}:${principal.id}` : `ip:${req.ip}`;
  }

  // One refusal, built once: a rate-limited flood should cost as little as possible, and a new exception captures a
  // stack trace each time (the largest self-time under a 429 flood in a CPU profile of GET /health).
  protected override async throwThrottlingException(): Promise<void> {
    throw TOO_MANY_REQUESTS;
  }

  // The same key as the library's (route and caller), without hashing it with SHA-256 on every request.
  protected override generateKey(context: ExecutionContext, suffix: string, name: string): string {
    return `${context.getClass().name}-${context.getHandler().name}-${name}-${suffix}`;
  }

  override async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    return super.canActivate(context);
  }
}

const TOO_MANY_REQUESTS = new ThrottlerException();
