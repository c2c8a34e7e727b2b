import type { SchemaTable } from './adapters/sql-driver';
import { parseSql, type SqlDialect } from './sql-validator';

export interface Suggestion {
  code: string;
  message: string;
  reason: string;
  planNode?: Record<string, unknown>;
  fix?: string;
}

const LARGE_TABLE_ROWS = 1_000;

/** Turns a dialect's plan plus the statement's shape into concrete suggestions, each citing why. */
export function adviseOnQuery(sql: string, dialect: SqlDialect, plan: unknown, schema: SchemaTable[]): Suggestion[] {
  const suggestions = [...fromStatement(sql, dialect), ...fromPlan(dialect, plan, schema)];
  const seen = new Set<string>();
  return suggestions.filter((s) => !seen.has(`${s.code}:${s.fix ?? s.message}`) && seen.add(`${s.code}:${s.fix ?? s.message}`));
}

function fromStatement(sql: string, dialect: SqlDialect): Suggestion[] {
  let ast: any;
  try {
    ast = parseSql(sql, dialect);
  } catch {
    return [];
  }
  const select = Array.isArray(ast) ? ast[0] : ast;
  if (select?.type !== 'select') return [];
  const out: Suggestion[] = [];
  if (select.columns?.some?.((c: any) => c.expr?.type === 'column_ref' && c.expr.column === '*')) {
    out.push({
      code: 'SELECT_STAR',
      message: 'Name the columns you need instead of SELECT *',
      reason: 'SELECT * reads and ships every column, defeats covering indexes and breaks when columns change',
    });
  }
  if (!select.limit?.value?.length) {
    out.push({
      code: 'NO_LIMIT',
      message: 'Add a LIMIT',
      reason: 'Without LIMIT the database may produce every matching row; the platform caps results, but the server still does the work',
    });
  }
  if (hasFunctionOnColumn(select.where)) {
    out.push({
      code: 'FUNCTION_ON_COLUMN',
      message: 'Avoid wrapping a filtered column in a function',
      reason:
        'A function on the column (e.g. lower(email) = ...) prevents a plain index on it from being used; compare the raw column or index the expression',
    });
  }
  return out;
}

function hasFunctionOnColumn(node: any): boolean {
  if (!node || typeof node !== 'object') return false;
  if (node.type === 'binary_expr' && ['=', '<', '>', '<=', '>=', 'LIKE'].includes(node.operator)) {
    const side = (e: any) => e?.type === 'function' && JSON.stringify(e.args ?? {}).includes('column_ref');
    if (side(node.left) || side(node.right)) return true;
  }
  return Object.values(node).some((child) => hasFunctionOnColumn(child));
}

function fromPlan(dialect: SqlDialect, plan: unknown, schema: SchemaTable[]): Suggestion[] {
  switch (dialect) {
    case 'postgres':
      return fromPostgresPlan(plan, schema);
    case 'mysql':
    case 'mariadb':
      return fromMysqlPlan(plan, schema);
    case 'sqlite':
      return fromSqlitePlan(plan as Array<{ detail: string }>, schema);
    case 'mssql':
      return [];
  }
}

const rowsOf = (schema: SchemaTable[], table: string) => schema.find((t) => t.name === table)?.rowEstimate ?? 0;
const indexed = (schema: SchemaTable[], table: string, column: string) =>
  schema.find((t) => t.name === table)?.indexes.some((i) => i.columns[0] === column) ?? false;
const indexFix = (table: string, columns: string[]) => `CREATE INDEX idx_${table}_${columns.join('_')} ON ${table} (${columns.join(', ')})`;

