import { DomainError } from '@libs/contracts';

export enum GatewayErrorCode {
  INVALID_CREDENTIALS = 'INVALID_CREDENTIALS',
  LOGIN_THROTTLED = 'LOGIN_THROTTLED',
  INVALID_REFRESH_TOKEN = 'INVALID_REFRESH_TOKEN',
  REFRESH_TOKEN_REUSED = 'REFRESH_TOKEN_REUSED',
  USER_NOT_FOUND = 'USER_NOT_FOUND',
  USER_EXISTS = 'USER_EXISTS',
  API_KEY_NOT_FOUND = 'API_KEY_NOT_FOUND',
  ROLE_EXCEEDS_CALLER = 'ROLE_EXCEEDS_CALLER',
}

export class GatewayError extends DomainError {
  constructor(
    readonly code: GatewayErrorCode,
    message: string,
  ) {
    super(message);
  }

  get status(): number {
    switch (this.code) {
      case GatewayErrorCode.INVALID_CREDENTIALS:
      case GatewayErrorCode.INVALID_REFRESH_TOKEN:
      case GatewayErrorCode.REFRESH_TOKEN_REUSED:
        return 401;
      case GatewayErrorCode.LOGIN_THROTTLED:
        return 429;
      case GatewayErrorCode.USER_NOT_FOUND:
      case GatewayErrorCode.API_KEY_NOT_FOUND:
        return 404;
      case GatewayErrorCode.USER_EXISTS:
        return 409;
      case GatewayErrorCode.ROLE_EXCEEDS_CALLER:
        return 403;
    }
  }
}
