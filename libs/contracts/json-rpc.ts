/** JSON-RPC 2.0 error codes, plus the A2A specification's own (-32001..-32009). */
export enum JsonRpcErrorCode {
  PARSE_ERROR = -32700,
  INVALID_REQUEST = -32600,
  METHOD_NOT_FOUND = -32601,
  INVALID_PARAMS = -32602,
  INTERNAL_ERROR = -32603,
  TASK_NOT_FOUND = -32001,
  TASK_NOT_CANCELABLE = -32002,
  PUSH_NOTIFICATION_NOT_SUPPORTED = -32003,
  UNSUPPORTED_OPERATION = -32004,
  CONTENT_TYPE_NOT_SUPPORTED = -32005,
  INVALID_AGENT_RESPONSE = -32006,
  EXTENDED_CARD_NOT_CONFIGURED = -32007,
  EXTENSION_SUPPORT_REQUIRED = -32008,
  VERSION_NOT_SUPPORTED = -32009,
  /** Platform-specific (server error range -32000..-32099): the bus gave up waiting for a reply. */
  TIMEOUT = -32050,
  /** Platform-specific: nobody serves this method right now. */
  UNAVAILABLE = -32051,
  /** Platform-specific: the named resource does not exist (HTTP 404). */
  NOT_FOUND = -32052,
  /** Platform-specific: the request conflicts with the resource's state (HTTP 409). */
  CONFLICT = -32053,
  /** Platform-specific: the caller may not do this (HTTP 401/403). */
  FORBIDDEN = -32054,
  /** Platform-specific: over a rate limit or quota (HTTP 429). */
  RATE_LIMITED = -32055,
}

/** The JSON-RPC code that carries an HTTP status across a JSON-RPC hop (bus, A2A-style endpoints). */
export function rpcCodeForStatus(status: number): number {
  if (status === 404) return JsonRpcErrorCode.NOT_FOUND;
  if (status === 409) return JsonRpcErrorCode.CONFLICT;
  if (status === 401 || status === 403) return JsonRpcErrorCode.FORBIDDEN;
  if (status === 429) return JsonRpcErrorCode.RATE_LIMITED;
  if (status === 503) return JsonRpcErrorCode.UNAVAILABLE;
  if (status === 504) return JsonRpcErrorCode.TIMEOUT;
  if (status >= 400 && status < 500) return JsonRpcErrorCode.INVALID_PARAMS;
  return JsonRpcErrorCode.INTERNAL_ERROR;
}

export interface JsonRpcError {
  code: number;
  message: string;
  data?: unknown;
}

export type JsonRpcId = string | number | null;

export interface JsonRpcErrorResponse {
  jsonrpc: '2.0';
  id: JsonRpcId;
  error: JsonRpcError;
}

/** A JSON-RPC 2.0 error response; `data` is left out when there is none. */
export function jsonRpcError(id: JsonRpcId, code: number, message: string, data?: unknown): JsonRpcErrorResponse {
  return { jsonrpc: '2.0', id, error: { code, message, ...(data === undefined ? {} : { data }) } };
}

/** One JSON-RPC 2.0 request as an endpoint receives it, after the envelope checks. */
export interface JsonRpcRequestIn {
  id: string | number;
  method: unknown;
  params: any;
}

/**
 * Checks the envelope of a JSON-RPC 2.0 request body: one object (batches are refused), `jsonrpc: "2.0"` and a
 * string or number id. Returns the request, or the INVALID_REQUEST response to send instead.
 */
export function readJsonRpcRequest(body: unknown): JsonRpcRequestIn | JsonRpcErrorResponse {
  if (!body || typeof body !== 'object' || Array.isArray(body))
    return jsonRpcError(null, JsonRpcErrorCode.INVALID_REQUEST, 'Expected one JSON-RPC 2.0 request object');
  const { jsonrpc, id, method, params } = body as Record<string, unknown>;
  const validId = typeof id === 'string' || typeof id === 'number' ? id : null;
  if (jsonrpc !== '2.0' || validId === null)
    return jsonRpcError(validId, JsonRpcErrorCode.INVALID_REQUEST, 'jsonrpc must be "2.0" and id a string or number');
  return { id: validId, method, params };
}