function fromPostgresPlan(plan: unknown, schema: SchemaTable[]): Suggestion[] {
  const out: Suggestion[] = [];
  const visit = (node: any) => {
    if (!node || typeof node !== 'object') return;
    const relation = node['Relation Name'] as string | undefined;
    if (node['Node Type'] === 'Seq Scan' && relation && node.Filter && rowsOf(schema, relation) >= LARGE_TABLE_ROWS) {
      const columns = [
        ...new Set([...String(node.Filter).matchAll(/\(?(\w+)\)?(?:::[\w ]+?)? (?:=|<|>|<=|>=|~~\*?) /g)].map((m) => m[1])),
      ].filter((c) => !indexed(schema, relation, c) && schema.find((t) => t.name === relation)?.columns.some((col) => col.name === c));
      out.push({
        code: 'SEQ_SCAN_WITH_FILTER',
        message: `Sequential scan of ${relation} (~${rowsOf(schema, relation)} rows) to apply a filter`,
        reason: `The plan reads every row of ${relation} and discards those failing ${node.Filter}`,
        planNode: pick(node, ['Node Type', 'Relation Name', 'Filter', 'Plan Rows', 'Total Cost']),
        ...(columns.length ? { fix: indexFix(relation, columns.slice(0, 2)) } : {}),
      });
    }
    if (
      node['Node Type'] === 'Nested Loop' &&
      !node['Join Filter'] &&
      (node.Plans ?? []).every((p: any) => !p['Index Cond'] && p['Node Type'] !== 'Index Scan')
    ) {
      out.push({
        code: 'CARTESIAN_JOIN',
        message: 'A join without a join condition (cartesian product)',
        reason: 'The plan pairs every row of one input with every row of the other',
        planNode: pick(node, ['Node Type', 'Plan Rows', 'Total Cost']),
      });
    }
    if (node['Hash Cond'] || node['Merge Cond']) {
      for (const [, table, column] of String(node['Hash Cond'] ?? node['Merge Cond']).matchAll(/(\w+)\.(\w+)/g)) {
        const real = schema.find((t) => t.name === table) ? table : undefined;
        if (real && rowsOf(schema, real) >= LARGE_TABLE_ROWS && !indexed(schema, real, column)) {
          out.push({
            code: 'MISSING_INDEX',
            message: `No index on join column ${real}.${column}`,
            reason: `The join on ${real}.${column} must hash or sort the whole table`,
            planNode: pick(node, ['Node Type', 'Hash Cond', 'Merge Cond']),
            fix: indexFix(real, [column]),
          });
        }
      }
    }
    for (const child of node.Plans ?? []) visit(child);
  };
  for (const root of (plan as any[]) ?? []) visit(root.Plan);
  return out;
}

function fromMysqlPlan(plan: any, schema: SchemaTable[]): Suggestion[] {
  const out: Suggestion[] = [];
  const visit = (node: any) => {
    if (!node || typeof node !== 'object') return;
    if (node.table_name && node.access_type === 'ALL' && node.attached_condition && rowsOf(schema, node.table_name) >= LARGE_TABLE_ROWS) {
      const columns = [
        ...new Set([...String(node.attached_condition).matchAll(/`?(\w+)`?\.`?(\w+)`? (?:=|<|>|<=|>=|like)/gi)].map((m) => m[2])),
      ].filter((c) => !indexed(schema, node.table_name, c));
      out.push({
        code: 'SEQ_SCAN_WITH_FILTER',
        message: `Full scan of ${node.table_name} (~${rowsOf(schema, node.table_name)} rows) to apply a filter`,
        reason: `access_type ALL: every row is read and tested against ${node.attached_condition}`,
        planNode: pick(node, ['table_name', 'access_type', 'rows', 'attached_condition']),
        ...(columns.length ? { fix: indexFix(node.table_name, columns.slice(0, 2)) } : {}),
      });
    }
    if (node.table_name && node.access_type === 'ALL' && (node.using_join_buffer || node.join_type) && !node.attached_condition) {
      out.push({
        code: 'CARTESIAN_JOIN',
        message: `Join with ${node.table_name} has no join condition`,
        reason: 'Every row is paired through a join buffer with no condition',
        planNode: pick(node, ['table_name', 'access_type', 'rows']),
      });
    }
    for (const value of Object.values(node)) visit(value);
  };
  visit(plan);
  return out;
}

function fromSqlitePlan(plan: Array<{ detail: string }>, schema: SchemaTable[]): Suggestion[] {
  const out: Suggestion[] = [];
  for (const step of plan ?? []) {
    const match = /^SCAN (\w+)(?! USING)/.exec(step.detail ?? '');
    if (match && rowsOf(schema, match[1]) >= LARGE_TABLE_ROWS) {
      out.push({
        code: 'SEQ_SCAN_WITH_FILTER',
        message: `Full scan of ${match[1]} (~${rowsOf(schema, match[1])} rows)`,
        reason: `The plan step "${step.detail}" reads the whole table`,
        planNode: { ...step },
      });
    }
  }
  return out;
}

function pick(node: Record<string, unknown>, keys: string[]): Record<string, unknown> {
  return Object.fromEntries(keys.filter((k) => node[k] !== undefined).map((k) => [k, node[k]]));
}
