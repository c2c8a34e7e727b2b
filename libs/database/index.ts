export { dataSourceOptions, dialectOf } from './data-source-options';
export type { Dialect } from './data-source-options';
export { runMigrationsLocked } from './run-migrations';
export { EPOCH_MS } from './epoch-ms';
export { exclusiveOnSqlite, inTransaction } from './in-transaction';
export { isUniqueViolation } from './unique-violation';
export { insertLogRows } from './insert-log-rows';
