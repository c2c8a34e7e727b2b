import { Bus, type BusOptions } from './bus';
import type { BusEventEnvelope, BusReplyEnvelope, BusRequestEnvelope } from './envelope';

export interface RedisBusOptions extends BusOptions {
  url: string;
}

/** Redis transport (@nestjs/microservices ClientRedis/ServerRedis). TODO(#2): being written. */
export class RedisBus extends Bus {
  constructor(protected readonly redisOptions: RedisBusOptions) {
    super(redisOptions);
  }

  protected dispatch(_envelope: BusRequestEnvelope): Promise<BusReplyEnvelope> {
    throw new Error('RedisBus is not implemented yet');
  }

  protected async broadcast(_envelope: BusEventEnvelope): Promise<void> {
    throw new Error('RedisBus is not implemented yet');
  }

  protected async closeTransport(): Promise<void> {}
}
