import type { z } from 'zod';
import { DomainError } from './domain-error';
import { jsonRpcError, JsonRpcErrorCode, readJsonRpcRequest, type JsonRpcErrorResponse, type JsonRpcId } from './json-rpc';

export interface JsonRpcSuccess<T = unknown> {
  jsonrpc: '2.0';
  id: JsonRpcId;
  result: T;
}

export type JsonRpcResponse<T = unknown> = JsonRpcSuccess<T> | JsonRpcErrorResponse;

/** One method of a JSON-RPC endpoint: a zod schema for its params and the call it makes. */
export interface JsonRpcMethod<S extends z.ZodType = z.ZodType> {
  params: S;
  /** Describes the expected params in the INVALID_PARAMS message, e.g. `{ collection, question, k? }`. */
  shape: string;
  run(params: z.infer<S>): Promise<unknown>;
}

export function jsonRpcMethod<S extends z.ZodType>(method: JsonRpcMethod<S>): JsonRpcMethod<S> {
  return method;
}

/**
 * Serves one JSON-RPC 2.0 request against a method table: envelope checks, method lookup, params validation, and
 * a DomainError turned into the JSON-RPC code for its HTTP status with `data: { code, status, details }`, the
 * same shape the bus uses. Any other error propagates (the HTTP filter answers it as a 500 with an errorId).
 */
export async function serveJsonRpc(body: unknown, methods: Record<string, JsonRpcMethod>): Promise<JsonRpcResponse> {
  const request = readJsonRpcRequest(body);
  if ('error' in request) return request;
  const { id, method: name } = request;
  const method = typeof name === 'string' && Object.hasOwn(methods, name) ? methods[name] : undefined;
  if (!method) {
    const known = Object.keys(methods).join(' or ');
    return jsonRpcError(id, JsonRpcErrorCode.METHOD_NOT_FOUND, `Unknown method ${String(name).slice(0, 100)}; use ${known}`);
  }
  const parsed = method.params.safeParse(request.params ?? {});
  if (!parsed.success) {
    const issues = parsed.error.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message }));
    return jsonRpcError(id, JsonRpcErrorCode.INVALID_PARAMS, `params must be ${method.shape}`, { code: 'INVALID_PARAMS', issues });
  }
  try {
    return { jsonrpc: '2.0', id, result: await method.run(parsed.data) };
  } catch (error) {
    if (error instanceof DomainError) return jsonRpcError(id, error.rpcCode, error.message, error.toRpcData());
    throw error;
  }
}
