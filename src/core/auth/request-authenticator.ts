import { Inject, Injectable, Logger } from '@nestjs/common';
import { createHash } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { Bus } from '@libs/bus';
import { TokenService } from './token.service';
import type { Principal } from './permissions';

export const API_KEY_PREFIX = 'aaa_';
const KEY_CACHE_MS = 30_000;

/**
 * Turns a request's credential (Bearer access token, or API key as Bearer or X-API-Key) into a principal.
 * Used by the AuthGuard for every Nest route, and directly by protocol endpoints (A2A, MCP) that decide
 * per resource whether a credential is needed.
 */
@Injectable()
export class RequestAuthenticator {
  private readonly logger = new Logger(RequestAuthenticator.name);
  private readonly keyCache = new Map<string, { principal: Principal | null; at: number }>();

  constructor(
    private readonly tokens: TokenService,
    @Inject(Bus) private readonly bus: Bus,
  ) {
    bus.subscribe('gateway.apikey.revoked', () => this.keyCache.clear());
  }

  /** The credential presented, if any (not yet verified). */
  credentialOf(headers: IncomingHttpHeaders): string | undefined {
    const header = headers.authorization;
    const bearer = typeof header === 'string' && header.startsWith('Bearer ') ? header.slice(7).trim() : undefined;
    const apiKey = headers['x-api-key'];
    return bearer ?? (typeof apiKey === 'string' ? apiKey : undefined);
  }

  async authenticate(headers: IncomingHttpHeaders): Promise<Principal | undefined> {
    const credential = this.credentialOf(headers);
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
