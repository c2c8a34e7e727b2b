/**
 * Base of every module's error class (AgentError, RagError, ...). The module maps its own code enum
 * to an HTTP status with an exhaustive switch, so the core filter needs no knowledge of modules.
 */
export abstract class DomainError extends Error {
  abstract readonly code: string;
  abstract readonly status: number;
  /** JSON-RPC error code used when this error crosses the bus or an A2A endpoint. */
  readonly rpcCode: number = -32603;

  constructor(
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = new.target.name;
  }
}
