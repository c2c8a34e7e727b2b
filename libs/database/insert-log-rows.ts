import type { ObjectLiteral, Repository } from 'typeorm';

/**
 * Inserts rows of a write-only log (run records, call logs, message logs) in one statement. Repository.insert reads
 * every row back afterwards to fill in generated defaults (one SELECT per batch on SQLite, RETURNING on PostgreSQL);
 * nobody reads those values from a log writer, so that round trip is skipped.
 */
export async function insertLogRows<T extends ObjectLiteral>(repository: Repository<T>, rows: Array<Partial<T>>): Promise<void> {
  if (rows.length === 0) return;
  await repository
    .createQueryBuilder()
    .insert()
    .values(rows as never)
    .updateEntity(false)
    .execute();
}
