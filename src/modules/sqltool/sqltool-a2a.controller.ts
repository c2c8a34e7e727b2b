import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiBody, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { jsonRpcMethod, serveJsonRpc } from '@libs/contracts';
import { CurrentPrincipal, Expensive, RequirePermission } from 'src/core/auth/auth.decorators';
import type { Principal } from 'src/core/auth/permissions';
import { A2aSqlRequestDto, A2aSqlResponseDto } from './dto/a2a-sql.dto';
import { SqlExecutionService } from './sql-execution.service';
import { SqlAskService } from './sql-ask.service';

/** The SQL tool as an A2A-style JSON-RPC endpoint: method `query` ({ connectionId, sql, params }) and `ask`. */
@ApiTags('a2a')
@Controller('a2a/sql')
export class SqlToolA2aController {
  constructor(
    private readonly execution: SqlExecutionService,
    private readonly ask: SqlAskService,
  ) {}

  @Post('query')
  @HttpCode(200)
  @Expensive()
  @RequirePermission('sql:execute')
  @ApiBody({ type: A2aSqlRequestDto })
  @ApiOkResponse({ type: A2aSqlResponseDto })
  queryOverA2a(@Body() body: unknown, @CurrentPrincipal() principal: Principal): Promise<A2aSqlResponseDto> {
    return serveJsonRpc(body, this.methods(principal)) as Promise<A2aSqlResponseDto>;
  }

  private methods(principal: Principal) {
    return {
      query: jsonRpcMethod({
        params: z.object({
          connectionId: z.uuid(),
          sql: z.string().max(100_000),
          params: z.array(z.union([z.string(), z.number(), z.boolean(), z.null()])).optional(),
        }),
        shape: '{ connectionId: uuid, sql: string, params?: array }',
        run: (params) => this.execution.execute(params, principal),
      }),
      ask: jsonRpcMethod({
        params: z.object({
          connectionId: z.uuid(),
          question: z.string().min(1).max(2_000),
          model: z.object({ provider: z.string(), modelId: z.string() }).optional(),
        }),
        shape: '{ connectionId: uuid, question: string, model?: { provider, modelId } }',
        run: (params) => this.ask.ask(params, principal),
      }),
    };
  }
}
