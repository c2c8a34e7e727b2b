import { sha256Hex } from '@libs/crypto';
import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { hash, verify, Algorithm } from '@node-rs/argon2';
import { randomBytes, randomUUID } from 'node:crypto';
import type { Env } from '@libs/config';
import { ENV } from 'src/core/env.token';
import { TokenService } from 'src/core/auth/token.service';
import type { Principal, Role } from 'src/core/auth/permissions';
import { AuditService, type RequestOrigin } from './audit.service';
import { GatewayError, GatewayErrorCode } from './gateway.errors';
import { IdentityRepository } from './identity.repository';
import { LoginThrottle } from './login-throttle';
import type { UserEntity } from './user.entity';

export interface TokenPair {
  accessToken: string;
  refreshToken: string;
  expiresIn: number;
  tokenType: 'Bearer';
}

const ARGON2 = { algorithm: Algorithm.Argon2id, memoryCost: 19_456, timeCost: 2, parallelism: 1 };

@Injectable()
export class AuthService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(AuthService.name);
  private readonly throttle: LoginThrottle;
  /** Verified against when the email is unknown, so a miss costs what a wrong password costs. */
  private readonly dummyHash = hash(randomUUID(), ARGON2);

  constructor(
    @Inject(ENV) private readonly env: Env,
    private readonly repository: IdentityRepository,
    private readonly tokens: TokenService,
    private readonly audit: AuditService,
  ) {
    this.throttle = new LoginThrottle(env.LOGIN_MAX_FAILURES, env.REDIS_URL, env.BUS_NAMESPACE);
  }

  /** First start: create the admin named by ADMIN_EMAIL / ADMIN_PASSWORD when there is no user yet. */
  async onApplicationBootstrap(): Promise<void> {
    if (!this.env.ADMIN_EMAIL || !this.env.ADMIN_PASSWORD) return;
    if ((await this.repository.countUsers()) > 0) return;
    await this.createUser(this.env.ADMIN_EMAIL, this.env.ADMIN_PASSWORD, 'admin').catch((error) => {
      // Another process of a split deployment may have created it a moment earlier.
      if (!(error instanceof GatewayError)) throw error;
    });
    this.logger.log(`created the first admin ${this.env.ADMIN_EMAIL}`);
  }

  onApplicationShutdown(): void {
    this.throttle.close();
  }

  async createUser(email: string, password: string, role: Role, origin: RequestOrigin = {}, actor?: Principal): Promise<UserEntity> {
    const normalized = email.trim().toLowerCase();
    if (await this.repository.findUserByEmail(normalized))
      throw new GatewayError(GatewayErrorCode.USER_EXISTS, 'A user with this email exists');
    const user = await this.repository.createUser({ email: normalized, passwordHash: await hash(password, ARGON2), role });
    await this.audit.record('user_created', { id: actor?.id, name: actor?.name }, origin, `${normalized} as ${role}`);
    return user;
  }

  async login(email: string, password: string, origin: RequestOrigin): Promise<TokenPair> {
    const normalized = email.trim().toLowerCase();
    const keys = [`acct:${sha256Hex(normalized)}`, `ip:${origin.ip ?? 'unknown'}`];
    if (await this.throttle.blocked(keys)) {
      await this.audit.record('login_failed', { name: normalized }, origin, 'throttled');
      throw new GatewayError(GatewayErrorCode.LOGIN_THROTTLED, 'Too many failed logins; try again later');
    }
    const user = await this.repository.findUserByEmail(normalized);
    const valid = user ? await verify(user.passwordHash, password) : (await verify(await this.dummyHash, password), false);
    if (!user || !valid || user.disabled) {
      await this.throttle.fail(keys);
      await this.audit.record('login_failed', { name: normalized }, origin);
      throw new GatewayError(GatewayErrorCode.INVALID_CREDENTIALS, 'Invalid email or password');
    }
    await this.audit.record('login', { id: user.id, name: user.email }, origin);
    return this.issue(user, randomUUID());
  }

  /** Exchanges a refresh token for a new pair. A token used twice revokes its whole family. */
  async refresh(refreshToken: string, origin: RequestOrigin): Promise<TokenPair> {
    const stored = await this.repository.findRefreshToken(sha256Hex(refreshToken));
    const now = Date.now();
    if (!stored || stored.revokedAt || Number(stored.expiresAt) < now) {
      throw new GatewayError(GatewayErrorCode.INVALID_REFRESH_TOKEN, 'The refresh token is invalid or expired');
    }
    if (stored.rotatedAt || !(await this.repository.markRotated(stored.id, now))) {
      await this.repository.revokeFamily(stored.familyId, now);
      await this.audit.record('token_reuse', { id: stored.userId }, origin, `family ${stored.familyId}`);
      throw new GatewayError(GatewayErrorCode.REFRESH_TOKEN_REUSED, 'The refresh token was already used; all its sessions are revoked');
    }
    const user = await this.repository.findUserById(stored.userId);
    if (!user || user.disabled) throw new GatewayError(GatewayErrorCode.INVALID_REFRESH_TOKEN, 'The refresh token is invalid or expired');
    return this.issue(user, stored.familyId);
  }

  async logout(refreshToken: string, origin: RequestOrigin): Promise<void> {
    const stored = await this.repository.findRefreshToken(sha256Hex(refreshToken));
    if (!stored) return;
    await this.repository.revokeFamily(stored.familyId, Date.now());
    await this.audit.record('logout', { id: stored.userId }, origin);
  }

  async me(principal: Principal): Promise<UserEntity> {
    const user = principal.kind === 'user' ? await this.repository.findUserById(principal.id) : null;
    if (!user) throw new GatewayError(GatewayErrorCode.USER_NOT_FOUND, 'The caller is not a user');
    return user;
  }

  private async issue(user: UserEntity, familyId: string): Promise<TokenPair> {
    const refreshToken = `rt_${randomBytes(32).toString('base64url')}`;
    await this.repository.insertRefreshToken({
      userId: user.id,
      familyId,
      tokenHash: sha256Hex(refreshToken),
      expiresAt: String(Date.now() + this.env.REFRESH_TOKEN_TTL_SECONDS * 1000),
    });
    const accessToken = this.tokens.sign({ id: user.id, email: user.email, role: user.role as Role });
    return { accessToken, refreshToken, expiresIn: this.env.ACCESS_TOKEN_TTL_SECONDS, tokenType: 'Bearer' };
  }
}
