import { AIMessage, HumanMessage, SystemMessage, type BaseMessage } from '@langchain/core/messages';
import { StringOutputParser } from '@langchain/core/output_parsers';
import type { Runnable } from '@langchain/core/runnables';
import { ChatOpenAI } from '@langchain/openai';
import { AgentsError, AgentsErrorCode } from 'src/modules/agents/agents.errors';
import type { ModelProvidersService } from 'src/modules/agents/providers/model-providers.service';
import type { AgentBrain, BrainInput, BrainOutput } from './brain';

/**
 * LangChain.js as an agent's brain: the agent's model becomes a LangChain chat model, piped into a string
 * parser, and the runnable is streamed. `runnableFor` is the seam: a deployment that wants its own chain
 * (retrievers, LCEL graphs) replaces it and keeps the A2A task handling, streaming and run records.
 */
export class LangChainBrain implements AgentBrain {
  readonly usesHistory = true;

  constructor(private readonly providers: ModelProvidersService) {}

  async runnableFor(input: BrainInput): Promise<Runnable<BaseMessage[], string>> {
    const { agent } = input;
    const connection = await this.providers.connectionOf(agent.model?.provider);
    if (connection.kind === 'anthropic' || connection.kind === 'google')
      throw new AgentsError(
        AgentsErrorCode.AGENT_INVALID,
        'The LangChain adapter talks to OpenAI-compatible providers; use brain "llm" for Anthropic and Google',
      );
    const model = new ChatOpenAI({
      model: agent.model!.modelId,
      apiKey: connection.apiKey ?? 'unused',
      configuration: { baseURL: connection.baseUrl },
      temperature: agent.model?.parameters?.temperature,
      maxTokens: agent.model?.parameters?.maxOutputTokens,
      streaming: true,
      streamUsage: true,
      maxRetries: 2,
    });
    return model.pipe(new StringOutputParser());
  }

  async run(input: BrainInput): Promise<BrainOutput> {
    const started = Date.now();
    const runnable = await this.runnableFor(input);
    const messages: BaseMessage[] = [
      ...(input.agent.instructions ? [new SystemMessage(input.agent.instructions)] : []),
      ...input.history.map((turn) => (turn.role === 'user' ? new HumanMessage(turn.content) : new AIMessage(turn.content))),
      new HumanMessage(input.text),
    ];
    let text = '';
    try {
      for await (const chunk of await runnable.stream(messages, { signal: input.signal })) {
        text += chunk;
        input.onText(chunk);
      }
    } catch (error) {
      if (input.signal.aborted) throw error;
      throw new AgentsError(AgentsErrorCode.MODEL_CALL_FAILED, `LangChain run failed: ${(error as Error).message.slice(0, 500)}`);
    }
    input.onStep({
      kind: 'model',
      name: `langchain:${input.agent.model?.provider}/${input.agent.model?.modelId}`,
      output: text.slice(0, 4000),
      latencyMs: Date.now() - started,
    });
    return { text };
  }
}
