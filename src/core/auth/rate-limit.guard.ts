import { Injectable, type ExecutionContext } from '@nestjs/common';
import { ThrottlerGuard } from '@nestjs/throttler';
import type { Principal } from './permissions';

/** @nestjs/throttler's guard, counting per user or API key (per IP when anonymous), with IETF RateLimit-* headers. */
@Injectable()
export class RateLimitGuard extends ThrottlerGuard {
  protected override headerPrefix = 'RateLimit';

  protected override async getTracker(req: Record<string, any>): Promise<string> {
    const principal = req.principal as Principal | undefined;
    return principal ? `${principal.kind}:${principal.id}` : `ip:${req.ip}`;
  }

  override async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    return super.canActivate(context);
  }
}
