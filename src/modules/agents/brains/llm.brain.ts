import { trace } from '@opentelemetry/api';
import { recordChatSpan, withToolSpan } from 'src/modules/agents/gen-ai-spans';
import type { ModelMessage, ToolSet } from 'ai';
import { Bus } from '@libs/bus';
import { AgentsError, AgentsErrorCode } from 'src/modules/agents/agents.errors';
import type { ModelProvidersService } from 'src/modules/agents/providers/model-providers.service';
import type { AgentBrain, BrainInput, BrainOutput } from './brain';

const TOOL_RESULT_CHARS = 20_000;

/**
 * The built-in agent loop on the Vercel AI SDK: model call, tool calls, model call... until the model answers or
 * the step limit is reached. Tools come from the other modules over the bus, so an agent simply has fewer of
 * them while a module is absent: its allowed MCP/built-in tools, a knowledge search per collection, SQL per
 * connection.
 */
export class LlmBrain implements AgentBrain {
  readonly usesHistory = true;

  constructor(
    private readonly providers: ModelProvidersService,
    private readonly bus: Bus,
  ) {}

  async run(input: BrainInput): Promise<BrainOutput> {
    const { agent } = input;
    const resolved = await this.providers.resolve(agent.model?.provider, agent.model?.modelId);
    // The AI SDK loads with the first run, not at start.
    const { stepCountIs, streamText } = await import('ai');
    const tools = await this.toolsFor(input);
    const messages: ModelMessage[] = [
      ...input.history.map((turn) => ({ role: turn.role, content: turn.content })),
      { role: 'user', content: input.text },
    ];
    let stepStarted = Date.now();
    const agentSpan = trace.getActiveSpan();
    let streamError: unknown;
    const result = streamText({
      model: resolved.model,
      system: agent.instructions || undefined,
      messages,
      tools,
      stopWhen: stepCountIs(agent.limits.maxSteps),
      abortSignal: input.signal,
      temperature: agent.model?.parameters?.temperature,
      maxOutputTokens: agent.model?.parameters?.maxOutputTokens,
      topP: agent.model?.parameters?.topP,
      maxRetries: 2,
      onError: ({ error }) => {
        streamError = error;
      },
      onStepFinish: (step) => {
        input.onStep({
          kind: 'model',
          name: `${resolved.provider}/${agent.model?.modelId}`,
          output: step.text ? step.text.slice(0, 4000) : undefined,
          inputTokens: step.usage.inputTokens ?? 0,
          outputTokens: step.usage.outputTokens ?? 0,
          latencyMs: Date.now() - stepStarted,
        });
        const stepInput = step.usage.inputTokens ?? 0;
        const stepOutput = step.usage.outputTokens ?? 0;
        recordChatSpan(agentSpan, {
          provider: resolved.provider,
          requestModel: agent.model?.modelId ?? 'default',
          responseModel: step.response?.modelId,
          startedAt: stepStarted,
          inputTokens: stepInput,
          outputTokens: stepOutput,
          costUsd: (stepInput * resolved.inputCostPerMTok + stepOutput * resolved.outputCostPerMTok) / 1e6,
          finishReason: step.finishReason,
        });
        for (const call of step.toolResults) {
          input.onStep({ kind: 'tool', name: call.toolName, input: call.input, output: truncate(call.output), latencyMs: 0 });
        }
        stepStarted = Date.now();
      },
    });
    for await (const delta of result.textStream) input.onText(delta);
    if (streamError) throw modelError(streamError);
    const [text, usage] = await Promise.all([result.text, result.totalUsage]);
    const inputTokens = usage.inputTokens ?? 0;
    const outputTokens = usage.outputTokens ?? 0;
    return {
      text,
      inputTokens,
      outputTokens,
      costUsd: (inputTokens * resolved.inputCostPerMTok + outputTokens * resolved.outputCostPerMTok) / 1e6,
    };
  }

  private async toolsFor(input: BrainInput): Promise<ToolSet> {
    const { agent } = input;
    const { jsonSchema, tool } = await import('ai');
    const tools: ToolSet = {};
    if (agent.tools.length) {
      const available = await this.bus.request('tools.list', { ids: agent.tools }, { timeoutMs: 5_000 }).catch(() => []);
      for (const spec of available) {
        tools[safeName(spec.name)] = tool({
          description: spec.description,
          inputSchema: jsonSchema(spec.inputSchema as never),
          execute: (args) =>
            withToolSpan(spec.name, async () => {
              // A question a server asks during the call goes to the A2A caller (input-required on this task),
              // so the call may wait for a person: up to the run's own time limit.
              const out = await this.bus.request(
                'tools.execute',
                {
                  toolId: spec.id,
                  arguments: args as Record<string, unknown>,
                  principal: input.principal,
                  agentId: agent.id,
                  elicitationChannel: input.taskId,
                },
                { timeoutMs: agent.limits.timeoutMs },
              );
              return out.ok ? out.result : { error: out.error };
            }),
        });
      }
    }
    for (const collection of agent.knowledge) {
      tools[safeName(`search_${collection}`)] = tool({
        description: `Search the knowledge collection "${collection}" and return the most relevant passages`,
        inputSchema: jsonSchema<{ query: string }>({ type: 'object', properties: { query: { type: 'string' } }, required: ['query'] }),
        execute: ({ query }) =>
          withToolSpan(
            `search_${collection}`,
            async () => (await this.bus.request('rag.search', { collection, query, k: 5, mode: 'hybrid' })).results,
          ),
      });
    }
    for (const connectionId of agent.sqlConnections) {
      tools[safeName(`sql_${connectionId.slice(0, 8)}`)] = tool({
        description: `Run one read-only SQL statement on database connection ${connectionId}`,
        inputSchema: jsonSchema<{ sql: string }>({ type: 'object', properties: { sql: { type: 'string' } }, required: ['sql'] }),
        execute: ({ sql }) =>
          withToolSpan(`sql_${connectionId.slice(0, 8)}`, () =>
            this.bus.request('sqltool.query', { connectionId, sql, principal: input.principal }),
          ),
      });
    }
    return tools;
  }
}

function safeName(name: string): string {
  return name.replace(/[^a-zA-Z0-9_-]/g, '_').slice(0, 64);
}

function truncate(value: unknown): unknown {
  const text = JSON.stringify(value) ?? '';
  return text.length > TOOL_RESULT_CHARS ? `${text.slice(0, TOOL_RESULT_CHARS)}…` : value;
}

function modelError(error: unknown): Error {
  if (error instanceof AgentsError) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new AgentsError(AgentsErrorCode.MODEL_CALL_FAILED, `Model call failed: ${message.slice(0, 500)}`);
}
