import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { provideModuleIdentity } from 'src/core/module-identity';
import { A2aPushConfigEntity, A2aTaskEntity } from './a2a/a2a-task.entity';
import { A2aServerService } from './a2a/a2a-server.service';
import { LiveAgentEvents } from './a2a/live-agent-events';
import { A2aPlatformController } from './a2a-platform.controller';
import { AgentCapabilityEntity, AgentCardEntity } from './agent-card.entity';
import { AgentDiscoveryService } from './agent-discovery.service';
import { AgentExecutionEntity } from './agent-execution.entity';
import { AgentRunsService } from './agent-runs.service';
import { AgentStreamGateway } from './agent-stream.gateway';
import { AgentEntity } from './agent.entity';
import { AgentsController } from './agents.controller';
import { AGENTS_MODULE } from './agents.descriptor';
import { AgentsHandlers } from './agents.handlers';
import { AgentsService } from './agents.service';
import { ModelProviderEntity } from './providers/model-provider.entity';
import { ModelProvidersController } from './providers/model-providers.controller';
import { ModelProvidersService } from './providers/model-providers.service';

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
    provideModuleIdentity(AGENTS_MODULE),
    AgentsService,
    ModelProvidersService,
    LiveAgentEvents,
    A2aServerService,
    AgentDiscoveryService,
    AgentRunsService,
    AgentStreamGateway,
    AgentsHandlers,
  ],
})
export class AgentsModule {}
