import { Inject, Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { createAnthropic } from '@ai-sdk/anthropic';
import { createGoogleGenerativeAI } from '@ai-sdk/google';
import { createOpenAI } from '@ai-sdk/openai';
import { createOpenAICompatible } from '@ai-sdk/openai-compatible';
import type { LanguageModel } from 'ai';
import type { Repository } from 'typeorm';
import type { Env } from '@libs/config';
import { loadSecretBox, type SecretBox } from '@libs/crypto';
import { ENV } from 'src/core/env.token';
import { AgentsError, AgentsErrorCode } from 'src/modules/agents/agents.errors';
import type { CreateModelProviderDto, ModelProviderDto, UpdateModelProviderDto } from 'src/modules/agents/dto/model-provider.dto';
import { ModelProviderEntity, type ProviderKind } from './model-provider.entity';

export interface ResolvedModel {
  model: LanguageModel;
  provider: string;
  inputCostPerMTok: number;
  outputCostPerMTok: number;
}

const DEFAULT_BASE_URLS: Partial<Record<ProviderKind, string>> = { ollama: 'http://127.0.0.1:11434/v1' };

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
    @InjectRepository(ModelProviderEntity) private readonly providers: Repository<ModelProviderEntity>,
  ) {
    this.secrets = loadSecretBox(env);
  }

  async list(): Promise<ModelProviderDto[]> {
    const rows = await this.providers.find({ order: { name: 'ASC' } });
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
    if (await this.providers.exists({ where: { name: dto.name } }))
      throw new AgentsError(AgentsErrorCode.PROVIDER_EXISTS, `A model provider named ${dto.name} exists`);
    this.assertUsable(dto.kind, dto.baseUrl ?? null);
    const row = await this.providers.save(
      this.providers.create({
        name: dto.name,
        kind: dto.kind,
        baseUrl: dto.baseUrl ?? null,
        apiKeySealed: dto.apiKey ? this.secrets.seal(dto.apiKey) : null,
        inputCostPerMTok: dto.inputCostPerMTok ?? 0,
        outputCostPerMTok: dto.outputCostPerMTok ?? 0,
      }),
    );
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

  /** The AI SDK model for an agent's model reference, or a MODEL_NOT_CONFIGURED error naming what to set. */
  async resolve(providerName: string | undefined, modelId: string | undefined): Promise<ResolvedModel> {
    if (!providerName || !modelId)
      throw new AgentsError(
        AgentsErrorCode.MODEL_NOT_CONFIGURED,
        'This agent has no model: set model.provider and model.modelId (PUT /api/agents/:id) to a provider from GET /api/model-providers',
      );
    const row = await this.providers.findOne({ where: { name: providerName } });
    if (row) {
      const apiKey = row.apiKeySealed ? this.secrets.open(row.apiKeySealed) : undefined;
      return {
        model: this.build(row.kind, row.name, modelId, apiKey, row.baseUrl ?? undefined),
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
      model: this.build(implicit.kind, providerName, modelId, apiKey, baseUrl),
      provider: providerName,
      inputCostPerMTok: 0,
      outputCostPerMTok: 0,
    };
  }

  /** Raw connection settings of a provider, for adapters that bring their own client (LangChain, LlamaIndex). */
  async connectionOf(providerName: string | undefined): Promise<{ kind: ProviderKind; baseUrl?: string; apiKey?: string }> {
    if (!providerName)
      throw new AgentsError(AgentsErrorCode.MODEL_NOT_CONFIGURED, 'This agent has no model: set model.provider and model.modelId');
    const row = await this.providers.findOne({ where: { name: providerName } });
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

  private build(kind: ProviderKind, name: string, modelId: string, apiKey: string | undefined, baseUrl: string | undefined): LanguageModel {
    switch (kind) {
      case 'openai':
        // Chat Completions rather than the Responses API: what every OpenAI-compatible server speaks too.
        return createOpenAI({ apiKey, baseURL: baseUrl }).chat(modelId);
      case 'azure':
        return createOpenAICompatible({ name, baseURL: baseUrl!, headers: apiKey ? { 'api-key': apiKey } : undefined, includeUsage: true })(
          modelId,
        );
      case 'openai-compatible':
      case 'ollama':
        return createOpenAICompatible({ name, baseURL: baseUrl ?? DEFAULT_BASE_URLS[kind]!, apiKey, includeUsage: true })(modelId);
      case 'anthropic':
        return createAnthropic({ apiKey, baseURL: baseUrl })(modelId);
      case 'google':
        return createGoogleGenerativeAI({ apiKey, baseURL: baseUrl })(modelId);
    }
  }

  private assertUsable(kind: ProviderKind, baseUrl: string | null): void {
    if ((kind === 'openai-compatible' || kind === 'azure') && !baseUrl)
      throw new AgentsError(AgentsErrorCode.AGENT_INVALID, `A ${kind} provider needs baseUrl`);
  }

  private async find(id: string): Promise<ModelProviderEntity> {
    const row = /^[0-9a-f-]{36}$/i.test(id) ? await this.providers.findOne({ where: { id } }) : null;
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
