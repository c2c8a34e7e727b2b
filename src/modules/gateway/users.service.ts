import { Injectable } from '@nestjs/common';
import type { Principal, Role } from 'src/core/auth/permissions';
import { AuditService, type RequestOrigin } from './audit.service';
import { AuthService } from './auth.service';
import { GatewayError, GatewayErrorCode } from './gateway.errors';
import { IdentityRepository } from './identity.repository';
import type { UserEntity } from './user.entity';

@Injectable()
export class UsersService {
  constructor(
    private readonly auth: AuthService,
    private readonly repository: IdentityRepository,
    private readonly audit: AuditService,
  ) {}

  create(input: { email: string; password: string; role: Role }, actor: Principal, origin: RequestOrigin): Promise<UserEntity> {
    return this.auth.createUser(input.email, input.password, input.role, origin, actor);
  }

  list(): Promise<UserEntity[]> {
    return this.repository.listUsers();
  }

  async update(id: string, changes: { role?: Role; disabled?: boolean }, actor: Principal, origin: RequestOrigin): Promise<UserEntity> {
    const user = await this.repository.findUserById(id);
    if (!user) throw new GatewayError(GatewayErrorCode.USER_NOT_FOUND, 'No user with this id');
    const updated = await this.repository.updateUser(id, changes);
    if (changes.role && changes.role !== user.role) {
      await this.audit.record('role_changed', { id: actor.id, name: actor.name }, origin, `${user.email}: ${user.role} -> ${changes.role}`);
    }
    return updated;
  }
}
