import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { provideModuleIdentity } from 'src/core/module-identity';
import { A2aRouteController } from './a2a-route.controller';
import { A2aRouteService } from './a2a-route.service';
import { ApiKeyEntity } from './api-key.entity';
import { ApiKeysController } from './api-keys.controller';
import { ApiKeysService } from './api-keys.service';
import { AuditEventEntity } from './audit-event.entity';
import { AuditController } from './audit.controller';
import { AuditRepository } from './audit.repository';
import { AuditService } from './audit.service';
import { AuthController } from './auth.controller';
import { AuthService } from './auth.service';
import { GATEWAY_MODULE } from './gateway.descriptor';
import { GatewayHandlers } from './gateway.handlers';
import { GatewayProxy } from './gateway-proxy';
import { IdentityRepository } from './identity.repository';
import { RefreshTokenEntity } from './refresh-token.entity';
import { UserEntity } from './user.entity';
import { UsersController } from './users.controller';
import { UsersService } from './users.service';

@Module({
  imports: [TypeOrmModule.forFeature([UserEntity, RefreshTokenEntity, ApiKeyEntity, AuditEventEntity])],
  controllers: [AuthController, UsersController, ApiKeysController, AuditController, A2aRouteController],
  providers: [
    provideModuleIdentity(GATEWAY_MODULE),
    GatewayProxy,
    IdentityRepository,
    AuditRepository,
    AuditService,
    AuthService,
    UsersService,
    ApiKeysService,
    GatewayHandlers,
    A2aRouteService,
  ],
  exports: [AuthService],
})
export class GatewayModule {}
