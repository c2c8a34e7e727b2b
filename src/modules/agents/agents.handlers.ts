import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { generateText } from 'ai';
import { BusHandler } from '@libs/bus';
import type { Env } from '@libs/config';
import type { ParamsOf } from '@libs/contracts';
import { ENV } from 'src/core/env.token';
import { AgentRunsService } from './agent-runs.service';
import { AgentsService } from './agents.service';
import { ModelProvidersService } from './providers/model-providers.service';

export const CONFORMANCE_AGENT_NAME = 'a2a-conformance';

/** Agents over the bus (workflows, orchestrator), and the conformance agent when enabled. */
@Injectable()
export class AgentsHandlers implements OnApplicationBootstrap {
  private readonly logger = new Logger('Agents');

  constructor(
    @Inject(ENV) private readonly env: Env,
    private readonly agents: AgentsService,
    private readonly runs: AgentRunsService,
    private readonly providers: ModelProvidersService,
  ) {}

  /** One completion with a registered provider, for modules that need text but no agent (RAG answers, summaries). */
  @BusHandler('agents.generate')
  async generate({ provider, modelId, system, prompt, maxOutputTokens }: ParamsOf<'agents.generate'>) {
    const { model } = await this.providers.resolve(provider, modelId);
    const result = await generateText({
      model,
      system,
      prompt,
      maxOutputTokens,
      maxRetries: 2,
      abortSignal: AbortSignal.timeout(this.env.A2A_OUTBOUND_TIMEOUT_MS),
    });
    return { text: result.text, inputTokens: result.usage.inputTokens ?? 0, outputTokens: result.usage.outputTokens ?? 0 };
  }

  @BusHandler('agents.send')
  async send({ agentId, capability, text, contextId, principal }: ParamsOf<'agents.send'>) {
    const result = await this.runs.send({ agentId, capability }, { input: text, contextId }, principal);
    return { agentId: result.agentId, taskId: result.taskId, contextId: result.contextId, state: result.state, output: result.output };
  }

  async onApplicationBootstrap(): Promise<void> {
    if (!this.env.A2A_CONFORMANCE_AGENT) return;
    const existing = await this.agents.findByName(CONFORMANCE_AGENT_NAME);
    const agent =
      existing ??
      (await this.agents.create(
        {
          name: CONFORMANCE_AGENT_NAME,
          brain: 'conformance',
          description: 'Follows the A2A TCK scenarios (messageId prefixes tck-*)',
          publicAccess: true,
          skills: [{ id: 'tck', name: 'TCK scenarios', description: 'Answers as the A2A TCK scenarios prescribe', tags: ['conformance'] }],
        },
        { kind: 'user', id: 'system', name: 'system', role: 'admin' },
      ));
    this.logger.log(`A2A conformance agent (public): ${this.agents.defaultBaseUrl()}/a2a/agents/${agent.id}`);
  }
}
