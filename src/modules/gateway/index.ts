export { GatewayModule } from './gateway.module';
export { GATEWAY_MODULE } from './gateway.descriptor';
export { AuthService } from './auth.service';
