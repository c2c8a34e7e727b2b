export { SqlToolModule } from './sqltool.module';
export { SQLTOOL_MODULE } from './sqltool.descriptor';
export { validateSql, SQL_DIALECTS } from './sql-validator';
export type { SqlDialect, SqlValidation, SqlFinding } from './sql-validator';
