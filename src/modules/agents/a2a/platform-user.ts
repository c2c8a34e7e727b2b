import { ServerCallContext, UnauthenticatedUser, type User } from '@a2a-js/sdk/server';
import type { BusPrincipal } from '@libs/contracts';
import type { Principal } from 'src/core/auth/permissions';

/** A platform caller as the A2A SDK sees it; the principal rides along for tool permission checks. */
export class PlatformUser implements User {
  constructor(readonly principal: BusPrincipal) {}
  get isAuthenticated(): boolean {
    return true;
  }
  get userName(): string {
    return this.principal.id;
  }
}

export function a2aUserOf(principal: Principal | BusPrincipal | undefined): User {
  return principal ? new PlatformUser(principal) : new UnauthenticatedUser();
}

/** The SDK call context for in-process callers (execute, /a2a/message, bus, collaboration). */
export function callContextFor(principal: Principal | BusPrincipal | undefined): ServerCallContext {
  return new ServerCallContext({ user: a2aUserOf(principal), requestedVersion: '1.0' });
}
