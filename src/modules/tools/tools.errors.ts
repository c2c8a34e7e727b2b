import { DomainError } from '@libs/contracts';

export enum ToolsErrorCode {
  TOOL_NOT_FOUND = 'TOOL_NOT_FOUND',
  TOOL_ARGUMENTS_INVALID = 'TOOL_ARGUMENTS_INVALID',
  TOOL_FORBIDDEN = 'TOOL_FORBIDDEN',
  TOOL_TIMEOUT = 'TOOL_TIMEOUT',
  TOOL_FAILED = 'TOOL_FAILED',
  TOOL_UNAVAILABLE = 'TOOL_UNAVAILABLE',
  TOOL_CANCELED = 'TOOL_CANCELED',
  SERVER_NOT_FOUND = 'SERVER_NOT_FOUND',
  SERVER_EXISTS = 'SERVER_EXISTS',
  SERVER_INVALID = 'SERVER_INVALID',
  SERVER_UNREACHABLE = 'SERVER_UNREACHABLE',
  URL_NOT_ALLOWED = 'URL_NOT_ALLOWED',
  SANDBOX_ERROR = 'SANDBOX_ERROR',
  /** The MCP server wants OAuth authorization that a person has to give (POST /api/mcp/servers/:id/authorize). */
  MCP_AUTHORIZATION_REQUIRED = 'MCP_AUTHORIZATION_REQUIRED',
  /** The OAuth callback's state is unknown, expired, already used or someone else's. */
  OAUTH_STATE_INVALID = 'OAUTH_STATE_INVALID',
  /** The authorization server refused or failed (code exchange, registration, discovery). */
  OAUTH_FAILED = 'OAUTH_FAILED',
  /** The server's OAuth metadata breaks a safety rule (issuer mismatch, http off loopback, private address). */
  OAUTH_UNSAFE = 'OAUTH_UNSAFE',
  ELICITATION_NOT_FOUND = 'ELICITATION_NOT_FOUND',
  /** An elicitation answer that does not match the schema the server asked for. */
  ELICITATION_INVALID = 'ELICITATION_INVALID',
}

export class ToolsError extends DomainError {
  constructor(
    readonly code: ToolsErrorCode,
    message: string,
    details?: Record<string, unknown>,
  ) {
    super(message, details);
  }

  /** Rebuilds the error a failed execution outcome reports, so JSON-RPC callers get its status-derived code. */
  static fromOutcome(failure: { code: string; message: string; details?: Record<string, unknown> }): ToolsError {
    const code = Object.values(ToolsErrorCode).includes(failure.code as ToolsErrorCode)
      ? (failure.code as ToolsErrorCode)
      : ToolsErrorCode.TOOL_FAILED;
    return new ToolsError(code, failure.message, failure.details);
  }

  get status(): number {
    switch (this.code) {
      case ToolsErrorCode.TOOL_NOT_FOUND:
      case ToolsErrorCode.SERVER_NOT_FOUND:
        return 404;
      case ToolsErrorCode.SERVER_EXISTS:
      case ToolsErrorCode.MCP_AUTHORIZATION_REQUIRED:
        return 409;
      case ToolsErrorCode.OAUTH_STATE_INVALID:
        return 400;
      case ToolsErrorCode.ELICITATION_NOT_FOUND:
        return 404;
      case ToolsErrorCode.ELICITATION_INVALID:
        return 422;
      case ToolsErrorCode.OAUTH_FAILED:
      case ToolsErrorCode.OAUTH_UNSAFE:
        return 502;
      case ToolsErrorCode.TOOL_ARGUMENTS_INVALID:
      case ToolsErrorCode.SERVER_INVALID:
      case ToolsErrorCode.URL_NOT_ALLOWED:
      case ToolsErrorCode.SANDBOX_ERROR:
        return 422;
      case ToolsErrorCode.TOOL_FORBIDDEN:
        return 403;
      case ToolsErrorCode.TOOL_TIMEOUT:
        return 504;
      case ToolsErrorCode.TOOL_FAILED:
        return 502;
      case ToolsErrorCode.TOOL_UNAVAILABLE:
      case ToolsErrorCode.SERVER_UNREACHABLE:
        return 503;
      case ToolsErrorCode.TOOL_CANCELED:
        return 499;
    }
  }
}
