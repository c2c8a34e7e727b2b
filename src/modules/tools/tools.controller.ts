import { Body, Controller, Get, HttpCode, Post, Put, Query, Req, Res } from '@nestjs/common';
import { ApiExtraModels, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { CurrentPrincipal, Expensive, RequirePermission } from 'src/core/auth/auth.decorators';
import type { Principal } from 'src/core/auth/permissions';
import { RefParam, UuidParam } from 'src/core/id-params';
import {
  AnswerElicitationDto,
  BatchResultDto,
  BatchToolsDto,
  ElicitationEventDto,
  ExecuteToolDto,
  ListToolsQueryDto,
  ToolDto,
  ToolHealthDto,
  ToolOutcomeDto,
  ToolPermissionsDto,
  ToolSchemaDto,
  ToolExecutionDto,
  toToolDto,
  toToolExecutionResponse,
} from 'src/modules/tools/dto/tool.dto';
import { ElicitationsService } from 'src/modules/tools/mcp/elicitations.service';
import { McpServersService } from 'src/modules/tools/mcp/mcp-servers.service';
import { ToolExecutionService } from 'src/modules/tools/tool-execution.service';
import { ToolRegistryService } from 'src/modules/tools/tool-registry.service';
import { ToolsError, ToolsErrorCode } from 'src/modules/tools/tools.errors';

/** An AbortSignal that fires when the caller goes away before the answer: their tool call is canceled. */
function callerGone(reply: FastifyReply): AbortSignal {
  const controller = new AbortController();
  // The response closes either when it has been sent (finished) or when the connection dropped first.
  reply.raw.once('close', () => {
    if (!reply.raw.writableFinished) controller.abort();
  });
  return controller.signal;
}

@ApiTags('tools')
@ApiExtraModels(ElicitationEventDto)
@Controller('api/tools')
export class ToolsController {
  constructor(
    private readonly registry: ToolRegistryService,
    private readonly execution: ToolExecutionService,
    private readonly servers: McpServersService,
    private readonly elicitations: ElicitationsService,
  ) {}

  @Get()
  @RequirePermission('tools:read')
  @ApiOperation({ summary: 'Built-in and MCP tools in one list, filtered by origin, tag, health or text' })
  @ApiOkResponse({ type: [ToolDto] })
  async listTools(@Query() query: ListToolsQueryDto): Promise<ToolDto[]> {
    return (await this.registry.list(query)).map(toToolDto);
  }

  @Post('batch')
  @HttpCode(200)
  @Expensive()
  @RequirePermission('tools:execute')
  @ApiOperation({ summary: 'Run many tool calls (at most TOOLS_BATCH_CONCURRENCY at once); each item has its own outcome' })
  @ApiOkResponse({ type: BatchResultDto })
  async batchTools(
    @Body() dto: BatchToolsDto,
    @CurrentPrincipal() principal: Principal,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<BatchResultDto> {
    const results = await this.execution.batch(dto.calls, { principal, timeoutMs: dto.timeoutMs, signal: callerGone(reply) });
    const succeeded = results.filter((r) => r.ok).length;
    return { results, succeeded, failed: results.length - succeeded };
  }

  @Post('elicitations/:id')
  @HttpCode(204)
  @RequirePermission('tools:execute')
  @ApiOperation({
    summary:
      "Answer an MCP server's request for input (the `elicitation` event of a streamed call): accept with content matching requestedSchema (its defaults fill omitted fields), decline or cancel",
  })
  @ApiNoContentResponse()
  answerElicitation(@UuidParam() id: string, @Body() dto: AnswerElicitationDto, @CurrentPrincipal() principal: Principal): void {
    this.elicitations.answer(id, principal.id, dto.action, dto.content);
  }

  @Get(':id')
  @RequirePermission('tools:read')
  @ApiOkResponse({ type: ToolDto })
  async getTool(@RefParam() id: string): Promise<ToolDto> {
    return toToolDto(await this.registry.get(id));
  }

  @Get(':id/schema')
  @RequirePermission('tools:read')
  @ApiOperation({ summary: 'Input and output JSON schemas of a tool' })
  @ApiOkResponse({ type: ToolSchemaDto })
  async getToolSchema(@RefParam() id: string): Promise<ToolSchemaDto> {
    const tool = await this.registry.get(id);
    return { id: tool.id, name: tool.name, inputSchema: tool.inputSchema, outputSchema: tool.outputSchema };
  }

  @Get(':id/health')
  @RequirePermission('tools:read')
  @ApiOperation({ summary: 'Health of a tool (MCP tools: the live state of their server connection)' })
  @ApiOkResponse({ type: ToolHealthDto })
  getToolHealth(@RefParam() id: string): Promise<ToolHealthDto> {
    return this.servers.toolHealth(id);
  }

  @Get(':id/executions')
  @RequirePermission('tools:read')
  @ApiOperation({ summary: 'Recent calls of a tool (arguments with secrets redacted)' })
  @ApiOkResponse({ type: [ToolExecutionDto] })
  async listToolExecutions(@RefParam() id: string): Promise<ToolExecutionDto[]> {
    return (await this.registry.recentExecutions(id, 50)).map(toToolExecutionResponse);
  }

  @Put(':id/permissions')
  @RequirePermission('tools:write')
  @ApiOperation({ summary: 'Restrict a tool to roles and agents (admins only)' })
  @ApiOkResponse({ type: ToolPermissionsDto })
  setToolPermissions(
    @RefParam() id: string,
    @Body() dto: ToolPermissionsDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<ToolPermissionsDto> {
    return this.registry.restrict(id, dto.roles, dto.agents, principal);
  }

  @Post(':id/execute')
  @HttpCode(200)
  @Expensive()
  @RequirePermission('tools:execute')
  @ApiOperation({
    summary:
      "Call a tool. With Accept: text/event-stream, MCP progress arrives as `progress` events, an MCP server's request for input as an `elicitation` event (answer it with POST /api/tools/elicitations/:id; unanswered it is declined after MCP_ELICITATION_TIMEOUT_MS), and the outcome as a `result` event. Without the stream such requests are declined",
  })
  @ApiProduces('application/json', 'text/event-stream')
  @ApiOkResponse({ type: ToolOutcomeDto })
  async executeTool(
    @RefParam() id: string,
    @Body() dto: ExecuteToolDto,
    @CurrentPrincipal() principal: Principal,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<ToolOutcomeDto | undefined> {
    const signal = callerGone(reply);
    if (!String(request.headers.accept ?? '').includes('text/event-stream')) {
      const outcome = await this.execution.execute(id, dto.arguments, {
        principal,
        agentId: dto.agentId,
        timeoutMs: dto.timeoutMs,
        signal,
      });
      if (!outcome.ok && outcome.error) reply.status(statusOf(outcome.error.code));
      return outcome;
    }
    await this.registry.get(id);
    reply.hijack();
    const raw = reply.raw;
    raw.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive' });
    const send = (event: string, data: unknown) => raw.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
    const outcome = await this.execution.execute(id, dto.arguments, {
      principal,
      agentId: dto.agentId,
      timeoutMs: dto.timeoutMs,
      signal,
      onProgress: (progress) => send('progress', progress),
      onElicitation: this.elicitations.askerFor(principal.id, (event) => send('elicitation', event)),
    });
    send('result', outcome);
    raw.end();
    return undefined;
  }
}

/** HTTP status of a failed call, from its error code (the body is the outcome, with the error in it). */
export function statusOf(code: string): number {
  return new ToolsError(code as ToolsErrorCode, '').status;
}
