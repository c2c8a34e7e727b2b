import { DomainError, JsonRpcErrorCode, type JsonRpcError } from '@libs/contracts';

export enum BusErrorCode {
  TIMEOUT = 'BUS_TIMEOUT',
  NO_HANDLER = 'BUS_NO_HANDLER',
  HANDLER_FAILED = 'BUS_HANDLER_FAILED',
  INVALID_PARAMS = 'BUS_INVALID_PARAMS',
  CLOSED = 'BUS_CLOSED',
  /** The replica handling a request stopped before answering, and the method is not safe to run again. */
  REPLICA_LOST = 'BUS_REPLICA_LOST',
}

const RPC_CODES: Record<BusErrorCode, number> = {
  [BusErrorCode.TIMEOUT]: JsonRpcErrorCode.TIMEOUT,
  [BusErrorCode.NO_HANDLER]: JsonRpcErrorCode.METHOD_NOT_FOUND,
  [BusErrorCode.HANDLER_FAILED]: JsonRpcErrorCode.INTERNAL_ERROR,
  [BusErrorCode.INVALID_PARAMS]: JsonRpcErrorCode.INVALID_PARAMS,
  [BusErrorCode.CLOSED]: JsonRpcErrorCode.UNAVAILABLE,
  [BusErrorCode.REPLICA_LOST]: JsonRpcErrorCode.UNAVAILABLE,
};

/** A failed bus request, as the caller sees it: transport trouble or the remote handler's error. */
export class BusError extends Error {
  constructor(
    readonly code: BusErrorCode | string,
    message: string,
    readonly rpcCode: number = RPC_CODES[code as BusErrorCode] ?? JsonRpcErrorCode.INTERNAL_ERROR,
    readonly data?: unknown,
  ) {
    super(message);
    this.name = 'BusError';
  }

  /** The HTTP status the remote handler's error carried, if it carried one. */
  get status(): number | undefined {
    const status = isObject(this.data) ? this.data.status : undefined;
    return typeof status === 'number' ? status : undefined;
  }

  /** The remote error's safe details (a domain error's `details`), if any. */
  get details(): Record<string, unknown> | undefined {
    const details = isObject(this.data) ? this.data.details : undefined;
    return isObject(details) ? details : undefined;
  }

  toJsonRpc(): JsonRpcError {
    return { code: this.rpcCode, message: this.message, data: { code: this.code, ...(isObject(this.data) ? this.data : {}) } };
  }

  static fromJsonRpc(error: JsonRpcError): BusError {
    const data = isObject(error.data) ? error.data : {};
    const code = typeof data.code === 'string' ? data.code : BusErrorCode.HANDLER_FAILED;
    return new BusError(code, error.message, error.code, data);
  }
}

/**
 * The reply for a handler's error. A DomainError keeps its code, HTTP status and details, so the caller (and the
 * gateway in split mode) answers exactly as the owning module would in-process. Other errors carrying a string
 * `code` keep it; anything else becomes INTERNAL_ERROR with its message.
 */
export function toRpcError(error: unknown): JsonRpcError {
  if (error instanceof BusError) return error.toJsonRpc();
  if (error instanceof DomainError) return { code: error.rpcCode, message: error.message, data: error.toRpcData() };
  if (isObject(error) && typeof error.code === 'string') {
    const rpcCode = typeof error.rpcCode === 'number' ? error.rpcCode : JsonRpcErrorCode.INTERNAL_ERROR;
    return { code: rpcCode, message: String(error.message ?? error.code), data: { code: error.code } };
  }
  const message = error instanceof Error ? error.message : String(error);
  return { code: JsonRpcErrorCode.INTERNAL_ERROR, message, data: { code: BusErrorCode.HANDLER_FAILED } };
}

function isObject(value: unknown): value is Record<string, any> {
  return typeof value === 'object' && value !== null;
}
