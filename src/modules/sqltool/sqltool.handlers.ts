import { Injectable } from '@nestjs/common';
import { BusHandler } from '@libs/bus';
import type { ParamsOf } from '@libs/contracts';
import { ConnectionsService } from './connections.service';
import { SqlAskService } from './sql-ask.service';
import { SqlExecutionService } from './sql-execution.service';

/** Other modules (agents, workflows) query databases through the bus, acting as the principal they pass. */
@Injectable()
export class SqlToolHandlers {
  constructor(
    private readonly execution: SqlExecutionService,
    private readonly ask: SqlAskService,
    private readonly connections: ConnectionsService,
  ) {}

  @BusHandler('sqltool.query')
  async query({ connectionId, sql, params, principal }: ParamsOf<'sqltool.query'>) {
    const result = await this.execution.execute({ connectionId, sql, params }, principal as never);
    return { columns: result.columns, rows: result.rows, truncated: result.truncated, rowCount: result.rowCount };
  }

  @BusHandler('sqltool.ask')
  askQuestion({ principal, ...input }: ParamsOf<'sqltool.ask'>) {
    return this.ask.ask(input, principal);
  }

  @BusHandler('sqltool.connections')
  async listConnections() {
    return (await this.connections.list()).map((c) => ({ id: c.id, name: c.name, dialect: c.dialect }));
  }
}
