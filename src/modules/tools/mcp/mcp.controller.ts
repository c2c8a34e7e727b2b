import { Body, Controller, Delete, Get, HttpCode, Post, Put } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, RequirePermission } from 'src/core/auth/auth.decorators';
import type { Principal } from 'src/core/auth/permissions';
import { RefParam } from 'src/core/id-params';
import { CreateMcpServerDto, DiscoverMcpDto, McpDiscoveryDto, McpServerDto, UpdateMcpServerDto } from 'src/modules/tools/dto/mcp.dto';
import { ToolDto, toToolDto } from 'src/modules/tools/dto/tool.dto';
import { ToolRegistryService } from 'src/modules/tools/tool-registry.service';
import { McpServersService } from 'src/modules/tools/mcp/mcp-servers.service';

@ApiTags('tools')
@Controller('api/mcp')
export class McpController {
  constructor(
    private readonly servers: McpServersService,
    private readonly registry: ToolRegistryService,
  ) {}

  @Get('servers')
  @RequirePermission('tools:read')
  @ApiOperation({ summary: 'Registered MCP servers with their live connection state' })
  @ApiOkResponse({ type: [McpServerDto] })
  async listMcpServers(): Promise<McpServerDto[]> {
    return this.servers.list();
  }

  @Post('servers')
  @RequirePermission('tools:write')
  @ApiOperation({ summary: 'Register an MCP server (stdio: admins only); it is connected and its tools discovered at once' })
  @ApiCreatedResponse({ type: McpServerDto })
  async createMcpServer(@Body() dto: CreateMcpServerDto, @CurrentPrincipal() principal: Principal): Promise<McpServerDto> {
    return this.servers.create(dto, principal);
  }

  @Get('servers/:id')
  @RequirePermission('tools:read')
  @ApiOkResponse({ type: McpServerDto })
  async getMcpServer(@RefParam() id: string): Promise<McpServerDto> {
    return this.servers.toDto(await this.servers.get(id));
  }

  @Put('servers/:id')
  @RequirePermission('tools:write')
  @ApiOkResponse({ type: McpServerDto })
  async updateMcpServer(@RefParam() id: string, @Body() dto: UpdateMcpServerDto): Promise<McpServerDto> {
    return this.servers.update(id, dto);
  }

  @Delete('servers/:id')
  @HttpCode(204)
  @RequirePermission('tools:write')
  @ApiNoContentResponse()
  async deleteMcpServer(@RefParam() id: string): Promise<void> {
    await this.servers.remove(id);
  }

  @Post('discover')
  @HttpCode(200)
  @RequirePermission('tools:write')
  @ApiOperation({ summary: "List a server's tools, resources and prompts now and update the registry" })
  @ApiOkResponse({ type: McpDiscoveryDto })
  async discoverMcpServer(@Body() dto: DiscoverMcpDto): Promise<McpDiscoveryDto> {
    return this.servers.discover(dto.serverId);
  }

  @Get('tools')
  @RequirePermission('tools:read')
  @ApiOperation({ summary: 'Tools discovered on MCP servers' })
  @ApiOkResponse({ type: [ToolDto] })
  async listMcpTools(): Promise<ToolDto[]> {
    return (await this.registry.list({ origin: 'mcp' })).map(toToolDto);
  }
}
