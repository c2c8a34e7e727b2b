import type { JsonRpcError } from '@libs/contracts';

/** Trace and routing facts that travel with every message (W3C trace context included). */
export interface MessageMeta {
  traceparent?: string;
  tracestate?: string;
  /** Process id of the sender. */
  source: string;
  /** Agent id or capability the message is addressed to; defaults to the method's module. */
  target: string;
  /** Epoch milliseconds when the sender sent it. */
  sentAt: number;
}

/** An A2A-style JSON-RPC 2.0 request as it crosses the bus. */
export interface BusRequestEnvelope<P = unknown> {
  jsonrpc: '2.0';
  id: string;
  method: string;
  params: P;
  meta: MessageMeta;
  /** Transports that queue requests: where the reply goes, and when the caller stops waiting (epoch ms). */
  replyTo?: string;
  deadline?: number;
}

export type BusReplyEnvelope<R = unknown> =
  { jsonrpc: '2.0'; id: string; result: R; handledBy: string } | { jsonrpc: '2.0'; id: string; error: JsonRpcError; handledBy: string };

/** A published event: JSON-RPC notification form (no id). */
export interface BusEventEnvelope<E = unknown> {
  jsonrpc: '2.0';
  method: string;
  params: E;
  meta: MessageMeta;
}

export interface MessageContext {
  meta: MessageMeta;
  id?: string;
}
