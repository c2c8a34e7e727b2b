import { Inject, Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import type { Env } from '@libs/config';
import { ENV } from 'src/core/env.token';
import { loadJwtKey } from './jwt-secret';
import { ROLES, type Principal, type Role } from './permissions';

export const TOKEN_ISSUER = 'agentic-ai-acceleration';
export const TOKEN_AUDIENCE = 'agentic-api';

interface AccessClaims {
  sub: string;
  email: string;
  role: Role;
  exp?: number;
}

/** Verified tokens remembered until they expire; beyond this many the memory is dropped and rebuilt. */
const VERIFIED_CACHE_MAX = 10_000;

/** Signs and verifies access tokens: HS256 only, fixed issuer and audience, short expiry. */
@Injectable()
export class TokenService {
  private readonly jwt: JwtService;
  // A token's signature, issuer and audience never change, so a verified token stays valid until its `exp`: checking
  // the signature again on every request cost ~80 µs of CPU (HMAC + JSON parsing), the largest auth cost in a profile.
  private readonly verified = new Map<string, { principal: Principal; expiresAtMs: number }>();

  constructor(@Inject(ENV) private readonly env: Env) {
    const secret = loadJwtKey(env);
    this.jwt = new JwtService({
      secret,
      signOptions: { algorithm: 'HS256', issuer: TOKEN_ISSUER, audience: TOKEN_AUDIENCE, expiresIn: env.ACCESS_TOKEN_TTL_SECONDS },
      verifyOptions: { algorithms: ['HS256'], issuer: TOKEN_ISSUER, audience: TOKEN_AUDIENCE },
    });
  }

  sign(user: { id: string; email: string; role: Role }): string {
    return this.jwt.sign({ sub: user.id, email: user.email, role: user.role } satisfies AccessClaims);
  }

  /** The principal of a valid token, or undefined for anything else (bad signature, alg, expiry, iss, aud). */
  verify(token: string): Principal | undefined {
    const cached = this.verified.get(token);
    if (cached) {
      if (Date.now() < cached.expiresAtMs) return cached.principal;
      this.verified.delete(token);
      return undefined;
    }
    let claims: AccessClaims;
    try {
      claims = this.jwt.verify<AccessClaims>(token);
    } catch {
      return undefined;
    }
    if (typeof claims.sub !== 'string' || !(ROLES as readonly string[]).includes(claims.role)) return undefined;
    const principal: Principal = Object.freeze({ kind: 'user', id: claims.sub, name: claims.email, role: claims.role });
    if (typeof claims.exp === 'number') {
      if (this.verified.size >= VERIFIED_CACHE_MAX) this.verified.clear();
      this.verified.set(token, { principal, expiresAtMs: claims.exp * 1000 });
    }
    return principal;
  }
}
