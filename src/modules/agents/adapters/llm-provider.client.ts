import { Injectable } from '@nestjs/common';
import type { LanguageModel } from 'ai';
import type { ProviderKind } from 'src/modules/agents/entities/model-provider.entity';

export const DEFAULT_BASE_URLS: Partial<Record<ProviderKind, string>> = { ollama: 'http://127.0.0.1:11434/v1' };

export interface ModelConnection {
  kind: ProviderKind;
  /** The provider's name (OpenAI-compatible providers report it in errors). */
  name: string;
  modelId: string;
  apiKey?: string;
  baseUrl?: string;
}

export interface Completion {
  text: string;
  inputTokens: number;
  outputTokens: number;
  /** stop, length, content-filter, tool-calls, error, other (the AI SDK's finish reasons). */
  finishReason?: string;
}

/** The model providers' SDKs (all through the Vercel AI SDK): builds models and runs one-shot completions. */
@Injectable()
export class LlmProviderClient {
  /** A model of a provider; each provider's SDK loads when a provider of its kind is first used, not at start. */
  async model({ kind, name, modelId, apiKey, baseUrl }: ModelConnection): Promise<LanguageModel> {
    switch (kind) {
      case 'openai':
        // Chat Completions rather than the Responses API: what every OpenAI-compatible server speaks too.
        return (await import('@ai-sdk/openai')).createOpenAI({ apiKey, baseURL: baseUrl }).chat(modelId);
      case 'azure':
        return (await import('@ai-sdk/openai-compatible')).createOpenAICompatible({
          name,
          baseURL: baseUrl!,
          headers: apiKey ? { 'api-key': apiKey } : undefined,
          includeUsage: true,
        })(modelId);
      case 'openai-compatible':
      case 'ollama':
        return (await import('@ai-sdk/openai-compatible')).createOpenAICompatible({
          name,
          baseURL: baseUrl ?? DEFAULT_BASE_URLS[kind]!,
          apiKey,
          includeUsage: true,
        })(modelId);
      case 'anthropic':
        return (await import('@ai-sdk/anthropic')).createAnthropic({ apiKey, baseURL: baseUrl })(modelId);
      case 'google':
        return (await import('@ai-sdk/google')).createGoogleGenerativeAI({ apiKey, baseURL: baseUrl })(modelId);
    }
  }

  async generate(
    model: LanguageModel,
    request: {
      system?: string;
      prompt?: string;
      messages?: Array<{ role: 'user' | 'assistant'; content: string }>;
      maxOutputTokens?: number;
      temperature?: number;
      stopSequences?: string[];
      timeoutMs: number;
    },
  ): Promise<Completion> {
    const common = {
      model,
      system: request.system,
      maxOutputTokens: request.maxOutputTokens,
      temperature: request.temperature,
      stopSequences: request.stopSequences,
      maxRetries: 2,
      abortSignal: AbortSignal.timeout(request.timeoutMs),
    };
    const { generateText } = await import('ai');
    const result = request.messages?.length
      ? await generateText({ ...common, messages: request.messages })
      : await generateText({ ...common, prompt: request.prompt ?? '' });
    return {
      text: result.text,
      inputTokens: result.usage.inputTokens ?? 0,
      outputTokens: result.usage.outputTokens ?? 0,
      finishReason: result.finishReason,
    };
  }
}
