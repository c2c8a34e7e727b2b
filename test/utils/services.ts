import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Redis from 'ioredis';
import { Client } from 'pg';

export const PG_ADMIN_URL = process.env.TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
export const REDIS_TEST_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

/**
 * Whether a service a test needs is reachable. Under CI=true an unreachable service fails the test;
 * otherwise the caller skips, and this says so loudly.
 */
export async function serviceAvailable(name: string, probe: () => Promise<unknown>): Promise<boolean> {
  try {
    await probe();
    return true;
  } catch (error) {
    if (process.env.CI) throw new Error(`${name} is required under CI=true but unreachable: ${String(error)}`, { cause: error });
    console.warn(`\n!!! SKIPPING: ${name} is unreachable (${String(error)}). Set CI=true to make this a failure.\n`);
    return false;
  }
}

export async function redisAvailable(): Promise<boolean> {
  return serviceAvailable('Redis', async () => {
    const redis = new Redis(REDIS_TEST_URL, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
    try {
      await redis.connect();
      await redis.ping();
    } finally {
      redis.disconnect();
    }
  });
}

export async function postgresAvailable(): Promise<boolean> {
  return serviceAvailable('PostgreSQL', async () => {
    const client = new Client({ connectionString: PG_ADMIN_URL, connectionTimeoutMillis: 2_000 });
    await client.connect();
    await client.end();
  });
}

/** A fresh PostgreSQL database for one test file; drop() removes it (and kicks leftover connections). */
export async function createTestPgDatabase(prefix = 'test'): Promise<{ url: string; name: string; drop: () => Promise<void> }> {
  const name = `${prefix}_${randomBytes(5).toString('hex')}`;
  const admin = new Client({ connectionString: PG_ADMIN_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = PG_ADMIN_URL.replace(/\/[^/]*$/, `/${name}`);
  return {
    url,
    name,
    drop: async () => {
      const client = new Client({ connectionString: PG_ADMIN_URL });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await client.end();
    },
  };
}

export function uniqueNamespace(prefix = 't'): string {
  return `${prefix}-${randomBytes(4).toString('hex')}`;
}

export function tmpDataDir(prefix = 'agentic-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

const SERVICE_PORTS = { postgres: 5432, redis: 6379, mariadb: 3306 } as const;
export type TestService = keyof typeof SERVICE_PORTS;

const reachable = new Map<TestService, boolean>();

/** TCP reachability, checked synchronously so a suite can pick `it` or `it.skip` while jest collects it. */
function reachableSync(service: TestService): boolean {
  const known = reachable.get(service);
  if (known !== undefined) return known;
  const probe = `require('net').connect(${SERVICE_PORTS[service]}, '127.0.0.1').on('connect', () => process.exit(0)).on('error', () => process.exit(1))`;
  const up = spawnSync(process.execPath, ['-e', probe], { timeout: 3_000 }).status === 0;
  reachable.set(service, up);
  return up;
}

/**
 * `it` when every named service answers, `it.skip` otherwise, so jest counts the tests as skipped instead of
 * passing them empty. Under CI=true a missing service throws while the suite is collected: the suite fails.
 */
export function itWithServices(...services: TestService[]): jest.It {
  const missing = services.filter((service) => !reachableSync(service));
  if (missing.length === 0) return it;
  if (process.env.CI) throw new Error(`${missing.join(', ')} required under CI=true but unreachable on 127.0.0.1`);
  console.warn(`\n!!! SKIPPING: ${missing.join(', ')} unreachable on 127.0.0.1. Set CI=true to make this a failure.\n`);
  return it.skip;
}
