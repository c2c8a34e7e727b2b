/** Every permission a route can require: `<area>:<action>`. */
export const PERMISSIONS = [
  'services:read',
  'profile:read',
  'users:read',
  'users:write',
  'apikeys:read',
  'apikeys:write',
  'audit:read',
  'a2a:route',
  'agents:read',
  'agents:write',
  'agents:execute',
  'agents:admin',
  'orchestrator:read',
  'orchestrator:write',
  'rag:read',
  'rag:write',
  'tools:read',
  'tools:write',
  'tools:execute',
  'sql:read',
  'sql:execute',
  'sql:admin',
  'workflows:read',
  'workflows:write',
  'workflows:execute',
  'observability:read',
  'observability:write',
  'metrics:read',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

export const ROLES = ['admin', 'operator', 'viewer'] as const;
export type Role = (typeof ROLES)[number];

const READ = PERMISSIONS.filter((p) => p.endsWith(':read') && !['users:read', 'apikeys:read', 'audit:read'].includes(p));

/**
 * admin: everything. operator: runs and edits agents, tools, SQL, workflows, knowledge, but manages no
 * identities. viewer: reads what operators build.
 */
export const ROLE_PERMISSIONS: Record<Role, ReadonlySet<Permission>> = {
  admin: new Set(PERMISSIONS),
  operator: new Set<Permission>([
    ...READ,
    'a2a:route',
    'agents:write',
    'agents:execute',
    'orchestrator:write',
    'rag:write',
    'tools:write',
    'tools:execute',
    'sql:execute',
    'workflows:write',
    'workflows:execute',
    'observability:write',
  ]),
  viewer: new Set<Permission>(READ),
};

/** Who made a request: a user (by access token) or an API key. */
export interface Principal {
  kind: 'user' | 'apikey';
  id: string;
  /** Email for users, key name for API keys. */
  name: string;
  role: Role;
  /** API keys may be narrowed to a subset of their role's permissions. */
  scopes?: Permission[];
}

export function can(principal: Principal, permission: Permission): boolean {
  if (!ROLE_PERMISSIONS[principal.role]?.has(permission)) return false;
  return !principal.scopes?.length || principal.scopes.includes(permission);
}
