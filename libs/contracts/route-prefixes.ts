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

/** The module owning path (longest matching prefix), if any. */
export function moduleForPath(path: string): ModuleName | undefined {
  let best: { module: ModuleName; length: number } | undefined;
  for (const [module, prefixes] of Object.entries(MODULE_ROUTE_PREFIXES) as Array<[ModuleName, string[]]>) {
    for (const prefix of prefixes) {
      if (matchesPrefix(path, prefix) && (!best || prefix.length > best.length)) best = { module, length: prefix.length };
    }
  }
  return best?.module;
}
