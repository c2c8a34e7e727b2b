import 'reflect-metadata';
import { plainToInstance } from 'class-transformer';
import { getMetadataStorage, validateSync } from 'class-validator';
import { EnvDto, MODULE_NAMES, ModuleName } from './env.dto';

/** The port each module listens on when it runs alone (split mode). */
export const MODULE_PORTS: Record<ModuleName, number> = {
  gateway: 8000,
  agents: 8002,
  orchestrator: 8003,
  rag: 8004,
  tools: 8005,
  sqltool: 8006,
  'workflow-engine': 8007,
  observability: 8008,
};

export interface Env extends EnvDto {
  /** Modules this process hosts. */
  modules: ModuleName[];
  /** True when MODULES names a subset: the process is one part of a split deployment. */
  split: boolean;
  port: number;
  dbDriver: 'sqlite' | 'postgres';
  busDriver: 'memory' | 'redis';
}

export class EnvError extends Error {}

let cached: Env | undefined;

/** Validates the environment once; throws an EnvError naming every bad variable. */
export function loadEnv(source: NodeJS.ProcessEnv = process.env): Env {
  if (cached && source === process.env) return cached;
  const raw = Object.fromEntries(
    Object.keys(new EnvDto())
      .concat(envKeys())
      .map((key) => [key, source[key]]),
  );
  for (const key of Object.keys(raw)) if (raw[key] === undefined || raw[key] === '') delete raw[key];
  const dto = plainToInstance(EnvDto, raw);
  const problems = validateSync(dto, { whitelist: true });
  const messages = problems.map((p) => `${p.property}: ${Object.values(p.constraints ?? {}).join('; ')}`);
  const modules = parseModules(dto.MODULES, messages);
  if (messages.length) throw new EnvError(`Invalid environment:\n  ${messages.join('\n  ')}`);
  const split = modules.length < MODULE_NAMES.length;
  if (split && !dto.REDIS_URL) throw new EnvError('Invalid environment:\n  MODULES: split mode needs REDIS_URL');
  // Every process verifies access tokens itself, so they must share the secret.
  if (split && !dto.JWT_SECRET) throw new EnvError('Invalid environment:\n  JWT_SECRET: split mode needs a shared JWT_SECRET');
  const env: Env = {
    ...dto,
    modules,
    split,
    port: dto.PORT ?? (split && modules.length === 1 ? MODULE_PORTS[modules[0]] : 8000),
    dbDriver: dto.DATABASE_URL ? 'postgres' : 'sqlite',
    busDriver: dto.REDIS_URL ? 'redis' : 'memory',
  };
  if (source === process.env) cached = env;
  return env;
}

/** Drops the cached env (tests that change process.env between apps). */
export function resetEnvCache(): void {
  cached = undefined;
}

function envKeys(): string[] {
  // Optional properties without defaults are absent from `new EnvDto()`; list them from the validator metadata.
  return getMetadataStorage()
    .getTargetValidationMetadatas(EnvDto, '', true, false)
    .map((m) => m.propertyName);
}

function parseModules(value: string | undefined, messages: string[]): ModuleName[] {
  if (!value) return [...MODULE_NAMES];
  const names = [
    ...new Set(
      value
        .split(',')
        .map((name) => name.trim())
        .filter(Boolean),
    ),
  ];
  const unknown = names.filter((name) => !(MODULE_NAMES as readonly string[]).includes(name));
  if (unknown.length) messages.push(`MODULES: unknown module(s) ${unknown.join(', ')}; known: ${MODULE_NAMES.join(', ')}`);
  return MODULE_NAMES.filter((name) => names.includes(name));
}
