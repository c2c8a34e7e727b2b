import { applyDecorators, createParamDecorator, SetMetadata, type ExecutionContext } from '@nestjs/common';
import { ApiBearerAuth, ApiSecurity } from '@nestjs/swagger';
import type { Permission, Principal } from './permissions';

export const PUBLIC_ROUTE = 'auth:public';
export const REQUIRED_PERMISSION = 'auth:permission';
export const EXPENSIVE_ROUTE = 'auth:expensive';

/**
 * Open without a credential. `when` names a setting that can close it again
 * (e.g. PUBLIC_METRICS=false puts /metrics behind `metrics:read`).
 */
export const Public = (when?: 'PUBLIC_METRICS' | 'PUBLIC_AGENT_CARDS') => SetMetadata(PUBLIC_ROUTE, when ?? true);

/** The permission a caller needs; the global AuthGuard refuses routes that declare neither this nor @Public. */
export const RequirePermission = (permission: Permission) =>
  applyDecorators(SetMetadata(REQUIRED_PERMISSION, permission), ApiBearerAuth(), ApiSecurity('apiKey'));

/** Counts against the separate, smaller rate-limit budget for costly work (agent, tool, SQL execution). */
export const Expensive = () => SetMetadata(EXPENSIVE_ROUTE, true);

/** The authenticated caller of the current request. */
export const CurrentPrincipal = createParamDecorator((_data: unknown, ctx: ExecutionContext): Principal => {
  return ctx.switchToHttp().getRequest<{ principal: Principal }>().principal;
});
