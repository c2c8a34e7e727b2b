import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createTestPgDatabase, freePort, itWithServices, REDIS_TEST_URL, uniqueNamespace } from 'test/utils/services';
import { startPlatform, type PlatformProcess } from 'test/utils/platform-process';
import { loginOverHttp, TEST_ADMIN } from 'test/utils/auth';

jest.setTimeout(240_000);

type Json = any;

const spec = JSON.parse(readFileSync(join(__dirname, '..', '..', 'libs', 'sdk', 'openapi.json'), 'utf8')) as {
  paths: Record<string, Record<string, { requestBody?: { content?: Record<string, unknown> } }>>;
};

// Protocol mounts answer in their protocol's terms and are covered by their own suites (A2A TCK, MCP conformance);
// the login/logout routes would end the walk's own session.
const SKIP = [/^\/a2a\/agents\/\{id\}/, /^\/mcp$/, /^\/auth\/(logout|refresh)$/];

const operations = Object.entries(spec.paths)
  .filter(([path]) => !SKIP.some((pattern) => pattern.test(path)))
  .flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, operation]) => ({
      method: method.toUpperCase(),
      path,
      json: Boolean(operation.requestBody?.content?.['application/json']),
    })),
  );

/** What must match between the two deployments: the status, the problem code, and the top-level shape of the body. */
interface Answer {
  status: number | 'timeout';
  code?: string;
  shape: string;
}

/**
 * Every documented route, sent the same way to one process running all eight modules and to a split deployment
 * (gateway alone; the seven other modules in a second process, reached through the gateway), each on its own
 * PostgreSQL database and bus namespace: writes included (an empty JSON body, and ids that do not exist). Status,
 * problem code and body shape must be the same.
 */
describe('split mode serves every route exactly as embedded mode does', () => {
  const maybe = itWithServices('postgres', 'redis');
  const up = maybe === it;
  const databases: Array<Awaited<ReturnType<typeof createTestPgDatabase>>> = [];
  let embedded: PlatformProcess;
  let gateway: PlatformProcess;
  let modules: PlatformProcess;
  const tokens = new Map<string, string>();

  beforeAll(async () => {
    if (!up) return;
    const env = async (name: string) => {
      const db = await createTestPgDatabase(name);
      databases.push(db);
      return {
        DATABASE_URL: db.url,
        REDIS_URL: REDIS_TEST_URL,
        BUS_NAMESPACE: uniqueNamespace(name),
        JWT_SECRET: 'route-table-test-secret-0123456789',
        RATE_LIMIT_PER_MINUTE: '1000000',
        RATE_LIMIT_EXPENSIVE_PER_MINUTE: '1000000',
        ...TEST_ADMIN,
      };
    };
    const single = await env('walkone');
    const split = await env('walksplit');
    embedded = await startPlatform({ ...single, PORT: String(await freePort()) });
    gateway = await startPlatform({ ...split, MODULES: 'gateway', PORT: String(await freePort()) });
    modules = await startPlatform({
      ...split,
      MODULES: 'agents,orchestrator,rag,tools,sqltool,workflow-engine,observability',
      PORT: String(await freePort()),
    });
    tokens.set(embedded.url, await loginOverHttp(embedded.url));
    tokens.set(gateway.url, await loginOverHttp(gateway.url));
    // The gateway knows where the other modules live before the walk starts.
    for (let i = 0; i < 100; i++) {
      const services = (await (
        await fetch(`${gateway.url}/api/services`, { headers: { authorization: `Bearer ${tokens.get(gateway.url)}` } })
      ).json()) as Json;
      if (services.processes?.length === 2) break;
      await new Promise((r) => setTimeout(r, 100));
    }
  });

  afterAll(async () => {
    if (!up) return;
    await Promise.all([embedded, gateway, modules].map((p) => p?.kill()));
    for (const db of databases) await db.drop();
  });

  const call = async (base: string, method: string, path: string, json: boolean): Promise<Answer> => {
    try {
      const res = await fetch(`${base}${path}`, {
        method,
        headers: {
          authorization: `Bearer ${tokens.get(base)}`,
          accept: 'application/json',
          ...(json ? { 'content-type': 'application/json' } : {}),
        },
        body: json ? '{}' : undefined,
        signal: AbortSignal.timeout(8_000),
      });
      const text = await res.text();
      let body: Json;
      try {
        body = text ? JSON.parse(text) : undefined;
      } catch {
        body = text;
      }
      const shape = body && typeof body === 'object' ? (Array.isArray(body) ? 'array' : Object.keys(body).sort().join(',')) : typeof body;
      return { status: res.status, code: body?.code, shape };
    } catch {
      return { status: 'timeout', shape: '' };
    }
  };

  maybe(`walks all ${operations.length} documented operations in both deployments and gets the same answers`, async () => {
    const id = randomUUID();
    const differences: Array<Record<string, unknown>> = [];
    const statuses = new Map<string, number>();
    for (const { method, path, json } of operations) {
      const concrete = path.replace(/\{[^}]+\}/g, (param) => (param === '{id}' || param.endsWith('Id}') ? id : 'no-such-thing'));
      const [one, split] = await Promise.all([call(embedded.url, method, concrete, json), call(gateway.url, method, concrete, json)]);
      statuses.set(String(split.status), (statuses.get(String(split.status)) ?? 0) + 1);
      if (one.status !== split.status || one.code !== split.code || one.shape !== split.shape)
        differences.push({ route: `${method} ${path}`, embedded: one, split });
    }
    expect(differences).toEqual([]);
    console.log(
      `route table walk: ${operations.length} operations, split answers by status ${JSON.stringify(Object.fromEntries(statuses))}`,
    );
    // Not a walk of 404s: routes were really served (successes, the owners' validation and not-found answers).
    expect(operations.length).toBeGreaterThan(100);
    expect(statuses.get('200')).toBeGreaterThan(20);
    expect(statuses.get('400')).toBeGreaterThan(10);
    expect(statuses.get('404')).toBeGreaterThan(10);
    expect(statuses.get('timeout')).toBeUndefined();
    expect(modules.child.exitCode).toBeNull();
  });
});
