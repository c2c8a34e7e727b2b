import { DomainError } from '@libs/contracts';

export enum ObservabilityErrorCode {
  TRACE_NOT_FOUND = 'TRACE_NOT_FOUND',
  SPAN_NOT_FOUND = 'SPAN_NOT_FOUND',
  ALERT_NOT_FOUND = 'ALERT_NOT_FOUND',
  ALERT_EXISTS = 'ALERT_EXISTS',
  /** A query or rule that is well-formed but does not make sense (reversed range, unknown metric, ...). */
  VALIDATION_FAILED = 'VALIDATION_FAILED',
}

export class ObservabilityError extends DomainError {
  constructor(
    readonly code: ObservabilityErrorCode,
    message: string,
    details?: Record<string, unknown>,
  ) {
    super(message, details);
  }

  get status(): number {
    switch (this.code) {
      case ObservabilityErrorCode.TRACE_NOT_FOUND:
      case ObservabilityErrorCode.SPAN_NOT_FOUND:
      case ObservabilityErrorCode.ALERT_NOT_FOUND:
        return 404;
      case ObservabilityErrorCode.ALERT_EXISTS:
        return 409;
      case ObservabilityErrorCode.VALIDATION_FAILED:
        return 400;
    }
  }
}
