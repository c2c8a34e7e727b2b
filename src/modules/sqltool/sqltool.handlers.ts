import { Injectable } from '@nestjs/common';
import { BusHandler } from '@libs/bus';
import type { ParamsOf } from '@libs/contracts';
import { SqlExecutionService } from './sql-execution.service';

/** Other modules (agents, workflows) query databases through the bus, acting as the principal they pass. */
@Injectable()
export class SqlToolHandlers {
  constructor(private readonly execution: SqlExecutionService) {}

  @BusHandler('sqltool.query')
  async query({ connectionId, sql, params, principal }: ParamsOf<'sqltool.query'>) {
    const result = await this.execution.execute({ connectionId, sql, params }, principal as never);
    return { columns: result.columns, rows: result.rows, truncated: result.truncated, rowCount: result.rowCount };
  }
}
