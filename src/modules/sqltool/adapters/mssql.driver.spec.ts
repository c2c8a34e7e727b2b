import { validateSql } from 'src/modules/sqltool/sql-validator';
import { MSSQL_STATEMENTS } from './mssql.driver';

// SQL Server cannot run here: these cover its dialect handling without a live server.
describe('SQL Server dialect handling', () => {
  it('accepts a parameterised SELECT and refuses xp_cmdshell, OPENROWSET and stacked batches', () => {
    expect(validateSql('SELECT TOP 10 id, name FROM customers WHERE id = @p1', 'mssql').valid).toBe(true);
    expect(validateSql("SELECT * FROM OPENROWSET('SQLNCLI', 'x', 'SELECT 1')", 'mssql').valid).toBe(false);
    expect(validateSql("EXEC xp_cmdshell 'dir'", 'mssql').valid).toBe(false);
    expect(validateSql('SELECT 1; DROP TABLE customers', 'mssql').findings.map((f) => f.code)).toContain('MULTIPLE_STATEMENTS');
  });

  it('caps rows with TOP around the statement and asks for the XML show-plan for EXPLAIN', () => {
    expect(MSSQL_STATEMENTS.capped('SELECT id FROM t', 100)).toBe('SELECT TOP (101) * FROM (SELECT id FROM t) AS platform_capped');
    expect(MSSQL_STATEMENTS.showPlanOn).toBe('SET SHOWPLAN_XML ON');
    expect(MSSQL_STATEMENTS.columns).toContain('INFORMATION_SCHEMA.COLUMNS');
  });
});
