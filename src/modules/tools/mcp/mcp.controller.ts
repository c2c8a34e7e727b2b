import { Body, Controller, Delete, Get, Header, HttpCode, Post, Put, Query, Req, Res } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { CurrentPrincipal, Public, RequirePermission } from 'src/core/auth/auth.decorators';
import type { Principal } from 'src/core/auth/permissions';
import { RequestAuthenticator } from 'src/core/auth/request-authenticator';
import { RefParam } from 'src/core/id-params';
import {
  CreateMcpServerDto,
  DiscoverMcpDto,
  McpAuthorizeResultDto,
  McpDiscoveryDto,
  McpOAuthCallbackQueryDto,
  McpOAuthCallbackResultDto,
  McpSamplingRequestPageDto,
  McpServerDto,
  SamplingRequestsQueryDto,
  UpdateMcpServerDto,
} from 'src/modules/tools/dto/mcp.dto';
import { ToolDto, toToolDto } from 'src/modules/tools/dto/tool.dto';
import { ToolRegistryService } from 'src/modules/tools/tool-registry.service';
import { McpServersService } from 'src/modules/tools/mcp/mcp-servers.service';
import { McpOAuthService } from 'src/modules/tools/mcp/oauth/mcp-oauth.service';

@ApiTags('tools')
@Controller('api/mcp')
export class McpController {
  constructor(
    private readonly servers: McpServersService,
    private readonly registry: ToolRegistryService,
    private readonly oauth: McpOAuthService,
    private readonly authenticator: RequestAuthenticator,
  ) {}

  @Get('servers')
  @RequirePermission('tools:read')
  @ApiOperation({ summary: 'Registered MCP servers with their live connection state and authorization state' })
  @ApiOkResponse({ type: [McpServerDto] })
  async listMcpServers(@CurrentPrincipal() principal: Principal): Promise<McpServerDto[]> {
    return this.servers.list(principal);
  }

  @Post('servers')
  @RequirePermission('tools:write')
  @ApiOperation({
    summary:
      'Register an MCP server (stdio: admins only); it is connected and its tools discovered at once. A server that asks for OAuth is kept with status needs_authorization',
  })
  @ApiCreatedResponse({ type: McpServerDto })
  async createMcpServer(@Body() dto: CreateMcpServerDto, @CurrentPrincipal() principal: Principal): Promise<McpServerDto> {
    return this.servers.create(dto, principal);
  }

  @Get('servers/:id')
  @RequirePermission('tools:read')
  @ApiOkResponse({ type: McpServerDto })
  async getMcpServer(@RefParam() id: string, @CurrentPrincipal() principal: Principal): Promise<McpServerDto> {
    return this.servers.describe(id, principal);
  }

  @Put('servers/:id')
  @RequirePermission('tools:write')
  @ApiOkResponse({ type: McpServerDto })
  async updateMcpServer(
    @RefParam() id: string,
    @Body() dto: UpdateMcpServerDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<McpServerDto> {
    return this.servers.update(id, dto, principal);
  }

  @Delete('servers/:id')
  @HttpCode(204)
  @RequirePermission('tools:write')
  @ApiNoContentResponse()
  async deleteMcpServer(@RefParam() id: string): Promise<void> {
    await this.servers.remove(id);
  }

  @Get('servers/:id/sampling-requests')
  @RequirePermission('tools:read')
  @ApiOperation({ summary: 'Sampling requests the server made (answered, refused or failed), newest first, with their token use' })
  @ApiOkResponse({ type: McpSamplingRequestPageDto })
  listMcpSamplingRequests(@RefParam() id: string, @Query() query: SamplingRequestsQueryDto): Promise<McpSamplingRequestPageDto> {
    return this.servers.samplingRequests(id, query.limit ?? 50, query.offset ?? 0);
  }

  @Post('servers/:id/authorize')
  @HttpCode(200)
  @RequirePermission('tools:execute')
  @ApiOperation({
    summary:
      'Start OAuth authorization of a server (shared: needs tools:write; per-user: for yourself). Open authorizationUrl in a browser; the authorization server returns to /api/mcp/oauth/callback',
  })
  @ApiOkResponse({ type: McpAuthorizeResultDto })
  authorizeMcpServer(@RefParam() id: string, @CurrentPrincipal() principal: Principal): Promise<McpAuthorizeResultDto> {
    return this.servers.authorize(id, principal);
  }

  @Delete('servers/:id/authorization')
  @HttpCode(204)
  @RequirePermission('tools:execute')
  @ApiOperation({
    summary:
      'Disconnect: forget the OAuth tokens of a server (shared: needs tools:write; per-user: your own) and close its connection; the client registration is kept for the next authorization',
  })
  @ApiNoContentResponse()
  async forgetMcpAuthorization(@RefParam() id: string, @CurrentPrincipal() principal: Principal): Promise<void> {
    await this.servers.forgetAuthorization(id, principal);
  }

  @Get('oauth/callback')
  @Public()
  @ApiOperation({
    summary:
      'Where the authorization server sends the browser back: checks the state (single use, expiring, bound to who started it), exchanges the code, stores the tokens and reconnects. HTML for browsers, JSON otherwise',
  })
  @ApiProduces('application/json', 'text/html')
  @ApiOkResponse({ type: McpOAuthCallbackResultDto })
  async mcpOAuthCallback(
    @Query() query: McpOAuthCallbackQueryDto,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<McpOAuthCallbackResultDto | string> {
    // Public (a browser redirect carries no bearer token), but a credential that is presented must be the starter's.
    const caller = this.authenticator.credentialOf(request.headers) ? await this.authenticator.authenticate(request.headers) : undefined;
    const done = await this.oauth.complete(query, caller, (id) => this.servers.get(id));
    const server = await this.servers.afterAuthorization(done.serverId, done.userId).catch(() => this.servers.describe(done.serverId));
    reply.header('cache-control', 'no-store');
    const result = { serverId: server.id, serverName: server.name, status: 'authorized', connection: server.status };
    if (!String(request.headers.accept ?? '').includes('text/html')) return result;
    reply.type('text/html; charset=utf-8');
    return `<!doctype html><meta charset="utf-8"><title>Authorized</title><p>MCP server <b>${escapeHtml(server.name)}</b> is authorized (connection: ${escapeHtml(server.status)}). You can close this window.</p>`;
  }

  @Get('oauth/client-metadata.json')
  @Public()
  @Header('cache-control', 'public, max-age=3600')
  @ApiOperation({
    summary: "This platform's OAuth client metadata document (used as client_id where servers support URL-based client ids)",
  })
  @ApiOkResponse({ type: Object })
  mcpOAuthClientMetadata(): Record<string, unknown> {
    return this.oauth.clientMetadataDocument();
  }

  @Post('discover')
  @HttpCode(200)
  @RequirePermission('tools:write')
  @ApiOperation({ summary: "List a server's tools, resources and prompts now and update the registry" })
  @ApiOkResponse({ type: McpDiscoveryDto })
  async discoverMcpServer(@Body() dto: DiscoverMcpDto, @CurrentPrincipal() principal: Principal): Promise<McpDiscoveryDto> {
    return this.servers.discover(dto.serverId, principal);
  }

  @Get('tools')
  @RequirePermission('tools:read')
  @ApiOperation({ summary: 'Tools discovered on MCP servers' })
  @ApiOkResponse({ type: [ToolDto] })
  async listMcpTools(): Promise<ToolDto[]> {
    return (await this.registry.list({ origin: 'mcp' })).map(toToolDto);
  }
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
