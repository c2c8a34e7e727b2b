import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiBody, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { jsonRpcMethod, serveJsonRpc } from '@libs/contracts';
import { CurrentPrincipal, Expensive, RequirePermission } from 'src/core/auth/auth.decorators';
import type { Principal } from 'src/core/auth/permissions';
import { QaService } from './search/qa.service';
import { SearchService } from './search/search.service';

const SEARCH_MODE = z.enum(['semantic', 'keyword', 'hybrid']);

/**
 * The knowledge agent over JSON-RPC 2.0: `ask` ({ collection, question, k?, model? }) answers with citations,
 * `search` ({ collection, query, k?, mode? }) returns passages.
 */
@ApiTags('a2a')
@Controller('a2a')
export class RagA2aController {
  constructor(
    private readonly qa: QaService,
    private readonly search: SearchService,
  ) {}

  @Post('ask')
  @HttpCode(200)
  @Expensive()
  @RequirePermission('rag:read')
  @ApiBody({
    schema: {
      type: 'object',
      required: ['jsonrpc', 'id', 'method', 'params'],
      properties: {
        jsonrpc: { type: 'string', enum: ['2.0'] },
        id: { oneOf: [{ type: 'string' }, { type: 'number' }] },
        method: { enum: ['ask', 'search'] },
        params: { type: 'object', additionalProperties: true },
      },
    },
  })
  @ApiOkResponse({ description: 'A JSON-RPC 2.0 response: result, or error with a JSON-RPC code' })
  askOverA2a(@Body() body: unknown, @CurrentPrincipal() principal: Principal) {
    return serveJsonRpc(body, this.methods(principal));
  }

  private methods(principal: Principal) {
    const collection = z.string().min(1).max(200);
    const text = z.string().trim().min(1).max(10_000);
    return {
      ask: jsonRpcMethod({
        params: z.object({
          collection,
          question: text,
          k: z.int().min(1).max(100).default(5),
          model: z.object({ provider: z.string(), modelId: z.string() }).optional(),
        }),
        shape: '{ collection, question, k?, model?: { provider, modelId } }',
        run: (params) => this.qa.ask(params, principal.id),
      }),
      search: jsonRpcMethod({
        params: z.object({ collection, query: text, k: z.int().min(1).max(100).default(10), mode: SEARCH_MODE.default('hybrid') }),
        shape: '{ collection, query, k?, mode? }',
        run: ({ mode, ...request }) => this.search.search(mode, request, principal.id),
      }),
    };
  }
}
