import type { EmbeddingModel } from 'ai';
import type { EmbeddingKind } from 'src/modules/rag/entities/embedding-model.entity';
import type { Embedder } from 'src/modules/rag/rag.types';

const DEFAULT_BASE_URLS: Partial<Record<EmbeddingKind, string>> = { ollama: 'http://127.0.0.1:11434/v1' };

/** Hosted and self-hosted embedding APIs through the AI SDK (OpenAI, Google, any OpenAI-compatible server, Ollama). */
export class ProviderEmbedder implements Embedder {
  /** The provider's SDK loads with the first embedding, not at start. */
  private model?: Promise<EmbeddingModel>;
  private readonly timeoutMs: number;

  constructor(
    private readonly kind: Exclude<EmbeddingKind, 'local' | 'transformers'>,
    private readonly modelId: string,
    readonly dimensions: number,
    private readonly options: { apiKey?: string; baseUrl?: string; timeoutMs: number },
  ) {
    this.timeoutMs = options.timeoutMs;
  }

  async embed(texts: string[]): Promise<number[][]> {
    if (!texts.length) return [];
    this.model ??= this.load();
    const [{ embedMany }, model] = await Promise.all([import('ai'), this.model]);
    // The AI SDK retries transient failures (429, 5xx) with backoff itself.
    const { embeddings } = await embedMany({
      model,
      values: texts,
      maxRetries: 3,
      abortSignal: AbortSignal.timeout(this.timeoutMs),
    });
    return embeddings;
  }

  private async load(): Promise<EmbeddingModel> {
    const { kind, modelId, options } = this;
    const baseURL = options.baseUrl ?? DEFAULT_BASE_URLS[kind];
    switch (kind) {
      case 'openai':
        return (await import('@ai-sdk/openai')).createOpenAI({ apiKey: options.apiKey, baseURL }).embedding(modelId);
      case 'google':
        return (await import('@ai-sdk/google')).createGoogleGenerativeAI({ apiKey: options.apiKey, baseURL }).embeddingModel(modelId);
      case 'openai-compatible':
      case 'ollama':
        return (await import('@ai-sdk/openai-compatible'))
          .createOpenAICompatible({ name: kind, baseURL: baseURL!, apiKey: options.apiKey })
          .embeddingModel(modelId);
    }
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
