import type { Parser } from 'node-sql-parser';

export const SQL_DIALECTS = ['postgres', 'mysql', 'mariadb', 'sqlite', 'mssql'] as const;
export type SqlDialect = (typeof SQL_DIALECTS)[number];

export interface SqlFinding {
  code: string;
  severity: 'error' | 'warning';
  message: string;
  /** 1-based line and column in the submitted SQL, where the parser reports one. */
  line?: number;
  column?: number;
}

export interface ValidationOptions {
  allowWrite?: boolean;
  /** Default false: queries may not read the database's own catalogs (users, grants, other schemas). */
  allowSystemCatalogs?: boolean;
}

export interface SqlValidation {
  valid: boolean;
  statementType?: string;
  findings: SqlFinding[];
}

// node-sql-parser's MariaDB and MySQL grammars each miss constructs the other has (e.g. a column named
// `status` in MariaDB's), so those dialects try both before giving up.
const PARSER_DATABASES: Record<SqlDialect, string[]> = {
  postgres: ['postgresql'],
  mysql: ['mysql', 'mariadb'],
  mariadb: ['mariadb', 'mysql'],
  sqlite: ['sqlite'],
  mssql: ['transactsql'],
};

/** The statement's AST in the first grammar of the dialect that accepts it; throws the first grammar's error. */
export function parseSql(sql: string, dialect: SqlDialect, includeLocations = false): unknown {
  let first: unknown;
  for (const database of PARSER_DATABASES[dialect]) {
    try {
      return sqlParser().astify(sql, { database, parseOptions: { includeLocations } } as never);
    } catch (error) {
      first ??= error;
    }
  }
  throw first;
}

/** Functions that read files, run programs, reach the network or stall the server, per dialect (lower case). */
const DANGEROUS_FUNCTIONS: Record<SqlDialect, string[]> = {
  postgres: [
    'pg_read_file',
    'pg_read_binary_file',
    'pg_ls_dir',
    'pg_stat_file',
    'lo_import',
    'lo_export',
    'dblink',
    'dblink_exec',
    'pg_sleep',
    'pg_sleep_for',
    'pg_sleep_until',
    'pg_terminate_backend',
    'pg_cancel_backend',
    'pg_reload_conf',
    'set_config',
    'current_setting',
    'query_to_xml',
  ],
  mysql: ['load_file', 'sleep', 'benchmark', 'get_lock', 'sys_exec', 'sys_eval'],
  mariadb: ['load_file', 'sleep', 'benchmark', 'get_lock', 'sys_exec', 'sys_eval'],
  sqlite: ['load_extension', 'readfile', 'writefile', 'fts3_tokenizer'],
  mssql: ['xp_cmdshell', 'xp_dirtree', 'xp_fileexist', 'openrowset', 'opendatasource', 'openquery', 'sp_oacreate', 'sp_configure'],
};

const SYSTEM_SCHEMAS = new Set(['pg_catalog', 'information_schema', 'mysql', 'performance_schema', 'sys']);
const SYSTEM_TABLE = /^(pg_|sqlite_|sys)/i;

const WRITE_TYPES = new Set([
  'insert',
  'update',
  'delete',
  'replace',
  'create',
  'drop',
  'alter',
  'truncate',
  'rename',
  'grant',
  'revoke',
  'merge',
  'call',
  'exec',
]);
let parser: Parser | undefined;
/** node-sql-parser's grammars take ~100 ms to load: loaded with the first statement, not at start. */
function sqlParser(): Parser {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- synchronous lazy load, validation is synchronous
  parser ??= new (require('node-sql-parser') as typeof import('node-sql-parser')).Parser();
  return parser;
}

/**
 * Parser-based checks, the first of two defences (the database's own read-only session is the second):
 * one statement, of an allowed kind, with no hidden writes, dangerous functions, file output or locking reads.
 * Unparseable SQL is refused: what cannot be analysed is not run.
 */
