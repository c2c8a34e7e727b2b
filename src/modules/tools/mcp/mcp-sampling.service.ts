import { Inject, Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { ErrorCode, McpError, type CreateMessageRequest, type CreateMessageResult } from '@modelcontextprotocol/sdk/types.js';
import type { Repository } from 'typeorm';
import { Bus } from '@libs/bus';
import type { McpSamplingSettings } from 'src/modules/tools/mcp/mcp-server.entity';
import { McpSamplingRequestEntity, type SamplingOutcome } from 'src/modules/tools/mcp/mcp-sampling-request.entity';

/** The MCP specification's code for a sampling request the user (here: the admin's policy) rejected. */
export const SAMPLING_REJECTED = -1;
const MAX_MESSAGES = 100;
const MAX_TEXT_CHARS = 200_000;
const GENERATE_TIMEOUT_MS = 120_000;

export interface SamplingServer {
  id: string;
  name: string;
  sampling: McpSamplingSettings | null;
}

type SamplingParams = CreateMessageRequest['params'];

/**
 * Answers MCP servers' sampling/createMessage requests with the platform's model providers (agents.generate on the
 * bus), only for servers an admin allowed, within their token cap and rate, and records every request — answered,
 * refused or failed — in mcp_sampling_requests before the server gets its answer.
 */
@Injectable()
export class McpSamplingService {
  /** Start times of each server's requests in the last minute (this process). */
  private readonly recent = new Map<string, number[]>();

  constructor(
    @InjectRepository(McpSamplingRequestEntity) private readonly requests: Repository<McpSamplingRequestEntity>,
    @Inject(Bus) private readonly bus: Bus,
  ) {}

  async answer(server: SamplingServer, params: SamplingParams, principalId?: string): Promise<CreateMessageResult> {
    const started = Date.now();
    const settings = server.sampling;
    const record = (outcome: SamplingOutcome, fields: Partial<McpSamplingRequestEntity> = {}) =>
      this.requests.insert({
        serverId: server.id,
        principalId: principalId ?? null,
        outcome,
        reason: null,
        model: settings ? `${settings.provider}/${settings.modelId}` : null,
        messageCount: params.messages.length,
        maxTokensRequested: params.maxTokens,
        durationMs: Date.now() - started,
        ...fields,
      });
    const refuse = async (code: number, reason: string): Promise<never> => {
      await record('refused', { reason });
      throw new McpError(code, reason);
    };

    if (!settings?.enabled)
      return refuse(SAMPLING_REJECTED, `Sampling is not allowed for MCP server ${server.name}: an admin enables it with sampling.enabled`);
    const messages = params.messages.map((message) => ({ role: message.role, content: textOf(message.content) }));
    if (messages.some((message) => message.content === undefined))
      return refuse(ErrorCode.InvalidParams, 'Only text content can be sampled (image, audio and tool content are not supported)');
    if (messages.length === 0 || messages.length > MAX_MESSAGES)
      return refuse(ErrorCode.InvalidParams, `A sampling request needs 1 to ${MAX_MESSAGES} messages`);
    const chars = messages.reduce((sum, message) => sum + message.content!.length, (params.systemPrompt ?? '').length);
    if (chars > MAX_TEXT_CHARS) return refuse(ErrorCode.InvalidParams, `A sampling request may carry at most ${MAX_TEXT_CHARS} characters`);
    if (!this.admit(server.id, settings.perMinute, started))
      return refuse(
        SAMPLING_REJECTED,
        `MCP server ${server.name} exceeded its sampling limit of ${settings.perMinute} requests per minute`,
      );

    try {
      const completion = await this.bus.request(
        'agents.generate',
        {
          provider: settings.provider,
          modelId: settings.modelId,
          system: params.systemPrompt,
          messages: messages as Array<{ role: 'user' | 'assistant'; content: string }>,
          maxOutputTokens: Math.min(params.maxTokens, settings.maxTokens),
          temperature: params.temperature,
          stopSequences: params.stopSequences,
        },
        { timeoutMs: GENERATE_TIMEOUT_MS },
      );
      await record('completed', { inputTokens: completion.inputTokens, outputTokens: completion.outputTokens });
      return {
        role: 'assistant',
        content: { type: 'text', text: completion.text },
        model: `${settings.provider}/${settings.modelId}`,
        stopReason: completion.finishReason === 'length' ? 'maxTokens' : 'endTurn',
      };
    } catch (error) {
      const reason = `The model could not answer: ${error instanceof Error ? error.message : String(error)}`.slice(0, 2000);
      await record('failed', { reason });
      throw new McpError(ErrorCode.InternalError, reason);
    }
  }

  async list(serverId: string, limit: number, offset: number): Promise<{ items: McpSamplingRequestEntity[]; total: number }> {
    const [items, total] = await this.requests.findAndCount({
      where: { serverId },
      order: { createdAt: 'DESC' },
      take: limit,
      skip: offset,
    });
    return { items, total };
  }

  /** Sliding one-minute window per server. */
  private admit(serverId: string, perMinute: number, now: number): boolean {
    const times = (this.recent.get(serverId) ?? []).filter((at) => now - at < 60_000);
    const admitted = times.length < perMinute;
    if (admitted) times.push(now);
    this.recent.set(serverId, times);
    return admitted;
  }
}

/** The text of a sampling message's content (one block or several), or undefined if any block is not text. */
function textOf(content: SamplingParams['messages'][number]['content']): string | undefined {
  const blocks = Array.isArray(content) ? content : [content];
  if (blocks.some((block) => block.type !== 'text')) return undefined;
  return blocks.map((block) => (block as { text: string }).text).join('\n');
}
