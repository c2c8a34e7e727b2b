import { OpenAI } from '@llamaindex/openai';
import { AgentsError, AgentsErrorCode } from 'src/modules/agents/agents.errors';
import type { ModelProvidersService } from 'src/modules/agents/providers/model-providers.service';
import type { AgentBrain, BrainInput, BrainOutput } from './brain';

type LlamaMessage = { role: 'system' | 'user' | 'assistant'; content: string };

/**
 * LlamaIndex.TS as an agent's brain: the agent's model as a LlamaIndex LLM (OpenAI-compatible), chatted with
 * streaming. `llmFor` is the seam for richer LlamaIndex setups (query engines, workflows) over the same A2A plumbing.
 */
export class LlamaIndexBrain implements AgentBrain {
  readonly usesHistory = true;

  constructor(private readonly providers: ModelProvidersService) {}

  async llmFor(input: BrainInput): Promise<OpenAI> {
    const connection = await this.providers.connectionOf(input.agent.model?.provider);
    if (connection.kind === 'anthropic' || connection.kind === 'google')
      throw new AgentsError(
        AgentsErrorCode.AGENT_INVALID,
        'The LlamaIndex adapter talks to OpenAI-compatible providers; use brain "llm" for Anthropic and Google',
      );
    return new OpenAI({
      model: input.agent.model!.modelId,
      apiKey: connection.apiKey ?? 'unused',
      baseURL: connection.baseUrl,
      temperature: input.agent.model?.parameters?.temperature,
      maxTokens: input.agent.model?.parameters?.maxOutputTokens,
      maxRetries: 2,
    });
  }

  async run(input: BrainInput): Promise<BrainOutput> {
    const started = Date.now();
    const llm = await this.llmFor(input);
    const messages: LlamaMessage[] = [
      ...(input.agent.instructions ? [{ role: 'system' as const, content: input.agent.instructions }] : []),
      ...input.history.map((turn) => ({ role: turn.role, content: turn.content })),
      { role: 'user', content: input.text },
    ];
    let text = '';
    try {
      for await (const chunk of await llm.chat({ messages, stream: true })) {
        if (input.signal.aborted) throw input.signal.reason;
        text += chunk.delta;
        input.onText(chunk.delta);
      }
    } catch (error) {
      if (input.signal.aborted) throw error;
      throw new AgentsError(AgentsErrorCode.MODEL_CALL_FAILED, `LlamaIndex run failed: ${(error as Error).message.slice(0, 500)}`);
    }
    input.onStep({
      kind: 'model',
      name: `llamaindex:${input.agent.model?.provider}/${input.agent.model?.modelId}`,
      output: text.slice(0, 4000),
      latencyMs: Date.now() - started,
    });
    return { text };
  }
}
