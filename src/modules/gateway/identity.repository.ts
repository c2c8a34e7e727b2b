import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { IsNull, type Repository } from 'typeorm';
import { ApiKeyEntity } from './api-key.entity';
import { RefreshTokenEntity } from './refresh-token.entity';
import { UserEntity } from './user.entity';

/** The only class that touches the users, refresh_tokens and api_keys tables. */
@Injectable()
export class IdentityRepository {
  constructor(
    @InjectRepository(UserEntity) private readonly users: Repository<UserEntity>,
    @InjectRepository(RefreshTokenEntity) private readonly tokens: Repository<RefreshTokenEntity>,
    @InjectRepository(ApiKeyEntity) private readonly keys: Repository<ApiKeyEntity>,
  ) {}

  countUsers(): Promise<number> {
    return this.users.count();
  }

  findUserByEmail(email: string): Promise<UserEntity | null> {
    return this.users.findOneBy({ email });
  }

  findUserById(id: string): Promise<UserEntity | null> {
    return this.users.findOneBy({ id });
  }

  listUsers(): Promise<UserEntity[]> {
    return this.users.find({ order: { createdAt: 'ASC' } });
  }

  async updateUser(id: string, changes: Partial<Pick<UserEntity, 'role' | 'disabled'>>): Promise<UserEntity> {
    await this.users.update({ id }, changes);
    return this.users.findOneByOrFail({ id });
  }

  createUser(user: Pick<UserEntity, 'email' | 'passwordHash' | 'role'>): Promise<UserEntity> {
    return this.users.save(this.users.create(user));
  }

  insertRefreshToken(token: Pick<RefreshTokenEntity, 'userId' | 'familyId' | 'tokenHash' | 'expiresAt'>): Promise<RefreshTokenEntity> {
    return this.tokens.save(this.tokens.create({ ...token, rotatedAt: null, revokedAt: null }));
  }

  findRefreshToken(tokenHash: string): Promise<RefreshTokenEntity | null> {
    return this.tokens.findOneBy({ tokenHash });
  }

  /** Marks the token rotated only if nobody rotated it first; false means it was already used. */
  async markRotated(id: string, at: number): Promise<boolean> {
    const result = await this.tokens.update({ id, rotatedAt: IsNull(), revokedAt: IsNull() }, { rotatedAt: String(at) });
    return (result.affected ?? 0) === 1;
  }

  async revokeFamily(familyId: string, at: number): Promise<void> {
    await this.tokens.update({ familyId, revokedAt: IsNull() }, { revokedAt: String(at) });
  }

  insertApiKey(key: Omit<ApiKeyEntity, 'id' | 'createdAt' | 'lastUsedAt' | 'revokedAt'>): Promise<ApiKeyEntity> {
    return this.keys.save(this.keys.create({ ...key, lastUsedAt: null, revokedAt: null }));
  }

  listApiKeys(): Promise<ApiKeyEntity[]> {
    return this.keys.find({ order: { createdAt: 'DESC' } });
  }

  findActiveApiKey(keyHash: string): Promise<ApiKeyEntity | null> {
    return this.keys.findOneBy({ keyHash, revokedAt: IsNull() });
  }

  async touchApiKey(id: string, at: number): Promise<void> {
    await this.keys.update({ id }, { lastUsedAt: String(at) });
  }

  async revokeApiKey(id: string, at: number): Promise<boolean> {
    const result = await this.keys.update({ id, revokedAt: IsNull() }, { revokedAt: String(at) });
    return (result.affected ?? 0) === 1;
  }
}
