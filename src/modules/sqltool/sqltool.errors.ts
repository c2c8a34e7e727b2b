import { DomainError } from '@libs/contracts';

export enum SqlToolErrorCode {
  CONNECTION_NOT_FOUND = 'CONNECTION_NOT_FOUND',
  CONNECTION_EXISTS = 'CONNECTION_EXISTS',
  CONNECTION_INVALID = 'CONNECTION_INVALID',
  CONNECTION_FAILED = 'CONNECTION_FAILED',
  SQL_REJECTED = 'SQL_REJECTED',
  SQL_FAILED = 'SQL_FAILED',
  STATEMENT_TIMEOUT = 'STATEMENT_TIMEOUT',
  WRITABLE_NEEDS_ADMIN = 'WRITABLE_NEEDS_ADMIN',
  MODEL_NOT_CONFIGURED = 'MODEL_NOT_CONFIGURED',
  NL_SQL_FAILED = 'NL_SQL_FAILED',
}

export class SqlToolError extends DomainError {
  constructor(
    readonly code: SqlToolErrorCode,
    message: string,
    details?: Record<string, unknown>,
  ) {
    super(message, details);
  }

  get status(): number {
    switch (this.code) {
      case SqlToolErrorCode.CONNECTION_NOT_FOUND:
        return 404;
      case SqlToolErrorCode.CONNECTION_EXISTS:
        return 409;
      case SqlToolErrorCode.CONNECTION_INVALID:
      case SqlToolErrorCode.SQL_REJECTED:
      case SqlToolErrorCode.SQL_FAILED:
      case SqlToolErrorCode.NL_SQL_FAILED:
        return 422;
      case SqlToolErrorCode.CONNECTION_FAILED:
        return 502;
      case SqlToolErrorCode.STATEMENT_TIMEOUT:
        return 408;
      case SqlToolErrorCode.WRITABLE_NEEDS_ADMIN:
        return 403;
      case SqlToolErrorCode.MODEL_NOT_CONFIGURED:
        return 503;
    }
  }
}
