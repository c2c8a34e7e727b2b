import { Module } from '@nestjs/common';
import { provideModuleIdentity } from 'src/core/module-identity';
import { GATEWAY_MODULE } from './gateway.descriptor';
import { GatewayProxy } from './gateway-proxy';

@Module({
  providers: [provideModuleIdentity(GATEWAY_MODULE), GatewayProxy],
})
export class GatewayModule {}
