import { Inject, Injectable } from '@nestjs/common';
import type { LanguageModel } from 'ai';
import type { Env } from '@libs/config';
import { isUuid, type ParamsOf, type ResultOf } from '@libs/contracts';
import { loadSecretBox, type SecretBox } from '@libs/crypto';
import { ENV } from 'src/core/env.token';
import { DEFAULT_BASE_URLS, LlmProviderClient } from 'src/modules/agents/adapters/llm-provider.client';
import { AgentsError, AgentsErrorCode } from 'src/modules/agents/agents.errors';
import type { CreateModelProviderDto, ModelProviderDto, UpdateModelProviderDto } from 'src/modules/agents/dto/model-provider.dto';
import type { ModelProviderEntity, ProviderKind } from 'src/modules/agents/entities/model-provider.entity';
import { ModelProvidersRepository } from 'src/modules/agents/providers/model-providers.repository';

export interface ResolvedModel {
  model: LanguageModel;
  provider: string;
  inputCostPerMTok: number;
  outputCostPerMTok: number;
}

/** The env settings that make up each implicit provider, named in errors so users know what to set. */
const IMPLICIT_PROVIDERS: Record<string, { kind: ProviderKind; keyVar: keyof Env; baseUrlVar?: keyof Env }> = {
  openai: { kind: 'openai', keyVar: 'OPENAI_API_KEY', baseUrlVar: 'OPENAI_BASE_URL' },
  anthropic: { kind: 'anthropic', keyVar: 'ANTHROPIC_API_KEY' },
  google: { kind: 'google', keyVar: 'GOOGLE_GENERATIVE_AI_API_KEY' },
};

/**
 * Model providers agents can name: registered ones (key sealed in the database) and the implicit openai,
 * anthropic and google providers from the environment. All go through the Vercel AI SDK.
 */
@Injectable()
export class ModelProvidersService {
  private readonly secrets: SecretBox;

  constructor(
    @Inject(ENV) private readonly env: Env,
    private readonly providers: ModelProvidersRepository,
    private readonly llm: LlmProviderClient,
  ) {
    this.secrets = loadSecretBox(env);
  }

  async list(): Promise<ModelProviderDto[]> {
    const rows = await this.providers.all();
    const registered = rows.map((row) => this.toDto(row));
    const implicit = Object.entries(IMPLICIT_PROVIDERS)
      .filter(([name, spec]) => this.env[spec.keyVar] && !rows.some((row) => row.name === name))
      .map(([name, spec]) => ({
        id: `env:${name}`,
        name,
        kind: spec.kind,
        baseUrl: (spec.baseUrlVar && (this.env[spec.baseUrlVar] as string | undefined)) || null,
        hasApiKey: true,
        source: 'environment' as const,
        inputCostPerMTok: 0,
        outputCostPerMTok: 0,
      }));
    return [...registered, ...implicit];
  }

  async create(dto: CreateModelProviderDto): Promise<ModelProviderDto> {
    if (await this.providers.existsByName(dto.name))
      throw new AgentsError(AgentsErrorCode.PROVIDER_EXISTS, `A model provider named ${dto.name} exists`);
    this.assertUsable(dto.kind, dto.baseUrl ?? null);
    const row = await this.providers.create({
      name: dto.name,
      kind: dto.kind,
      baseUrl: dto.baseUrl ?? null,
      apiKeySealed: dto.apiKey ? this.secrets.seal(dto.apiKey) : null,
      inputCostPerMTok: dto.inputCostPerMTok ?? 0,
      outputCostPerMTok: dto.outputCostPerMTok ?? 0,
    });
    return this.toDto(row);
  }

  async update(id: string, dto: UpdateModelProviderDto): Promise<ModelProviderDto> {
    const row = await this.find(id);
    if (dto.baseUrl !== undefined) row.baseUrl = dto.baseUrl;
    if (dto.apiKey !== undefined) row.apiKeySealed = dto.apiKey ? this.secrets.seal(dto.apiKey) : null;
    if (dto.inputCostPerMTok !== undefined) row.inputCostPerMTok = dto.inputCostPerMTok;
    if (dto.outputCostPerMTok !== undefined) row.outputCostPerMTok = dto.outputCostPerMTok;
    this.assertUsable(row.kind, row.baseUrl);
    return this.toDto(await this.providers.save(row));
  }

  async remove(id: string): Promise<void> {
    await this.providers.remove(await this.find(id));
  }

