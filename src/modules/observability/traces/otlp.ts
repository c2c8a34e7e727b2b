import * as protobuf from 'protobufjs';
import type { SpanRecord } from '@libs/contracts';

/**
 * OTLP trace requests (protobuf and JSON, OTLP 1.x) decoded into span records. The schema is the subset of
 * opentelemetry-proto's trace, common, resource and collector messages this needs, with the upstream field numbers;
 * anything else in a request is skipped, as protobuf readers do.
 */
const OTLP_PROTO = `
syntax = "proto3";
package otlp;
message ExportTraceServiceRequest { repeated ResourceSpans resource_spans = 1; }
message ExportTraceServiceResponse { ExportTracePartialSuccess partial_success = 1; }
message ExportTracePartialSuccess { int64 rejected_spans = 1; string error_message = 2; }
message ResourceSpans { Resource resource = 1; repeated ScopeSpans scope_spans = 2; }
message Resource { repeated KeyValue attributes = 1; }
message ScopeSpans { InstrumentationScope scope = 1; repeated Span spans = 2; }
message InstrumentationScope { string name = 1; string version = 2; }
message Span {
  bytes trace_id = 1; bytes span_id = 2; string trace_state = 3; bytes parent_span_id = 4; string name = 5;
  int32 kind = 6; fixed64 start_time_unix_nano = 7; fixed64 end_time_unix_nano = 8; repeated KeyValue attributes = 9;
  repeated Event events = 11; Status status = 15;
}
message Event { fixed64 time_unix_nano = 1; string name = 2; repeated KeyValue attributes = 3; }
message Status { string message = 2; int32 code = 3; }
message KeyValue { string key = 1; AnyValue value = 2; }
message AnyValue {
  oneof value {
    string string_value = 1; bool bool_value = 2; int64 int_value = 3; double double_value = 4;
    ArrayValue array_value = 5; KeyValueList kvlist_value = 6; bytes bytes_value = 7;
  }
}
message ArrayValue { repeated AnyValue values = 1; }
message KeyValueList { repeated KeyValue values = 1; }
`;

const root = protobuf.parse(OTLP_PROTO, { keepCase: false }).root;
const ExportRequest = root.lookupType('otlp.ExportTraceServiceRequest');
const ExportResponse = root.lookupType('otlp.ExportTraceServiceResponse');

export class OtlpError extends Error {}

export interface OtlpDecoded {
  spans: SpanRecord[];
  rejected: number;
  reasons: string[];
}

type Json = Record<string, any>;

export function decodeOtlpProtobuf(body: Buffer): OtlpDecoded {
  let message: Json;
  try {
    message = ExportRequest.decode(body) as unknown as Json;
  } catch (error) {
    throw new OtlpError(`Not an OTLP ExportTraceServiceRequest: ${(error as Error).message}`);
  }
  return walk(message);
}

export function decodeOtlpJson(body: unknown): OtlpDecoded {
  if (!body || typeof body !== 'object' || !Array.isArray((body as Json).resourceSpans))
    throw new OtlpError('An OTLP/JSON trace request is an object with a resourceSpans array');
  return walk(body as Json);
}

export function encodeOtlpResponse(rejected: number, errorMessage: string): Buffer {
  const payload = rejected ? { partialSuccess: { rejectedSpans: rejected, errorMessage } } : {};
  return Buffer.from(ExportResponse.encode(ExportResponse.fromObject(payload)).finish());
}

