import { DomainError } from '@libs/contracts';

export enum OrchestratorErrorCode {
  SESSION_NOT_FOUND = 'SESSION_NOT_FOUND',
  SESSION_FINISHED = 'SESSION_FINISHED',
  GOAL_INVALID = 'GOAL_INVALID',
  BUDGET_INVALID = 'BUDGET_INVALID',
  PLAN_INVALID = 'PLAN_INVALID',
  PLAN_OVER_BUDGET = 'PLAN_OVER_BUDGET',
  NO_AGENT = 'NO_AGENT',
  UNKNOWN_AGENT = 'UNKNOWN_AGENT',
  TASK_NOT_FOUND = 'TASK_NOT_FOUND',
  BROADCAST_EMPTY = 'BROADCAST_EMPTY',
  QUORUM_INVALID = 'QUORUM_INVALID',
  RESOLUTION_FAILED = 'RESOLUTION_FAILED',
  MODEL_REQUIRED = 'MODEL_REQUIRED',
}

export class OrchestratorError extends DomainError {
  constructor(
    readonly code: OrchestratorErrorCode,
    message: string,
    details?: Record<string, unknown>,
  ) {
    super(message, details);
  }

  get status(): number {
    switch (this.code) {
      case OrchestratorErrorCode.SESSION_NOT_FOUND:
      case OrchestratorErrorCode.TASK_NOT_FOUND:
        return 404;
      case OrchestratorErrorCode.SESSION_FINISHED:
        return 409;
      case OrchestratorErrorCode.GOAL_INVALID:
      case OrchestratorErrorCode.BUDGET_INVALID:
      case OrchestratorErrorCode.PLAN_INVALID:
      case OrchestratorErrorCode.PLAN_OVER_BUDGET:
      case OrchestratorErrorCode.NO_AGENT:
      case OrchestratorErrorCode.UNKNOWN_AGENT:
      case OrchestratorErrorCode.BROADCAST_EMPTY:
      case OrchestratorErrorCode.QUORUM_INVALID:
      case OrchestratorErrorCode.MODEL_REQUIRED:
        return 422;
      case OrchestratorErrorCode.RESOLUTION_FAILED:
        return 502;
    }
  }
}
