import { createGoogleGenerativeAI } from '@ai-sdk/google';
import { createOpenAI } from '@ai-sdk/openai';
import { createOpenAICompatible } from '@ai-sdk/openai-compatible';
import { embedMany, type EmbeddingModel } from 'ai';
import type { EmbeddingKind } from 'src/modules/rag/entities/embedding-model.entity';
import type { Embedder } from 'src/modules/rag/rag.types';

const DEFAULT_BASE_URLS: Partial<Record<EmbeddingKind, string>> = { ollama: 'http://127.0.0.1:11434/v1' };

/** Hosted and self-hosted embedding APIs through the AI SDK (OpenAI, Google, any OpenAI-compatible server, Ollama). */
export class ProviderEmbedder implements Embedder {
  private readonly model: EmbeddingModel;

  constructor(
    kind: Exclude<EmbeddingKind, 'local' | 'transformers'>,
    modelId: string,
    readonly dimensions: number,
    options: { apiKey?: string; baseUrl?: string; timeoutMs: number },
  ) {
    this.timeoutMs = options.timeoutMs;
    const baseURL = options.baseUrl ?? DEFAULT_BASE_URLS[kind];
    switch (kind) {
      case 'openai':
        this.model = createOpenAI({ apiKey: options.apiKey, baseURL }).embedding(modelId);
        break;
      case 'google':
        this.model = createGoogleGenerativeAI({ apiKey: options.apiKey, baseURL }).embeddingModel(modelId);
        break;
      case 'openai-compatible':
      case 'ollama':
        this.model = createOpenAICompatible({ name: kind, baseURL: baseURL!, apiKey: options.apiKey }).embeddingModel(modelId);
        break;
    }
  }

  private readonly timeoutMs: number;

  async embed(texts: string[]): Promise<number[][]> {
    if (!texts.length) return [];
    // The AI SDK retries transient failures (429, 5xx) with backoff itself.
    const { embeddings } = await embedMany({
      model: this.model,
      values: texts,
      maxRetries: 3,
      abortSignal: AbortSignal.timeout(this.timeoutMs),
    });
    return embeddings;
  }
}

/** A transformers.js feature-extraction model from a local folder (optional dependency: `@huggingface/transformers`). */
export class TransformersEmbedder implements Embedder {
  private extractor?: Promise<(texts: string[], options: Record<string, unknown>) => Promise<{ tolist(): number[][] }>>;

  constructor(
    private readonly folder: string,
    readonly dimensions: number,
  ) {}

  async embed(texts: string[]): Promise<number[][]> {
    if (!texts.length) return [];
    this.extractor ??= this.load();
    const extract = await this.extractor;
    return (await extract(texts, { pooling: 'mean', normalize: true })).tolist();
  }

  private async load() {
    const moduleName = '@huggingface/transformers';
    const transformers = (await import(moduleName).catch(() => {
      throw new Error(
        'The transformers embedding kind needs the optional package @huggingface/transformers (npm install it with ONNXRUNTIME_NODE_INSTALL=skip)',
      );
    })) as { env: Record<string, unknown>; pipeline: (task: string, model: string, options?: Record<string, unknown>) => Promise<never> };
    // Never download: the model must be in the folder the user pointed to.
    transformers.env.allowRemoteModels = false;
    transformers.env.allowLocalModels = true;
    transformers.env.localModelPath = '';
    return transformers.pipeline('feature-extraction', this.folder);
  }
}
