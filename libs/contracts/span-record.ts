/**
 * One finished span in OpenTelemetry's shape, as the platform stores and ships it: ids in lowercase hex, times in
 * epoch milliseconds (fractions kept), kind and status codes as in OTLP (kind 0-5, status 0 unset / 1 ok / 2 error).
 */
export interface SpanRecord {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind: number;
  startMs: number;
  durationMs: number;
  statusCode: number;
  statusMessage?: string;
  attributes: Record<string, unknown>;
  events: Array<{ name: string; timeMs: number; attributes?: Record<string, unknown> }>;
  resource: Record<string, unknown>;
}
