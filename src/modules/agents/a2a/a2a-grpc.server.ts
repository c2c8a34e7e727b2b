import { Inject, Injectable, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import type { Env } from '@libs/config';
import { ENV } from 'src/core/env.token';
import { AgentsService } from 'src/modules/agents/agents.service';
import { A2aAccess } from 'src/modules/agents/a2a/a2a-access';
import type { A2aGrpcBinding } from 'src/modules/agents/a2a/a2a-grpc.binding';
import { A2aServerCache } from 'src/modules/agents/a2a/a2a-server-cache';

/**
 * A2A over gRPC when A2A_GRPC_PORT is set (see A2aGrpcBinding). The binding and @grpc/grpc-js load only then: a
 * process without gRPC does not pay for them at start.
 */
@Injectable()
export class A2aGrpcServer implements OnApplicationBootstrap, OnModuleDestroy {
  private binding?: A2aGrpcBinding;

  constructor(
    @Inject(ENV) private readonly env: Env,
    private readonly access: A2aAccess,
    private readonly agents: AgentsService,
    private readonly servers: A2aServerCache,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!this.env.A2A_GRPC_PORT) return;
    const { A2aGrpcBinding } = await import('./a2a-grpc.binding');
    const binding = new A2aGrpcBinding(this.env, this.access, this.agents, this.servers);
    await binding.start();
    this.binding = binding;
  }

  async onModuleDestroy(): Promise<void> {
    await this.binding?.stop();
  }
}
