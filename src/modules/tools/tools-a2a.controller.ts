import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiBody, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { jsonRpcMethod, serveJsonRpc } from '@libs/contracts';
import { CurrentPrincipal, Expensive, RequirePermission } from 'src/core/auth/auth.decorators';
import type { Principal } from 'src/core/auth/permissions';
import { toToolDto } from './dto/tool.dto';
import { ToolExecutionService } from './tool-execution.service';
import { ToolRegistryService } from './tool-registry.service';
import { ToolsError } from './tools.errors';

/** Tools over A2A-style JSON-RPC 2.0: `execute` ({ toolId, arguments }) and `list` ({ tag?, origin? }). */
@ApiTags('a2a')
@Controller('a2a/tools')
export class ToolsA2aController {
  constructor(
    private readonly execution: ToolExecutionService,
    private readonly registry: ToolRegistryService,
  ) {}

  @Post('execute')
  @HttpCode(200)
  @Expensive()
  @RequirePermission('tools:execute')
  @ApiOperation({ summary: 'JSON-RPC 2.0: method execute {toolId, arguments, timeoutMs?} or list {origin?, tag?}' })
  @ApiBody({
    schema: {
      type: 'object',
      required: ['jsonrpc', 'id', 'method'],
      properties: { jsonrpc: { type: 'string' }, id: {}, method: { type: 'string' }, params: { type: 'object' } },
    },
  })
  @ApiOkResponse({ schema: { type: 'object', properties: { jsonrpc: { type: 'string' }, id: {}, result: {}, error: { type: 'object' } } } })
  executeToolOverA2a(@Body() body: unknown, @CurrentPrincipal() principal: Principal): Promise<object> {
    return serveJsonRpc(body, this.methods(principal));
  }

  private methods(principal: Principal) {
    return {
      list: jsonRpcMethod({
        params: z.object({ origin: z.enum(['builtin', 'mcp']).optional(), tag: z.string().max(100).optional() }),
        shape: '{ origin?, tag? }',
        run: async (filter) => (await this.registry.list(filter)).map(toToolDto),
      }),
      execute: jsonRpcMethod({
        params: z.object({
          toolId: z.string().min(1).max(200),
          arguments: z.record(z.string(), z.unknown()).default({}),
          timeoutMs: z.int().positive().optional(),
        }),
        shape: '{ toolId: string, arguments: object, timeoutMs? }',
        run: async ({ toolId, arguments: args, timeoutMs }) => {
          const outcome = await this.execution.execute(toolId, args, { principal, timeoutMs });
          if (!outcome.ok) throw ToolsError.fromOutcome(outcome.error!);
          return outcome;
        },
      }),
    };
  }
}
