import { createHash } from 'node:crypto';

/** The query with literals replaced and whitespace folded, so `id = 1` and `id = 2` aggregate together. */
export function normalizeSql(sql: string): string {
  return sql
    .replace(/'(?:[^']|'')*'/g, '?')
    .replace(/\b\d+(\.\d+)?\b/g, '?')
    .replace(/\$\d+/g, '?')
    .replace(/\s+/g, ' ')
    .trim()
    .toLowerCase();
}

export function sqlFingerprint(connectionId: string, sql: string): string {
  return createHash('sha256')
    .update(`${connectionId}\n${normalizeSql(sql)}`)
    .digest('hex')
    .slice(0, 32);
}
