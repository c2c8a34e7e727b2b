import { sha256Hex } from '@libs/crypto';
import { Injectable } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { Bus } from '@libs/bus';
import type { BusPrincipal } from '@libs/contracts';
import { API_KEY_PREFIX } from 'src/core/auth/auth.guard';
import { ROLE_PERMISSIONS, ROLES, type Permission, type Principal, type Role } from 'src/core/auth/permissions';
import { AuditService, type RequestOrigin } from './audit.service';
import type { ApiKeyEntity } from './api-key.entity';
import { GatewayError, GatewayErrorCode } from './gateway.errors';
import { IdentityRepository } from './identity.repository';

const TOUCH_EVERY_MS = 60_000;

@Injectable()
export class ApiKeysService {
  private readonly lastTouched = new Map<string, number>();

  constructor(
    private readonly repository: IdentityRepository,
    private readonly audit: AuditService,
    private readonly bus: Bus,
  ) {}

  /** Creates a key and returns it once; only its hash is kept. A key never gets more than its creator has. */
  async create(input: { name: string; role?: Role; scopes?: Permission[] }, creator: Principal, origin: RequestOrigin) {
    const role = input.role ?? creator.role;
    const exceeds = [...ROLE_PERMISSIONS[role]].some((p) => !ROLE_PERMISSIONS[creator.role].has(p));
    if (exceeds) throw new GatewayError(GatewayErrorCode.ROLE_EXCEEDS_CALLER, `A ${creator.role} cannot create ${role} keys`);
    const secret = randomBytes(32).toString('base64url');
    const key = `${API_KEY_PREFIX}${secret}`;
    const entity = await this.repository.insertApiKey({
      name: input.name,
      prefix: key.slice(0, 12),
      keyHash: sha256Hex(key),
      role,
      scopes: JSON.stringify(input.scopes ?? []),
      createdBy: creator.id,
    });
    await this.audit.record('apikey_created', { id: creator.id, name: creator.name }, origin, `${entity.id} ${input.name} (${role})`);
    return { entity, key };
  }

  list(): Promise<ApiKeyEntity[]> {
    return this.repository.listApiKeys();
  }

  async revoke(id: string, actor: Principal, origin: RequestOrigin): Promise<void> {
    if (!(await this.repository.revokeApiKey(id, Date.now())))
      throw new GatewayError(GatewayErrorCode.API_KEY_NOT_FOUND, 'No active API key with this id');
    await this.audit.record('apikey_revoked', { id: actor.id, name: actor.name }, origin, id);
    await this.bus.publish('gateway.apikey.revoked', { keyId: id });
  }

  /** Answers `gateway.verifyApiKey` for every process's AuthGuard. */
  async verify(keyHash: string): Promise<BusPrincipal | null> {
    const key = await this.repository.findActiveApiKey(keyHash);
    if (!key || !(ROLES as readonly string[]).includes(key.role)) return null;
    const now = Date.now();
    if (now - (this.lastTouched.get(key.id) ?? 0) > TOUCH_EVERY_MS) {
      this.lastTouched.set(key.id, now);
      await this.repository.touchApiKey(key.id, now);
    }
    return { kind: 'apikey', id: key.id, name: key.name, role: key.role as Role, scopes: JSON.parse(key.scopes) as string[] };
  }
}
