import { Body, Controller, Get, Header, HttpCode, Post, Req } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { CurrentPrincipal, Expensive, Public, RequirePermission } from 'src/core/auth/auth.decorators';
import type { Principal } from 'src/core/auth/permissions';
import { buildAgentCard } from 'src/modules/agents/agent-card.builder';
import { AgentDiscoveryService } from 'src/modules/agents/agent-discovery.service';
import { AgentRunsService } from 'src/modules/agents/agent-runs.service';
import { AgentsService } from 'src/modules/agents/agents.service';
import { PlatformCardService } from 'src/modules/agents/platform-card.service';
import {
  AgentCardsResponseDto,
  DiscoverAgentsDto,
  DiscoverAgentsResponseDto,
  SendA2aMessageDto,
} from 'src/modules/agents/dto/a2a-platform.dto';
import { ExecutionResultDto } from 'src/modules/agents/dto/agent.dto';

@ApiTags('a2a')
@Controller()
export class A2aPlatformController {
  constructor(
    private readonly agents: AgentsService,
    private readonly discovery: AgentDiscoveryService,
    private readonly runs: AgentRunsService,
    private readonly platformCard: PlatformCardService,
  ) {}

  @Get('a2a/cards')
  @RequirePermission('agents:read')
  @ApiOperation({ summary: 'The A2A cards of every registered agent, for discovery' })
  @ApiOkResponse({ type: AgentCardsResponseDto })
  async listAgentCards(@Req() request: FastifyRequest): Promise<AgentCardsResponseDto> {
    const baseUrl = this.agents.baseUrlOf(request);
    return { cards: (await this.agents.all()).map((agent) => buildAgentCard(agent, baseUrl)) };
  }

  @Post('a2a/discover')
  @HttpCode(200)
  @RequirePermission('agents:read')
  @ApiOperation({ summary: 'Rank agents for a need, filtered by capability and health' })
  @ApiOkResponse({ type: DiscoverAgentsResponseDto })
  async discoverAgents(@Body() dto: DiscoverAgentsDto): Promise<DiscoverAgentsResponseDto> {
    return { matches: await this.discovery.discover(dto) };
  }

  @Post('a2a/message')
  @HttpCode(200)
  @Expensive()
  @RequirePermission('agents:execute')
  @ApiOperation({ summary: 'Send a message to an agent by id, or to the best agent for a capability' })
  @ApiOkResponse({ type: ExecutionResultDto })
  async sendA2aMessage(@Body() dto: SendA2aMessageDto, @CurrentPrincipal() principal: Principal): Promise<ExecutionResultDto> {
    return this.runs.send(
      { agentId: dto.agentId, capability: dto.capability },
      { input: dto.text, contextId: dto.contextId, taskId: dto.taskId, data: dto.data },
      principal,
    );
  }

  @Get('.well-known/agent-card.json')
  @Public('PUBLIC_AGENT_CARDS')
  @RequirePermission('agents:read')
  @Header('cache-control', 'public, max-age=60')
  @ApiOperation({ summary: "The platform's own A2A card: its live skills; each agent has its own card under /a2a/agents/:id" })
  @ApiOkResponse({ type: Object })
  getPlatformCard(@Req() request: FastifyRequest): Promise<Record<string, unknown>> {
    return this.platformCard.card(this.agents.baseUrlOf(request));
  }
}
