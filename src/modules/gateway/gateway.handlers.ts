import { Injectable } from '@nestjs/common';
import { BusHandler } from '@libs/bus';
import { ApiKeysService } from './api-keys.service';

@Injectable()
export class GatewayHandlers {
  constructor(private readonly apiKeys: ApiKeysService) {}

  @BusHandler('gateway.verifyApiKey')
  verifyApiKey({ keyHash }: { keyHash: string }) {
    return this.apiKeys.verify(keyHash);
  }
}
