import type { OpenAPIObject } from '@nestjs/swagger';
import { PROBLEM_CONTENT_TYPE } from './problem';

const PROBLEM_SCHEMA = {
  type: 'object',
  description: 'RFC 9457 problem details: the one error body of every REST endpoint.',
  required: ['type', 'title', 'status', 'code'],
  properties: {
    type: { type: 'string', format: 'uri' },
    title: { type: 'string' },
    status: { type: 'integer' },
    code: { type: 'string', description: 'Stable machine-readable code, e.g. VALIDATION_FAILED, NOT_FOUND, MODULE_UNAVAILABLE.' },
    detail: { type: 'string' },
    instance: { type: 'string' },
    errorId: { type: 'string', description: 'On 500s: the id that also appears in the server log.' },
    details: { type: 'object', additionalProperties: true, description: 'Domain-specific facts, e.g. SQL validation findings.' },
    errors: {
      type: 'array',
      items: {
        type: 'object',
        required: ['field', 'messages'],
        properties: { field: { type: 'string' }, messages: { type: 'array', items: { type: 'string' } } },
      },
    },
  },
};

const rawRoutePaths: OpenAPIObject['paths'] = {};

/**
 * Documents routes registered straight on Fastify rather than through Nest controllers (protocol endpoints
 * such as A2A, whose bodies must reach the protocol library unparsed). Modules call it at import time.
 */
export function documentRawRoutes(paths: OpenAPIObject['paths']): void {
  Object.assign(rawRoutePaths, paths);
}

/**
 * Adds the problem-details schema as every operation's default error response, then sorts paths, schemas,
 * properties, `required` and parameters so the checked-in spec diffs cleanly (immich patchOpenAPI).
 */
export function patchOpenApi(document: OpenAPIObject): OpenAPIObject {
  document.components ??= {};
  document.components.schemas = { ...document.components.schemas, ProblemDetails: PROBLEM_SCHEMA };
  document.paths = { ...document.paths, ...rawRoutePaths };
  for (const item of Object.values(document.paths)) {
    for (const operation of Object.values(item) as Array<{ responses?: Record<string, unknown>; summary?: string; description?: string }>) {
      if (typeof operation !== 'object' || !operation?.responses) continue;
      operation.responses.default ??= {
        description: 'Error (RFC 9457 problem details)',
        content: { [PROBLEM_CONTENT_TYPE]: { schema: { $ref: '#/components/schemas/ProblemDetails' } } },
      };
      if (operation.summary === '') delete operation.summary;
      if (operation.description === '') delete operation.description;
    }
  }
  return sortDeep(document) as OpenAPIObject;
}

/** Sorts object keys (paths, schemas, properties, ...) and the `required` and `parameters` arrays. */
function sortDeep(value: unknown, key?: string): unknown {
  if (Array.isArray(value)) {
    const items = value.map((item) => sortDeep(item));
    if (key === 'required' || key === 'tags') return [...items].sort();
    if (key === 'parameters') return [...items].sort((a: any, b: any) => `${a.in}:${a.name}`.localeCompare(`${b.in}:${b.name}`));
    return items;
  }
  if (!value || typeof value !== 'object') return value;
  const keep = key === 'enum' || key === 'example';
  const entries = Object.entries(value).map(([k, v]) => [k, sortDeep(v, k)] as const);
  return Object.fromEntries(keep ? entries : entries.sort(([a], [b]) => a.localeCompare(b)));
}

/** Fails on duplicate operationIds: SDK method names must be unique across the API. */
export function assertUniqueOperationIds(document: OpenAPIObject): void {
  const seen = new Map<string, string>();
  for (const [path, item] of Object.entries(document.paths)) {
    for (const [method, operation] of Object.entries(item) as Array<[string, { operationId?: string }]>) {
      const id = operation?.operationId;
      if (!id) continue;
      if (seen.has(id))
        throw new Error(`operationId ${id} is used by ${seen.get(id)} and ${method.toUpperCase()} ${path}: rename one handler`);
      seen.set(id, `${method.toUpperCase()} ${path}`);
    }
  }
}
