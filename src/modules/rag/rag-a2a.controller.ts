import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiBody, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { DomainError, jsonRpcError, JsonRpcErrorCode, readJsonRpcRequest } from '@libs/contracts';
import { CurrentPrincipal, Expensive, RequirePermission } from 'src/core/auth/auth.decorators';
import type { Principal } from 'src/core/auth/permissions';
import { QaService } from './search/qa.service';
import { SearchService } from './search/search.service';

/**
 * The knowledge agent over JSON-RPC 2.0: `ask` ({ collection, question, k?, model? }) answers with citations,
 * `search` ({ collection, query, k?, mode? }) returns passages.
 */
@ApiTags('a2a')
@Controller('a2a')
export class RagA2aController {
  constructor(
    private readonly qa: QaService,
    private readonly search: SearchService,
  ) {}

  @Post('ask')
  @HttpCode(200)
  @Expensive()
  @RequirePermission('rag:read')
  @ApiBody({
    schema: {
      type: 'object',
      required: ['jsonrpc', 'id', 'method', 'params'],
      properties: {
        jsonrpc: { type: 'string', enum: ['2.0'] },
        id: { oneOf: [{ type: 'string' }, { type: 'number' }] },
        method: { enum: ['ask', 'search'] },
        params: { type: 'object', additionalProperties: true },
      },
    },
  })
  @ApiOkResponse({ description: 'A JSON-RPC 2.0 response: result, or error with a JSON-RPC code' })
  async askOverA2a(@Body() body: unknown, @CurrentPrincipal() principal: Principal) {
    const request = readJsonRpcRequest(body);
    if ('error' in request) return request;
    const { id: validId, method, params } = request;
    if (method !== 'ask' && method !== 'search')
      return jsonRpcError(validId, JsonRpcErrorCode.METHOD_NOT_FOUND, `Unknown method ${String(method).slice(0, 100)}; use ask or search`);
    const text = method === 'ask' ? params?.question : params?.query;
    const k = params?.k ?? (method === 'ask' ? 5 : 10);
    if (
      !params ||
      typeof params.collection !== 'string' ||
      typeof text !== 'string' ||
      !text.trim() ||
      text.length > 10_000 ||
      !Number.isInteger(k) ||
      k < 1 ||
      k > 100 ||
      (params.mode !== undefined && !['semantic', 'keyword', 'hybrid'].includes(params.mode)) ||
      (params.model !== undefined && (typeof params.model?.provider !== 'string' || typeof params.model?.modelId !== 'string'))
    ) {
      const shape = method === 'ask' ? '{ collection, question, k?, model?: { provider, modelId } }' : '{ collection, query, k?, mode? }';
      return jsonRpcError(validId, JsonRpcErrorCode.INVALID_PARAMS, `params must be ${shape}`);
    }
    try {
      const result =
        method === 'ask'
          ? await this.qa.ask({ collection: params.collection, question: text, k, model: params.model }, principal.id)
          : await this.search.search(params.mode ?? 'hybrid', { collection: params.collection, query: text, k }, principal.id);
      return { jsonrpc: '2.0', id: validId, result };
    } catch (error) {
      if (error instanceof DomainError)
        return jsonRpcError(validId, JsonRpcErrorCode.INVALID_PARAMS, error.message, { code: error.code, ...(error.details ?? {}) });
      throw error;
    }
  }
}
