/** Whether a query failed on a unique constraint (PostgreSQL 23505, SQLite SQLITE_CONSTRAINT*): someone else wrote first. */
export function isUniqueViolation(error: unknown): boolean {
  const e = error as { code?: string; driverError?: { code?: string } };
  const code = e.driverError?.code ?? e.code ?? '';
  return code === '23505' || code.startsWith('SQLITE_CONSTRAINT');
}
