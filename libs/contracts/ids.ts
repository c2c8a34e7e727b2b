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
