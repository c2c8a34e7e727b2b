import { Injectable } from '@nestjs/common';
import { Bus } from '@libs/bus';
import { RemoteAgentClient } from 'src/modules/agents/adapters/remote-agent.client';
import type { AgentBrain } from 'src/modules/agents/brains/brain';
import { EchoBrain } from 'src/modules/agents/brains/echo.brain';
import { LangChainBrain } from 'src/modules/agents/brains/langchain.brain';
import { LlamaIndexBrain } from 'src/modules/agents/brains/llamaindex.brain';
import { LlmBrain } from 'src/modules/agents/brains/llm.brain';
import { RemoteBrain } from 'src/modules/agents/brains/remote.brain';
import { SupervisorBrain } from 'src/modules/agents/brains/supervisor.brain';
import { MODULE_AGENT_ROLES, ModuleAgentBrain } from 'src/modules/agents/brains/module-agent.brain';
import { ModelProvidersService } from 'src/modules/agents/providers/model-providers.service';

/** One brain per kind, shared by every agent of that kind (brains keep no per-agent state). */
@Injectable()
export class BrainRegistry {
  private readonly brains: Record<string, AgentBrain>;

  constructor(providers: ModelProvidersService, bus: Bus, remote: RemoteAgentClient) {
    this.brains = {
      echo: new EchoBrain(),
      llm: new LlmBrain(providers, bus),
      remote: new RemoteBrain(remote),
      langchain: new LangChainBrain(providers),
      llamaindex: new LlamaIndexBrain(providers),
      supervisor: new SupervisorBrain(bus),
      ...Object.fromEntries(MODULE_AGENT_ROLES.map((role) => [role, new ModuleAgentBrain(role, bus)])),
    };
  }

  /** The brain of an agent kind; unknown kinds think with the built-in model loop. */
  brainFor(kind: string): AgentBrain {
    return this.brains[kind] ?? this.brains.llm!;
  }
}
