export { EnvDto, MODULE_NAMES } from './env.dto';
export type { ModuleName } from './env.dto';
export { loadEnv, resetEnvCache, EnvError, MODULE_PORTS } from './load-env';
export type { Env } from './load-env';
