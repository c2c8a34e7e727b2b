import { Module } from '@nestjs/common';
import { provideModuleIdentity } from 'src/core/module-identity';
import { GATEWAY_MODULE } from './gateway.descriptor';

@Module({
  providers: [provideModuleIdentity(GATEWAY_MODULE)],
})
export class GatewayModule {}
