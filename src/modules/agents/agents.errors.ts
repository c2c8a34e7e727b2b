import { DomainError } from '@libs/contracts';

export enum AgentsErrorCode {
  AGENT_NOT_FOUND = 'AGENT_NOT_FOUND',
  AGENT_EXISTS = 'AGENT_EXISTS',
  AGENT_INVALID = 'AGENT_INVALID',
  AGENT_VERSION_CONFLICT = 'AGENT_VERSION_CONFLICT',
  NO_AGENT_MATCHES = 'NO_AGENT_MATCHES',
  PROVIDER_NOT_FOUND = 'PROVIDER_NOT_FOUND',
  PROVIDER_EXISTS = 'PROVIDER_EXISTS',
  MODEL_NOT_CONFIGURED = 'MODEL_NOT_CONFIGURED',
  MODEL_CALL_FAILED = 'MODEL_CALL_FAILED',
  REMOTE_CARD_INVALID = 'REMOTE_CARD_INVALID',
  REMOTE_AGENT_UNAVAILABLE = 'REMOTE_AGENT_UNAVAILABLE',
  URL_NOT_ALLOWED = 'URL_NOT_ALLOWED',
  EXECUTION_FAILED = 'EXECUTION_FAILED',
}

export class AgentsError extends DomainError {
  constructor(
    readonly code: AgentsErrorCode,
    message: string,
    details?: Record<string, unknown>,
  ) {
    super(message, details);
  }

  get status(): number {
    switch (this.code) {
      case AgentsErrorCode.AGENT_NOT_FOUND:
      case AgentsErrorCode.PROVIDER_NOT_FOUND:
      case AgentsErrorCode.NO_AGENT_MATCHES:
        return 404;
      case AgentsErrorCode.AGENT_EXISTS:
      case AgentsErrorCode.PROVIDER_EXISTS:
      case AgentsErrorCode.AGENT_VERSION_CONFLICT:
        return 409;
      case AgentsErrorCode.AGENT_INVALID:
      case AgentsErrorCode.REMOTE_CARD_INVALID:
      case AgentsErrorCode.URL_NOT_ALLOWED:
        return 422;
      case AgentsErrorCode.MODEL_NOT_CONFIGURED:
        return 503;
      case AgentsErrorCode.MODEL_CALL_FAILED:
      case AgentsErrorCode.REMOTE_AGENT_UNAVAILABLE:
        return 502;
      case AgentsErrorCode.EXECUTION_FAILED:
        return 500;
    }
  }
}
