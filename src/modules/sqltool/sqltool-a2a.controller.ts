import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiBody, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { DomainError, jsonRpcError, JsonRpcErrorCode, readJsonRpcRequest } from '@libs/contracts';
import { CurrentPrincipal, Expensive, RequirePermission } from 'src/core/auth/auth.decorators';
import type { Principal } from 'src/core/auth/permissions';
import { A2aSqlRequestDto, A2aSqlResponseDto } from './dto/a2a-sql.dto';
import { SqlExecutionService } from './sql-execution.service';

const rpcError = jsonRpcError;

const isUuid = (value: unknown) =>
  typeof value === 'string' && /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value);

/** The SQL tool as an A2A-style JSON-RPC endpoint: method `query` ({ connectionId, sql, params }) and `ask`. */
@ApiTags('a2a')
@Controller('a2a/sql')
export class SqlToolA2aController {
  constructor(private readonly execution: SqlExecutionService) {}

  @Post('query')
  @HttpCode(200)
  @Expensive()
  @RequirePermission('sql:execute')
  @ApiBody({ type: A2aSqlRequestDto })
  @ApiOkResponse({ type: A2aSqlResponseDto })
  async queryOverA2a(@Body() body: unknown, @CurrentPrincipal() principal: Principal): Promise<A2aSqlResponseDto> {
    const request = readJsonRpcRequest(body);
    if ('error' in request) return request;
    const { id: validId, method, params } = request;
    if (method === 'ask')
      return rpcError(validId, JsonRpcErrorCode.UNSUPPORTED_OPERATION, 'ask needs a model provider, which is not configured');
    if (method !== 'query')
      return rpcError(validId, JsonRpcErrorCode.METHOD_NOT_FOUND, `Unknown method ${String(method).slice(0, 100)}; use query or ask`);
    if (
      !params ||
      !isUuid(params.connectionId) ||
      typeof params.sql !== 'string' ||
      (params.params !== undefined && !Array.isArray(params.params))
    ) {
      return rpcError(validId, JsonRpcErrorCode.INVALID_PARAMS, 'params must be { connectionId: uuid, sql: string, params?: array }');
    }
    try {
      const result = await this.execution.execute({ connectionId: params.connectionId, sql: params.sql, params: params.params }, principal);
      return { jsonrpc: '2.0', id: validId, result };
    } catch (error) {
      if (error instanceof DomainError)
        return rpcError(validId, JsonRpcErrorCode.INVALID_PARAMS, error.message, { code: error.code, ...(error.details ?? {}) });
      throw error;
    }
  }
}
