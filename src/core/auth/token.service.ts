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
}

/** Signs and verifies access tokens: HS256 only, fixed issuer and audience, short expiry. */
@Injectable()
export class TokenService {
  private readonly jwt: JwtService;

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
    try {
      const claims = this.jwt.verify<AccessClaims>(token);
      if (typeof claims.sub !== 'string' || !(ROLES as readonly string[]).includes(claims.role)) return undefined;
      return { kind: 'user', id: claims.sub, name: claims.email, role: claims.role };
    } catch {
      return undefined;
    }
  }
}
