import type { FastifyInstance } from 'fastify';

/** TODO(#2): a span and metrics per HTTP request; being written. */
export function installHttpTelemetry(_fastify: FastifyInstance): void {}
