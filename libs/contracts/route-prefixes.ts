import type { ModuleName } from '@libs/config';

/**
 * Which module owns which route prefix. One table, so a gateway knows where /api/documents belongs even
 * while the rag process is down (and can answer 503 instead of 404).
 */
export const MODULE_ROUTE_PREFIXES: Record<ModuleName, string[]> = {
  gateway: ['/auth', '/api/services', '/a2a/route', '/api/audit', '/api/users', '/api/keys'],
  agents: ['/api/agents', '/api/model-providers', '/a2a/cards', '/a2a/discover', '/a2a/message', '/a2a/agents', '/.well-known'],
  orchestrator: ['/api/orchestrate', '/api/sessions', '/api/coordinate', '/a2a/network', '/a2a/broadcast'],
  rag: ['/api/documents', '/api/search', '/api/query', '/api/collections', '/api/embedding-models', '/a2a/ask', '/api/index'],
  tools: ['/api/tools', '/api/mcp', '/a2a/tools', '/mcp'],
  sqltool: ['/api/sql', '/a2a/sql'],
  'workflow-engine': ['/api/workflows', '/api/schedules', '/a2a/workflows'],
  observability: [
    '/api/traces',
    '/api/spans',
    '/api/metrics',
    '/api/health/services',
    '/api/alerts',
    '/api/performance',
    '/a2a/traces',
    '/api/dashboard',
    '/v1/traces',
  ],
};

/** Paths every process serves itself (health, discovery, docs, metrics); never forwarded. */
export const PROCESS_LOCAL_PREFIXES = ['/health', '/api/services', '/openapi.json', '/openapi.yaml', '/docs', '/metrics'];

export function matchesPrefix(path: string, prefix: string): boolean {
  return path === prefix || path.startsWith(prefix.endsWith('/') ? prefix : `${prefix}/`) || path.startsWith(`${prefix}?`);
}

// Longest prefix first, so the first match is the owner; built once (this runs on every request and span).
const PREFIXES_LONGEST_FIRST = (Object.entries(MODULE_ROUTE_PREFIXES) as Array<[ModuleName, string[]]>)
  .flatMap(([module, prefixes]) => prefixes.map((prefix) => ({ module, prefix, withSlash: `${prefix}/`, withQuery: `${prefix}?` })))
  .sort((a, b) => b.prefix.length - a.prefix.length);

/** The module owning path (longest matching prefix), if any. */
export function moduleForPath(path: string): ModuleName | undefined {
  for (const { module, prefix, withSlash, withQuery } of PREFIXES_LONGEST_FIRST) {
    if (path === prefix || path.startsWith(withSlash) || path.startsWith(withQuery)) return module;
  }
  return undefined;
}
