import { Injectable } from '@nestjs/common';
import { Bus } from '@libs/bus';
import { RemoteAgentClient } from 'src/modules/agents/adapters/remote-agent.client';
import type { AgentBrain, BrainInput, BrainOutput } from 'src/modules/agents/brains/brain';
import { EchoBrain } from 'src/modules/agents/brains/echo.brain';
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
      // LangChain and LlamaIndex cost ~0.6 s and tens of MB to load: only when an agent of that kind first runs.
      langchain: new LazyBrain(true, async () => new (await import('../brains/langchain.brain')).LangChainBrain(providers)),
      llamaindex: new LazyBrain(true, async () => new (await import('../brains/llamaindex.brain')).LlamaIndexBrain(providers)),
      supervisor: new SupervisorBrain(bus),
      ...Object.fromEntries(MODULE_AGENT_ROLES.map((role) => [role, new ModuleAgentBrain(role, bus)])),
    };
  }

  /** The brain of an agent kind; unknown kinds think with the built-in model loop. */
  brainFor(kind: string): AgentBrain {
    return this.brains[kind] ?? this.brains.llm!;
  }
}

/** A brain whose code is loaded on its first run. */
class LazyBrain implements AgentBrain {
  private loaded?: Promise<AgentBrain>;

  constructor(
    readonly usesHistory: boolean,
    private readonly load: () => Promise<AgentBrain>,
  ) {}

  async run(input: BrainInput): Promise<BrainOutput> {
    this.loaded ??= this.load();
    return (await this.loaded).run(input);
  }
}