  /** One completion with a registered provider, for modules that need text but no agent (RAG answers, summaries). */
  async generate({
    provider,
    modelId,
    system,
    prompt,
    messages,
    maxOutputTokens,
    temperature,
    stopSequences,
  }: ParamsOf<'agents.generate'>): Promise<ResultOf<'agents.generate'>> {
    const { model } = await this.resolve(provider, modelId);
    return this.llm.generate(model, {
      system,
      prompt,
      messages,
      maxOutputTokens,
      temperature,
      stopSequences,
      timeoutMs: this.env.A2A_OUTBOUND_TIMEOUT_MS,
    });
  }

  /** The AI SDK model for an agent's model reference, or a MODEL_NOT_CONFIGURED error naming what to set. */
  async resolve(providerName: string | undefined, modelId: string | undefined): Promise<ResolvedModel> {
    if (!providerName || !modelId)
      throw new AgentsError(
        AgentsErrorCode.MODEL_NOT_CONFIGURED,
        'This agent has no model: set model.provider and model.modelId (PUT /api/agents/:id) to a provider from GET /api/model-providers',
      );
    const row = await this.providers.findByName(providerName);
    if (row) {
      const apiKey = row.apiKeySealed ? this.secrets.open(row.apiKeySealed) : undefined;
      return {
        model: await this.llm.model({ kind: row.kind, name: row.name, modelId, apiKey, baseUrl: row.baseUrl ?? undefined }),
        provider: row.name,
        inputCostPerMTok: row.inputCostPerMTok,
        outputCostPerMTok: row.outputCostPerMTok,
      };
    }
    const implicit = IMPLICIT_PROVIDERS[providerName];
    const apiKey = implicit ? (this.env[implicit.keyVar] as string | undefined) : undefined;
    if (!implicit || !apiKey) {
      const hint = implicit ? `set ${String(implicit.keyVar)} or ` : '';
      throw new AgentsError(
        AgentsErrorCode.MODEL_NOT_CONFIGURED,
        `Model provider ${providerName} is not configured: ${hint}register it with POST /api/model-providers`,
        { provider: providerName, ...(implicit ? { setting: implicit.keyVar } : {}) },
      );
    }
    const baseUrl = implicit.baseUrlVar ? (this.env[implicit.baseUrlVar] as string | undefined) : undefined;
    return {
      model: await this.llm.model({ kind: implicit.kind, name: providerName, modelId, apiKey, baseUrl }),
      provider: providerName,
      inputCostPerMTok: 0,
      outputCostPerMTok: 0,
    };
  }

  /** Raw connection settings of a provider, for adapters that bring their own client (LangChain, LlamaIndex). */
  async connectionOf(providerName: string | undefined): Promise<{ kind: ProviderKind; baseUrl?: string; apiKey?: string }> {
    if (!providerName)
      throw new AgentsError(AgentsErrorCode.MODEL_NOT_CONFIGURED, 'This agent has no model: set model.provider and model.modelId');
    const row = await this.providers.findByName(providerName);
    if (row)
      return {
        kind: row.kind,
        baseUrl: row.baseUrl ?? DEFAULT_BASE_URLS[row.kind],
        apiKey: row.apiKeySealed ? this.secrets.open(row.apiKeySealed) : undefined,
      };
    const implicit = IMPLICIT_PROVIDERS[providerName];
    const apiKey = implicit ? (this.env[implicit.keyVar] as string | undefined) : undefined;
    if (!implicit || !apiKey)
      throw new AgentsError(AgentsErrorCode.MODEL_NOT_CONFIGURED, `Model provider ${providerName} is not configured`, {
        provider: providerName,
      });
    return {
      kind: implicit.kind,
      apiKey,
      baseUrl: implicit.baseUrlVar ? (this.env[implicit.baseUrlVar] as string | undefined) : undefined,
    };
  }

  private assertUsable(kind: ProviderKind, baseUrl: string | null): void {
    if ((kind === 'openai-compatible' || kind === 'azure') && !baseUrl)
      throw new AgentsError(AgentsErrorCode.AGENT_INVALID, `A ${kind} provider needs baseUrl`);
  }

  private async find(id: string): Promise<ModelProviderEntity> {
    const row = isUuid(id) ? await this.providers.findById(id) : null;
    if (!row) throw new AgentsError(AgentsErrorCode.PROVIDER_NOT_FOUND, `Model provider ${id} not found`);
    return row;
  }

  private toDto(row: ModelProviderEntity): ModelProviderDto {
    return {
      id: row.id,
      name: row.name,
      kind: row.kind,
      baseUrl: row.baseUrl,
      hasApiKey: row.apiKeySealed !== null,
      source: 'registered',
      inputCostPerMTok: row.inputCostPerMTok,
      outputCostPerMTok: row.outputCostPerMTok,
    };
  }
}
