import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put, Query, Req } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import { CurrentPrincipal, Expensive, RequirePermission } from 'src/core/auth/auth.decorators';
import type { Principal } from 'src/core/auth/permissions';
import { A2aServerService } from './a2a/a2a-server.service';
import { AgentExecutionEntity } from './agent-execution.entity';
import { AgentRunsService } from './agent-runs.service';
import { AgentsService } from './agents.service';
import { AgentExecutionDto, CollaborateDto, CollaborationResultDto, ExecutionListQueryDto } from './dto/a2a-platform.dto';
import {
  AgentCapabilitiesDto,
  AgentDto,
  AgentListDto,
  CreateAgentDto,
  ExecuteAgentDto,
  ExecutionResultDto,
  ListAgentsQueryDto,
  UpdateAgentDto,
} from './dto/agent.dto';

@ApiTags('agents')
@Controller('api/agents')
export class AgentsController {
  constructor(
    private readonly agents: AgentsService,
    private readonly runs: AgentRunsService,
    private readonly server: A2aServerService,
    @InjectRepository(AgentExecutionEntity) private readonly executions: Repository<AgentExecutionEntity>,
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
    return this.agents.toDto(await this.agents.create(dto, principal), this.agents.baseUrlOf(request));
  }

  @Get()
  @RequirePermission('agents:read')
  @ApiOperation({ summary: 'List agents, filtered by capabilities (all must match) and text' })
  @ApiOkResponse({ type: AgentListDto })
  async listAgents(@Query() query: ListAgentsQueryDto, @Req() request: FastifyRequest): Promise<AgentListDto> {
    const { items, total } = await this.agents.list(query);
    const baseUrl = this.agents.baseUrlOf(request);
    return { items: items.map((agent) => this.agents.toDto(agent, baseUrl)), total };
  }

  @Get(':id')
  @RequirePermission('agents:read')
  @ApiOkResponse({ type: AgentDto })
  async getAgent(@Param('id') id: string, @Req() request: FastifyRequest): Promise<AgentDto> {
    return this.agents.toDto(await this.agents.get(id), this.agents.baseUrlOf(request));
  }

  @Put(':id')
  @RequirePermission('agents:write')
  @ApiOperation({ summary: 'Update an agent; its A2A card is regenerated' })
  @ApiOkResponse({ type: AgentDto })
  async updateAgent(
    @Param('id') id: string,
    @Body() dto: UpdateAgentDto,
    @CurrentPrincipal() principal: Principal,
    @Req() request: FastifyRequest,
  ): Promise<AgentDto> {
    return this.agents.toDto(await this.agents.update(id, dto, principal), this.agents.baseUrlOf(request));
  }

  @Delete(':id')
  @HttpCode(204)
  @RequirePermission('agents:write')
  @ApiNoContentResponse()
  async deleteAgent(@Param('id') id: string): Promise<void> {
    await this.agents.remove(id);
  }

  @Post(':id/refresh')
  @HttpCode(200)
  @RequirePermission('agents:write')
  @ApiOperation({ summary: 'Re-read a remote agent card' })
  @ApiOkResponse({ type: AgentDto })
  async refreshAgent(@Param('id') id: string): Promise<AgentDto> {
    return this.agents.toDto(await this.agents.refreshRemote(id));
  }

  @Get(':id/capabilities')
  @RequirePermission('agents:read')
  @ApiOkResponse({ type: AgentCapabilitiesDto })
  async getAgentCapabilities(@Param('id') id: string): Promise<AgentCapabilitiesDto> {
    return this.agents.capabilitiesDto(id);
  }

  @Post(':id/execute')
  @HttpCode(200)
  @Expensive()
  @RequirePermission('agents:execute')
  @ApiOperation({ summary: 'Run an agent on an input (an A2A task, persisted); continue with contextId or taskId' })
  @ApiOkResponse({ type: ExecutionResultDto })
  async executeAgent(
    @Param('id') id: string,
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
    @Param('id') id: string,
    @Body() dto: CollaborateDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<CollaborationResultDto> {
    return this.runs.collaborate(id, dto, principal);
  }

  @Get(':id/executions')
  @RequirePermission('agents:read')
  @ApiOperation({ summary: 'Recent runs of an agent with their steps, tokens, latency and cost' })
  @ApiOkResponse({ type: [AgentExecutionDto] })
  async listAgentExecutions(@Param('id') id: string, @Query() query: ExecutionListQueryDto): Promise<AgentExecutionDto[]> {
    const agent = await this.agents.get(id);
    await this.server.flushExecutions();
    const rows = await this.executions.find({ where: { agentId: agent.id }, order: { createdAt: 'DESC' }, take: query.limit ?? 20 });
    return rows.map((row) => ({
      id: row.id,
      taskId: row.taskId,
      contextId: row.contextId,
      status: row.status,
      steps: row.steps as unknown as Array<Record<string, unknown>>,
      inputTokens: row.inputTokens,
      outputTokens: row.outputTokens,
      costUsd: row.costUsd,
      latencyMs: row.latencyMs,
      error: row.error,
      createdAt: row.createdAt.toISOString(),
    }));
  }
}