function walk(request: Json): OtlpDecoded {
  const out: OtlpDecoded = { spans: [], rejected: 0, reasons: [] };
  for (const resourceSpans of list(request.resourceSpans)) {
    const resource = attributesOf(resourceSpans.resource?.attributes);
    for (const scopeSpans of list(resourceSpans.scopeSpans)) {
      for (const span of list(scopeSpans.spans)) {
        const traceId = hexId(span.traceId);
        const spanId = hexId(span.spanId);
        if (!/^[0-9a-f]{32}$/.test(traceId) || /^0+$/.test(traceId) || !/^[0-9a-f]{16}$/.test(spanId) || /^0+$/.test(spanId)) {
          out.rejected++;
          if (out.reasons.length < 5) out.reasons.push(`span ${String(span.name ?? '').slice(0, 50)}: invalid trace or span id`);
          continue;
        }
        const startMs = nanosToMs(span.startTimeUnixNano);
        const endMs = nanosToMs(span.endTimeUnixNano);
        const parent = hexId(span.parentSpanId);
        const status = span.status ?? {};
        out.spans.push({
          traceId,
          spanId,
          parentSpanId: /^[0-9a-f]{16}$/.test(parent) && !/^0+$/.test(parent) ? parent : undefined,
          name: String(span.name ?? '').slice(0, 300) || '(unnamed)',
          kind: kindOf(span.kind),
          startMs,
          durationMs: Math.max(0, endMs - startMs),
          statusCode: statusCodeOf(status.code),
          statusMessage: status.message || undefined,
          attributes: attributesOf(span.attributes),
          events: list(span.events).map((event) => ({
            name: String(event.name ?? ''),
            timeMs: nanosToMs(event.timeUnixNano),
            attributes: attributesOf(event.attributes),
          })),
          resource,
        });
      }
    }
  }
  return out;
}

/** The objects of what should be an array (OTLP/JSON from other systems may carry nulls or the wrong shape). */
function list(value: unknown): Json[] {
  return Array.isArray(value) ? (value.filter((item) => item && typeof item === 'object') as Json[]) : [];
}

function attributesOf(value: unknown): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const kv of list(value)) if (typeof kv.key === 'string') out[kv.key] = valueOf(kv.value);
  return out;
}

/** The one set member of an AnyValue (own properties only: decoded protobuf messages carry defaults on their prototype). */
function valueOf(value: Json | undefined): unknown {
  if (!value) return null;
  const has = (key: string) => Object.prototype.hasOwnProperty.call(value, key) && value[key] !== undefined && value[key] !== null;
  if (has('stringValue')) return String(value.stringValue);
  if (has('boolValue')) return Boolean(value.boolValue);
  if (has('intValue')) return Number(String(value.intValue));
  if (has('doubleValue')) return Number(value.doubleValue);
  if (has('arrayValue')) return list(value.arrayValue.values).map(valueOf);
  if (has('kvlistValue')) return attributesOf(value.kvlistValue.values);
  if (has('bytesValue')) return Buffer.from(value.bytesValue).toString('base64');
  return null;
}

/** Ids are bytes in protobuf and hex strings in OTLP/JSON. */
function hexId(id: unknown): string {
  if (id instanceof Uint8Array) return Buffer.from(id).toString('hex');
  return typeof id === 'string' ? id.toLowerCase() : '';
}

/** fixed64 nanoseconds (a Long, a number or a decimal string) to epoch milliseconds. */
function nanosToMs(nanos: unknown): number {
  if (nanos === undefined || nanos === null) return 0;
  const text = String(nanos);
  if (!/^\d+$/.test(text)) return 0;
  return Number(BigInt(text) / 1000n) / 1000;
}

const KINDS: Record<string, number> = {
  SPAN_KIND_UNSPECIFIED: 0,
  SPAN_KIND_INTERNAL: 1,
  SPAN_KIND_SERVER: 2,
  SPAN_KIND_CLIENT: 3,
  SPAN_KIND_PRODUCER: 4,
  SPAN_KIND_CONSUMER: 5,
};

function kindOf(kind: unknown): number {
  const n = typeof kind === 'string' ? (KINDS[kind] ?? Number(kind)) : Number(kind ?? 0);
  return Number.isInteger(n) && n >= 0 && n <= 5 ? n : 0;
}

function statusCodeOf(code: unknown): number {
  const named: Record<string, number> = { STATUS_CODE_UNSET: 0, STATUS_CODE_OK: 1, STATUS_CODE_ERROR: 2 };
  const n = typeof code === 'string' ? (named[code] ?? Number(code)) : Number(code ?? 0);
  return n === 1 || n === 2 ? n : 0;
}
