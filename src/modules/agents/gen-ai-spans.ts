import { context, SpanKind, SpanStatusCode, trace, type Attributes, type Span } from '@opentelemetry/api';

/**
 * Spans in the OpenTelemetry GenAI semantic conventions: `invoke_agent {name}` for an agent run, `chat {model}` for
 * each model call, `execute_tool {name}` for each tool call, with gen_ai.* attributes (tokens and cost included), so
 * the span store and any OTLP backend read agent runs the same way.
 */
const tracer = trace.getTracer('agentic-agents');

export function startAgentSpan(agent: { id: string; name: string; brain: string }, taskId: string, contextId: string): Span {
  return tracer.startSpan(`invoke_agent ${agent.name}`, {
    kind: SpanKind.INTERNAL,
    attributes: {
      'gen_ai.operation.name': 'invoke_agent',
      'gen_ai.agent.id': agent.id,
      'gen_ai.agent.name': agent.name,
      'gen_ai.conversation.id': contextId,
      'a2a.task.id': taskId,
      'platform.module': 'agents',
      'agent.brain': agent.brain,
    },
  });
}

/** Runs fn with span as the active span (bus messages and tool spans become its children). */
export function inSpan<T>(span: Span, fn: () => Promise<T>): Promise<T> {
  return context.with(trace.setSpan(context.active(), span), fn);
}

export function usageAttributes(usage: { inputTokens?: number; outputTokens?: number; costUsd?: number }): Attributes {
  return {
    'gen_ai.usage.input_tokens': usage.inputTokens ?? 0,
    'gen_ai.usage.output_tokens': usage.outputTokens ?? 0,
    'gen_ai.usage.cost': usage.costUsd ?? 0,
  };
}

/** One model call, recorded after the fact (the AI SDK reports each step when it finishes). */
export function recordChatSpan(
  parent: Span | undefined,
  call: {
    provider: string;
    requestModel: string;
    responseModel?: string;
    startedAt: number;
    inputTokens: number;
    outputTokens: number;
    costUsd: number;
    finishReason?: string;
  },
): void {
  const parentContext = parent ? trace.setSpan(context.active(), parent) : context.active();
  const span = tracer.startSpan(
    `chat ${call.requestModel}`,
    {
      kind: SpanKind.CLIENT,
      startTime: call.startedAt,
      attributes: {
        'gen_ai.operation.name': 'chat',
        'gen_ai.provider.name': call.provider,
        'gen_ai.request.model': call.requestModel,
        'gen_ai.response.model': call.responseModel ?? call.requestModel,
        ...(call.finishReason ? { 'gen_ai.response.finish_reasons': [call.finishReason] } : {}),
        ...usageAttributes(call),
        'platform.module': 'agents',
      },
    },
    parentContext,
  );
  span.end();
}

/** A tool call as an `execute_tool` span around fn. */
export async function withToolSpan<T>(toolName: string, fn: () => Promise<T>): Promise<T> {
  const span = tracer.startSpan(`execute_tool ${toolName}`, {
    kind: SpanKind.INTERNAL,
    attributes: { 'gen_ai.operation.name': 'execute_tool', 'gen_ai.tool.name': toolName, 'platform.module': 'agents' },
  });
  try {
    return await inSpan(span, fn);
  } catch (error) {
    span.setStatus({ code: SpanStatusCode.ERROR, message: error instanceof Error ? error.message : String(error) });
    throw error;
  } finally {
    span.end();
  }
}
