import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import type { Env } from '@libs/config';
import { ENV } from 'src/core/env.token';
import { provideModuleIdentity } from 'src/core/module-identity';
import { LlmProviderClient } from 'src/modules/agents/adapters/llm-provider.client';
import { RemoteAgentClient } from 'src/modules/agents/adapters/remote-agent.client';
import { A2aAccess } from 'src/modules/agents/a2a/a2a-access';
import { A2aGrpcServer } from 'src/modules/agents/a2a/a2a-grpc.server';
import { A2aMount } from 'src/modules/agents/a2a/a2a-mount';
import { A2aPush } from 'src/modules/agents/a2a/a2a-push';
import { A2aServerCache } from 'src/modules/agents/a2a/a2a-server-cache';
import { A2aTasksRepository } from 'src/modules/agents/a2a/a2a-tasks.repository';
import { AgentQuestions } from 'src/modules/agents/a2a/agent-questions';
import { AgentExecutors } from 'src/modules/agents/a2a/agent-executors';
import { BrainRegistry } from 'src/modules/agents/a2a/brain-registry';
import { DbTaskStore } from 'src/modules/agents/a2a/db-task-store';
import { LiveAgentEvents } from 'src/modules/agents/a2a/live-agent-events';
import { A2aPlatformController } from 'src/modules/agents/a2a-platform.controller';
import { AgentDiscoveryService } from 'src/modules/agents/agent-discovery.service';
import { AgentExecutionsRepository } from 'src/modules/agents/agent-executions.repository';
import { AgentRunsService } from 'src/modules/agents/agent-runs.service';
import { AgentStreamGateway } from 'src/modules/agents/agent-stream.gateway';
import { AgentsController } from 'src/modules/agents/agents.controller';
import { AGENTS_MODULE } from 'src/modules/agents/agents.descriptor';
import { AgentsHandlers } from 'src/modules/agents/agents.handlers';
import { PlatformCardService } from 'src/modules/agents/platform-card.service';
import { AgentsRepository } from 'src/modules/agents/agents.repository';
import { AgentsService } from 'src/modules/agents/agents.service';
import { A2aPushConfigEntity, A2aTaskEntity } from 'src/modules/agents/entities/a2a-task.entity';
import { AgentCapabilityEntity, AgentCardEntity } from 'src/modules/agents/entities/agent-card.entity';
import { AgentExecutionEntity } from 'src/modules/agents/entities/agent-execution.entity';
import { AgentEntity } from 'src/modules/agents/entities/agent.entity';
import { ModelProviderEntity } from 'src/modules/agents/entities/model-provider.entity';
import { ModelProvidersController } from 'src/modules/agents/providers/model-providers.controller';
import { ModelProvidersRepository } from 'src/modules/agents/providers/model-providers.repository';
import { ModelProvidersService } from 'src/modules/agents/providers/model-providers.service';

@Module({
  imports: [
    TypeOrmModule.forFeature([
      AgentEntity,
      AgentCardEntity,
      AgentCapabilityEntity,
      A2aTaskEntity,
      A2aPushConfigEntity,
      AgentExecutionEntity,
      ModelProviderEntity,
    ]),
  ],
  controllers: [AgentsController, A2aPlatformController, ModelProvidersController],
  providers: [
    PlatformCardService,
    provideModuleIdentity(AGENTS_MODULE),
    {
      provide: RemoteAgentClient,
      inject: [ENV],
      useFactory: (env: Env) =>
        new RemoteAgentClient({ timeoutMs: env.A2A_OUTBOUND_TIMEOUT_MS, allowPrivate: env.A2A_REMOTE_ALLOW_PRIVATE }),
    },
    LlmProviderClient,
    AgentsRepository,
    AgentExecutionsRepository,
    A2aTasksRepository,
    ModelProvidersRepository,
    AgentsService,
    ModelProvidersService,
    LiveAgentEvents,
    DbTaskStore,
    A2aPush,
    BrainRegistry,
    AgentExecutors,
    AgentQuestions,
    A2aServerCache,
    A2aAccess,
    A2aMount,
    A2aGrpcServer,
    AgentDiscoveryService,
    AgentRunsService,
    AgentStreamGateway,
    AgentsHandlers,
  ],
})
export class AgentsModule {}
