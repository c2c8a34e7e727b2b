import { rpcCodeForStatus } from './json-rpc';

/**
 * Base of every module's error class (AgentError, RagError, ...). The module maps its own code enum
 * to an HTTP status with an exhaustive switch, so the core filter needs no knowledge of modules.
 */
export abstract class DomainError extends Error {
  abstract readonly code: string;
  abstract readonly status: number;
  /** JSON-RPC error code used when this error crosses the bus or a JSON-RPC endpoint; follows the HTTP status. */
  get rpcCode(): number {
    return rpcCodeForStatus(this.status);
  }

  /** The JSON-RPC `data` that lets the far side rebuild this error: code, HTTP status and safe details. */
  toRpcData(): { code: string; status: number; details?: Record<string, unknown> } {
    return { code: this.code, status: this.status, ...(this.details ? { details: this.details } : {}) };
  }

  constructor(
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = new.target.name;
  }
}
