export { dataSourceOptions, dialectOf } from './data-source-options';
export type { Dialect } from './data-source-options';
export { runMigrationsLocked } from './run-migrations';
