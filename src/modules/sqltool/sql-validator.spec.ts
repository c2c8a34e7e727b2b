import { validateSql, type SqlDialect } from './sql-validator';

const codes = (sql: string, dialect: SqlDialect, allowWrite = false) =>
  validateSql(sql, dialect, { allowWrite }).findings.map((f) => f.code);

describe(validateSql.name, () => {
  it.each(['postgres', 'mysql', 'mariadb', 'sqlite'] as const)('accepts a plain parameterised SELECT on %s', (dialect) => {
    const sql =
      dialect === 'postgres'
        ? 'SELECT id, name FROM customers WHERE id = $1 LIMIT 10'
        : 'SELECT id, name FROM customers WHERE id = ? LIMIT 10';
    expect(validateSql(sql, dialect)).toMatchObject({ valid: true, statementType: 'select', findings: [] });
  });

  it.each(['postgres', 'mysql', 'mariadb', 'sqlite'] as const)('refuses stacked queries on %s', (dialect) => {
    expect(codes('SELECT 1; DROP TABLE customers', dialect)).toContain('MULTIPLE_STATEMENTS');
  });

  it.each(['postgres', 'mysql', 'sqlite'] as const)('refuses a statement smuggled after a comment on %s', (dialect) => {
    expect(codes('SELECT 1 -- harmless\n; DELETE FROM customers', dialect)).toContain('MULTIPLE_STATEMENTS');
  });

  it('refuses MySQL executable comments', () => {
    expect(codes('SELECT 1 /*!50000 , LOAD_FILE("/etc/passwd") */', 'mysql')).toContain('EXECUTABLE_COMMENT');
  });

  it.each(['postgres', 'mysql', 'sqlite'] as const)(
    'refuses writes on a read-only connection on %s and allows them when writable',
    (dialect) => {
      expect(codes('DELETE FROM customers WHERE id = 1', dialect)).toContain('STATEMENT_NOT_ALLOWED');
      expect(codes('UPDATE customers SET name = 1 WHERE id = 1', dialect)).toContain('STATEMENT_NOT_ALLOWED');
      expect(codes('DELETE FROM customers WHERE id = 1', dialect, true)).toEqual([]);
    },
  );

  it('refuses a write hidden in a CTE (or SQL it cannot analyse)', () => {
    const result = validateSql('WITH gone AS (DELETE FROM customers RETURNING *) SELECT * FROM gone', 'postgres');
    expect(result.valid).toBe(false);
  });

  it.each([
    ['postgres', "SELECT pg_read_file('/etc/passwd')"],
    ['postgres', 'SELECT pg_sleep(3600)'],
    ['mysql', "SELECT LOAD_FILE('/etc/passwd')"],
    ['mariadb', 'SELECT SLEEP(3600)'],
    ['mysql', 'SELECT BENCHMARK(100000000, MD5(1))'],
    ['sqlite', "SELECT load_extension('evil')"],
  ] as const)('refuses dangerous functions on %s: %s', (dialect, sql) => {
    expect(codes(sql, dialect)).toContain('DANGEROUS_FUNCTION');
  });

  it.each([
    ['postgres', 'SELECT name FROM customers UNION SELECT usename FROM pg_catalog.pg_user'],
    ['postgres', 'SELECT name FROM customers UNION SELECT rolname FROM pg_roles'],
    ['mariadb', 'SELECT name FROM customers UNION SELECT user FROM mysql.user'],
    ['mysql', 'SELECT table_name FROM information_schema.tables'],
    ['sqlite', 'SELECT name FROM customers UNION SELECT sql FROM sqlite_master'],
  ] as const)('refuses UNION exfiltration of system catalogs on %s: %s', (dialect, sql) => {
    expect(codes(sql, dialect)).toContain('SYSTEM_CATALOG');
  });

  it('refuses SELECT ... INTO OUTFILE', () => {
    expect(validateSql("SELECT * FROM customers INTO OUTFILE '/tmp/x'", 'mysql').valid).toBe(false);
  });

  it('refuses locking reads', () => {
    expect(validateSql('SELECT * FROM customers FOR UPDATE', 'mysql').valid).toBe(false);
    expect(validateSql('SELECT * FROM customers FOR UPDATE', 'postgres').valid).toBe(false);
  });

  it('reports where an unparseable statement breaks', () => {
    const [finding] = validateSql('SELECT * FROM\n  WHERE', 'postgres').findings;
    expect(finding).toMatchObject({ code: 'PARSE_ERROR', line: 2 });
  });

  it('treats a parameter value as data: the SQL text is what is validated', () => {
    expect(validateSql('SELECT * FROM customers WHERE name = $1', 'postgres').valid).toBe(true);
  });
});
