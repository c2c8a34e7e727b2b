/** Epoch-millisecond `bigint` columns: PostgreSQL returns bigint as a string, SQLite as a number; both read as numbers. */
export const EPOCH_MS = {
  to: (value: number | null | undefined) => value,
  from: (value: string | number | null) => (value === null || value === undefined ? null : Number(value)),
};
