/** RFC 9457 problem details: the one error body every REST endpoint answers with. */
export interface ProblemDetails {
  type: string;
  title: string;
  status: number;
  /** Stable, machine-readable error code, e.g. VALIDATION_FAILED or AGENT_NOT_FOUND. */
  code: string;
  detail?: string;
  instance?: string;
  /** Present on 500s: quote it when reporting the problem; the log line carries the same id. */
  errorId?: string;
  /** Field-level findings for validation errors. */
  errors?: Array<{ field: string; messages: string[] }>;
  /** Domain-specific facts about the failure, e.g. the findings that made SQL validation refuse a statement. */
  details?: Record<string, unknown>;
}

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

export function problemType(code: string): string {
  return `https://agentic.dev/problems/${code.toLowerCase().replace(/_/g, '-')}`;
}
