import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiBody, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { DomainError, jsonRpcError, JsonRpcErrorCode, readJsonRpcRequest } from '@libs/contracts';
import { CurrentPrincipal, Expensive, RequirePermission } from 'src/core/auth/auth.decorators';
import type { Principal } from 'src/core/auth/permissions';
import { toToolDto } from './dto/tool.dto';
import { ToolExecutionService } from './tool-execution.service';
import { ToolRegistryService } from './tool-registry.service';

/** Tools over A2A-style JSON-RPC 2.0: `execute` ({ toolId, arguments }) and `list` ({ tag?, origin? }). */
@ApiTags('a2a')
@Controller('a2a/tools')
export class ToolsA2aController {
  constructor(
    private readonly execution: ToolExecutionService,
    private readonly registry: ToolRegistryService,
  ) {}

  @Post('execute')
  @HttpCode(200)
  @Expensive()
  @RequirePermission('tools:execute')
  @ApiOperation({ summary: 'JSON-RPC 2.0: method execute {toolId, arguments, timeoutMs?} or list {origin?, tag?}' })
  @ApiBody({
    schema: {
      type: 'object',
      required: ['jsonrpc', 'id', 'method'],
      properties: { jsonrpc: { type: 'string' }, id: {}, method: { type: 'string' }, params: { type: 'object' } },
    },
  })
  @ApiOkResponse({ schema: { type: 'object', properties: { jsonrpc: { type: 'string' }, id: {}, result: {}, error: { type: 'object' } } } })
  async executeToolOverA2a(@Body() body: unknown, @CurrentPrincipal() principal: Principal): Promise<object> {
    const request = readJsonRpcRequest(body);
    if ('error' in request) return request;
    const { id: validId, method, params } = request;
    try {
      if (method === 'list')
        return {
          jsonrpc: '2.0',
          id: validId,
          result: (await this.registry.list({ origin: params?.origin, tag: params?.tag })).map(toToolDto),
        };
      if (method !== 'execute')
        return jsonRpcError(
          validId,
          JsonRpcErrorCode.METHOD_NOT_FOUND,
          `Unknown method ${String(method).slice(0, 100)}; use execute or list`,
        );
      if (
        !params ||
        typeof params.toolId !== 'string' ||
        (params.arguments !== undefined && (typeof params.arguments !== 'object' || Array.isArray(params.arguments)))
      )
        return jsonRpcError(validId, JsonRpcErrorCode.INVALID_PARAMS, 'params must be { toolId: string, arguments: object }');
      const outcome = await this.execution.execute(params.toolId, params.arguments ?? {}, {
        principal,
        timeoutMs: typeof params.timeoutMs === 'number' ? params.timeoutMs : undefined,
      });
      if (!outcome.ok)
        return jsonRpcError(
          validId,
          outcome.error!.code === 'TOOL_ARGUMENTS_INVALID' ? JsonRpcErrorCode.INVALID_PARAMS : JsonRpcErrorCode.INTERNAL_ERROR,
          outcome.error!.message,
          {
            code: outcome.error!.code,
            ...(outcome.error!.details ?? {}),
          },
        );
      return { jsonrpc: '2.0', id: validId, result: outcome };
    } catch (error) {
      if (error instanceof DomainError) return jsonRpcError(validId, JsonRpcErrorCode.INVALID_PARAMS, error.message, { code: error.code });
      throw error;
    }
  }
}
