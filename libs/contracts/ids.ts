import { createHash } from 'node:crypto';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** A name that may stand for an id in a path (tool and MCP server names such as `fs.read_file`). */
const REF_NAME = /^[A-Za-z0-9][\w.:-]{0,199}$/;

export function isUuid(value: unknown): value is string {
  return typeof value === 'string' && UUID.test(value);
}

/** An id or a name as routes that accept either (tools, MCP servers) take them. */
export function isRef(value: unknown): value is string {
  return typeof value === 'string' && (UUID.test(value) || REF_NAME.test(value));
}

/**
 * A UUID derived from a key (SHA-256, version-4 shape): a workflow step's idempotency key becomes its A2A messageId,
 * so a re-run step sends the same id, and a subworkflow step finds the child run it started before.
 */
export function uuidFromKey(key: string): string {
  const hex = createHash('sha256').update(key).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${((parseInt(hex[16], 16) & 3) | 8).toString(16)}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
