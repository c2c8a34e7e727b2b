import { DomainError } from '@libs/contracts';

export enum WorkflowErrorCode {
  WORKFLOW_NOT_FOUND = 'WORKFLOW_NOT_FOUND',
  WORKFLOW_EXISTS = 'WORKFLOW_EXISTS',
  WORKFLOW_INVALID = 'WORKFLOW_INVALID',
  WORKFLOW_DISABLED = 'WORKFLOW_DISABLED',
  WORKFLOW_BUSY = 'WORKFLOW_BUSY',
  INPUT_INVALID = 'INPUT_INVALID',
  RUN_NOT_FOUND = 'RUN_NOT_FOUND',
  RUN_FINISHED = 'RUN_FINISHED',
  RUN_NOT_FAILED = 'RUN_NOT_FAILED',
  STEP_NOT_FOUND = 'STEP_NOT_FOUND',
  APPROVAL_NOT_PENDING = 'APPROVAL_NOT_PENDING',
  APPROVAL_ALREADY_DECIDED = 'APPROVAL_ALREADY_DECIDED',
  TEMPLATE_NOT_FOUND = 'TEMPLATE_NOT_FOUND',
  TEMPLATE_EXISTS = 'TEMPLATE_EXISTS',
  TEMPLATE_PARAMETERS_INVALID = 'TEMPLATE_PARAMETERS_INVALID',
  SCHEDULE_NOT_FOUND = 'SCHEDULE_NOT_FOUND',
  SCHEDULE_INVALID = 'SCHEDULE_INVALID',
  // Step failures: recorded in the journal and in a failed run's error.
  EXPRESSION_FAILED = 'EXPRESSION_FAILED',
  STEP_FAILED = 'STEP_FAILED',
  STEP_TIMEOUT = 'STEP_TIMEOUT',
  STEP_OUTPUT_TOO_LARGE = 'STEP_OUTPUT_TOO_LARGE',
  STEP_REJECTED = 'STEP_REJECTED',
  DEPENDENCY_FAILED = 'DEPENDENCY_FAILED',
  RUN_TIMEOUT = 'RUN_TIMEOUT',
  RUN_CANCELED = 'RUN_CANCELED',
}

export class WorkflowError extends DomainError {
  constructor(
    readonly code: WorkflowErrorCode,
    message: string,
    details?: Record<string, unknown>,
  ) {
    super(message, details);
  }

  get status(): number {
    switch (this.code) {
      case WorkflowErrorCode.WORKFLOW_NOT_FOUND:
      case WorkflowErrorCode.RUN_NOT_FOUND:
      case WorkflowErrorCode.STEP_NOT_FOUND:
      case WorkflowErrorCode.TEMPLATE_NOT_FOUND:
      case WorkflowErrorCode.SCHEDULE_NOT_FOUND:
        return 404;
      case WorkflowErrorCode.WORKFLOW_EXISTS:
      case WorkflowErrorCode.TEMPLATE_EXISTS:
      case WorkflowErrorCode.WORKFLOW_DISABLED:
      case WorkflowErrorCode.WORKFLOW_BUSY:
      case WorkflowErrorCode.RUN_FINISHED:
      case WorkflowErrorCode.RUN_NOT_FAILED:
      case WorkflowErrorCode.APPROVAL_NOT_PENDING:
      case WorkflowErrorCode.APPROVAL_ALREADY_DECIDED:
        return 409;
      case WorkflowErrorCode.WORKFLOW_INVALID:
      case WorkflowErrorCode.INPUT_INVALID:
      case WorkflowErrorCode.TEMPLATE_PARAMETERS_INVALID:
      case WorkflowErrorCode.SCHEDULE_INVALID:
      case WorkflowErrorCode.EXPRESSION_FAILED:
      case WorkflowErrorCode.STEP_OUTPUT_TOO_LARGE:
        return 422;
      case WorkflowErrorCode.STEP_TIMEOUT:
      case WorkflowErrorCode.RUN_TIMEOUT:
        return 504;
      case WorkflowErrorCode.STEP_FAILED:
      case WorkflowErrorCode.DEPENDENCY_FAILED:
      case WorkflowErrorCode.STEP_REJECTED:
        return 502;
      case WorkflowErrorCode.RUN_CANCELED:
        return 409;
    }
  }
}
