import { MODULE_ROUTE_PREFIXES } from '@libs/contracts';
import type { ModuleDescriptor } from 'src/core/module-descriptor';

/** What the sqltool module is and owns. Skills stay `live: true` until their issue lands. */
export const SQLTOOL_MODULE: ModuleDescriptor = {
  name: 'sqltool',
  title: 'SQL',
  description: 'Safe SQL on PostgreSQL, MySQL/MariaDB, SQLite and SQL Server with introspection and EXPLAIN advice.',
  routePrefixes: MODULE_ROUTE_PREFIXES['sqltool'],
  skills: [
    {
      id: 'sql-query',
      name: 'Query a database',
      description: 'Run a validated read-only SQL query on a registered connection.',
      tags: ['sql', 'query'],
      live: true,
    },
  ],
};
