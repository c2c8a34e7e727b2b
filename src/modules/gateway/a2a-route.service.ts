import { Injectable } from '@nestjs/common';
import { Bus, BusError, BusErrorCode } from '@libs/bus';
import { jsonRpcError, JsonRpcErrorCode, type BusMethod } from '@libs/contracts';
import type { A2aRouteResponseDto } from './dto/a2a-route.dto';

const rpcError = jsonRpcError;

/** POST /a2a/route: checks the JSON-RPC envelope by hand (its errors are JSON-RPC errors, not problem details) and forwards it over the bus. */
@Injectable()
export class A2aRouteService {
  constructor(private readonly bus: Bus) {}

  async route(body: unknown): Promise<A2aRouteResponseDto> {
    if (Array.isArray(body)) return rpcError(null, JsonRpcErrorCode.INVALID_REQUEST, 'Batch requests are not supported');
    if (!body || typeof body !== 'object')
      return rpcError(null, JsonRpcErrorCode.INVALID_REQUEST, 'The body must be a JSON-RPC 2.0 request object');
    const { jsonrpc, id, method, params, target, ...rest } = body as Record<string, unknown>;
    const validId = typeof id === 'string' || typeof id === 'number' ? id : null;
    if (jsonrpc !== '2.0' || validId === null || (typeof id === 'string' && id.length > 200)) {
      return rpcError(validId, JsonRpcErrorCode.INVALID_REQUEST, 'jsonrpc must be "2.0" and id a string or number');
    }
    if (Object.keys(rest).length)
      return rpcError(validId, JsonRpcErrorCode.INVALID_REQUEST, `Unknown members: ${Object.keys(rest).join(', ')}`);
    if (typeof method !== 'string' || !/^[a-z-]+\.[A-Za-z.]+$/.test(method) || method.length > 200) {
      return rpcError(validId, JsonRpcErrorCode.METHOD_NOT_FOUND, 'method must name a bus method such as rag.card');
    }
    if (params !== undefined && (typeof params !== 'object' || params === null || Array.isArray(params))) {
      return rpcError(validId, JsonRpcErrorCode.INVALID_PARAMS, 'params must be an object');
    }
    if (target !== undefined && (typeof target !== 'string' || target.length > 200))
      return rpcError(validId, JsonRpcErrorCode.INVALID_PARAMS, 'target must be a string');
    try {
      const result = await this.bus.request(method as BusMethod, (params ?? {}) as never, {
        target: target as string | undefined,
        timeoutMs: 10_000,
      });
      return { jsonrpc: '2.0', id: validId, result };
    } catch (error) {
      if (!(error instanceof BusError)) throw error;
      const code = error.code === BusErrorCode.TIMEOUT ? JsonRpcErrorCode.METHOD_NOT_FOUND : error.rpcCode;
      const message = error.code === BusErrorCode.TIMEOUT ? `No module answered ${method} (not running or unknown method)` : error.message;
      return rpcError(validId, code, message, { code: error.code });
    }
  }
}
