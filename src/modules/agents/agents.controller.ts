import { Body, Controller, Delete, Get, HttpCode, Post, Put, Query, Req } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Expensive, RequirePermission } from 'src/core/auth/auth.decorators';
import type { Principal } from 'src/core/auth/permissions';
import { UuidParam } from 'src/core/id-params';
import { AgentRunsService } from 'src/modules/agents/agent-runs.service';
import { AgentsService } from 'src/modules/agents/agents.service';
import {
  AgentExecutionDto,
  CollaborateDto,
  CollaborationResultDto,
  ExecutionListQueryDto,
  toAgentExecutionResponse,
} from 'src/modules/agents/dto/a2a-platform.dto';
import {
  AgentCapabilitiesDto,
  AgentDto,
  AgentListDto,
  CreateAgentDto,
  ExecuteAgentDto,
  ExecutionResultDto,
  ListAgentsQueryDto,
  toAgentListResponse,
  toAgentResponse,
  UpdateAgentDto,
} from 'src/modules/agents/dto/agent.dto';

@ApiTags('agents')
@Controller('api/agents')
export class AgentsController {
  constructor(
    private readonly agents: AgentsService,
    private readonly runs: AgentRunsService,
  ) {}

  @Post()
  @RequirePermission('agents:write')
  @ApiOperation({ summary: 'Create an agent (or register a remote A2A agent by cardUrl); its A2A card is generated' })
  @ApiCreatedResponse({ type: AgentDto })
  async createAgent(
    @Body() dto: CreateAgentDto,
    @CurrentPrincipal() principal: Principal,
    @Req() request: FastifyRequest,
  ): Promise<AgentDto> {
    return toAgentResponse(await this.agents.create(dto, principal), this.agents.baseUrlOf(request));
  }

  @Get()
  @RequirePermission('agents:read')
  @ApiOperation({ summary: 'List agents, filtered by capabilities (all must match) and text' })
  @ApiOkResponse({ type: AgentListDto })
  async listAgents(@Query() query: ListAgentsQueryDto, @Req() request: FastifyRequest): Promise<AgentListDto> {
    return toAgentListResponse(await this.agents.list(query), this.agents.baseUrlOf(request));
  }

  @Get(':id')
  @RequirePermission('agents:read')
  @ApiOkResponse({ type: AgentDto })
  async getAgent(@UuidParam() id: string, @Req() request: FastifyRequest): Promise<AgentDto> {
    return toAgentResponse(await this.agents.get(id), this.agents.baseUrlOf(request));
  }

  @Put(':id')
  @RequirePermission('agents:write')
  @ApiOperation({ summary: 'Update an agent; its A2A card is regenerated' })
  @ApiOkResponse({ type: AgentDto })
  async updateAgent(
    @UuidParam() id: string,
    @Body() dto: UpdateAgentDto,
    @CurrentPrincipal() principal: Principal,
    @Req() request: FastifyRequest,
  ): Promise<AgentDto> {
    return toAgentResponse(await this.agents.update(id, dto, principal), this.agents.baseUrlOf(request));
  }

  @Delete(':id')
  @HttpCode(204)
  @RequirePermission('agents:write')
  @ApiNoContentResponse()
  async deleteAgent(@UuidParam() id: string): Promise<void> {
    await this.agents.remove(id);
  }

  @Post(':id/refresh')
  @HttpCode(200)
  @RequirePermission('agents:write')
  @ApiOperation({ summary: 'Re-read a remote agent card' })
  @ApiOkResponse({ type: AgentDto })
  async refreshAgent(@UuidParam() id: string): Promise<AgentDto> {
    return toAgentResponse(await this.agents.refreshRemote(id), this.agents.defaultBaseUrl());
  }

  @Get(':id/capabilities')
  @RequirePermission('agents:read')
  @ApiOkResponse({ type: AgentCapabilitiesDto })
  async getAgentCapabilities(@UuidParam() id: string): Promise<AgentCapabilitiesDto> {
    return this.agents.capabilitiesDto(id);
  }

  @Post(':id/execute')
  @HttpCode(200)
  @Expensive()
  @RequirePermission('agents:execute')
  @ApiOperation({ summary: 'Run an agent on an input (an A2A task, persisted); continue with contextId or taskId' })
  @ApiOkResponse({ type: ExecutionResultDto })
  async executeAgent(
    @UuidParam() id: string,
    @Body() dto: ExecuteAgentDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<ExecutionResultDto> {
    return this.runs.execute(id, dto, principal);
  }

  @Post(':id/collaborate')
  @HttpCode(200)
  @Expensive()
  @RequirePermission('agents:execute')
  @ApiOperation({ summary: 'Delegate a task to several agents, gather and merge their answers' })
  @ApiOkResponse({ type: CollaborationResultDto })
  async collaborateAgents(
    @UuidParam() id: string,
    @Body() dto: CollaborateDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<CollaborationResultDto> {
    return this.runs.collaborate(id, dto, principal);
  }

  @Get(':id/executions')
  @RequirePermission('agents:read')
  @ApiOperation({ summary: 'Recent runs of an agent with their steps, tokens, latency and cost' })
  @ApiOkResponse({ type: [AgentExecutionDto] })
  async listAgentExecutions(@UuidParam() id: string, @Query() query: ExecutionListQueryDto): Promise<AgentExecutionDto[]> {
    return (await this.runs.recentRuns(id, query.limit ?? 20)).map(toAgentExecutionResponse);
  }
}