export function validateSql(sql: string, dialect: SqlDialect, options: ValidationOptions = {}): SqlValidation {
  // Agents repeat the same statements with new parameters; parsing is the costly part, so remember verdicts.
  const key = `${dialect}|${options.allowWrite ? 1 : 0}|${options.allowSystemCatalogs ? 1 : 0}|${sql}`;
  const known = VERDICTS.get(key);
  if (known) return known;
  const verdict = analyse(sql, dialect, options);
  if (VERDICTS.size >= 2_000) VERDICTS.delete(VERDICTS.keys().next().value!);
  VERDICTS.set(key, verdict);
  return verdict;
}

const VERDICTS = new Map<string, SqlValidation>();

function analyse(sql: string, dialect: SqlDialect, options: ValidationOptions): SqlValidation {
  const findings: SqlFinding[] = [];
  if (/\/\*!/.test(sql)) findings.push(error('EXECUTABLE_COMMENT', 'MySQL executable comments (/*! ... */) are not allowed'));
  let ast: unknown;
  try {
    ast = parseSql(sql, dialect, true);
  } catch (e) {
    const location = (e as { location?: { start?: { line: number; column: number } } }).location?.start;
    findings.push({ ...error('PARSE_ERROR', `Could not parse the SQL as ${dialect}: ${(e as Error).message.slice(0, 300)}`), ...location });
    return { valid: false, findings };
  }
  const statements = (Array.isArray(ast) ? ast : [ast]) as Array<Record<string, unknown>>;
  if (statements.length !== 1) findings.push(error('MULTIPLE_STATEMENTS', `Exactly one statement is allowed; found ${statements.length}`));
  const statement = statements[0];
  const type = String(statement?.type ?? 'unknown').toLowerCase();
  if (!options.allowWrite && type !== 'select')
    findings.push(error('STATEMENT_NOT_ALLOWED', `${type.toUpperCase()} is not allowed on a read-only connection`));
  for (const s of statements) inspect(s, dialect, options, findings, true);
  return { valid: !findings.some((f) => f.severity === 'error'), statementType: type, findings };
}

function inspect(node: unknown, dialect: SqlDialect, options: ValidationOptions, findings: SqlFinding[], top = false): void {
  if (Array.isArray(node)) return node.forEach((child) => inspect(child, dialect, options, findings));
  if (!node || typeof node !== 'object') return;
  const record = node as Record<string, any>;
  const type = typeof record.type === 'string' ? record.type.toLowerCase() : undefined;
  if (!top && type && WRITE_TYPES.has(type) && record.table !== undefined && !options.allowWrite) {
    findings.push(error('WRITE_IN_SUBQUERY', `A nested ${type.toUpperCase()} is not allowed`, record.loc));
  }
  if (!options.allowSystemCatalogs && typeof record.table === 'string' && 'as' in record && type !== 'column_ref') {
    const schema = String(record.db ?? record.schema ?? '').toLowerCase();
    if (SYSTEM_SCHEMAS.has(schema) || SYSTEM_TABLE.test(record.table)) {
      findings.push(
        error(
          'SYSTEM_CATALOG',
          `Reading system catalog ${schema ? `${schema}.` : ''}${record.table} is not allowed on this connection`,
          record.loc,
        ),
      );
    }
  }
  if (type === 'function') {
    const name = functionName(record.name).toLowerCase();
    if (DANGEROUS_FUNCTIONS[dialect].includes(name)) findings.push(error('DANGEROUS_FUNCTION', `${name}() is not allowed`, record.loc));
  }
  if (record.into?.position)
    findings.push(error('INTO_NOT_ALLOWED', 'SELECT ... INTO (files, variables, tables) is not allowed', record.loc));
  if (record.locking_read || record.for_update)
    findings.push(error('LOCKING_READ', 'Locking reads (FOR UPDATE / FOR SHARE) are not allowed', record.loc));
  for (const [key, value] of Object.entries(record)) if (key !== 'loc') inspect(value, dialect, options, findings);
}

function functionName(name: unknown): string {
  if (typeof name === 'string') return name;
  const parts = (name as { name?: Array<{ value?: string }> })?.name;
  return Array.isArray(parts) ? (parts[parts.length - 1]?.value ?? '') : '';
}

function error(code: string, message: string, loc?: { start?: { line: number; column: number } }): SqlFinding {
  return { code, severity: 'error', message, ...(loc?.start ? { line: loc.start.line, column: loc.start.column } : {}) };
}
