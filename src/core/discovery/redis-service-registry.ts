import { ServiceRegistry, type ProcessInfo } from './service-registry';

/** TODO(#2): heartbeat entries in Redis with expiry; being written. */
export class RedisServiceRegistry extends ServiceRegistry {
  private self?: ProcessInfo;

  constructor(private readonly url: string) {
    super();
  }

  async start(self: ProcessInfo): Promise<void> {
    this.self = self;
  }

  async list(): Promise<ProcessInfo[]> {
    return this.self ? [this.self] : [];
  }

  async stop(): Promise<void> {}
}
