import { Body, Controller, Get, HttpCode, Post, Req, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { CurrentPrincipal, Expensive, Public, RequirePermission } from 'src/core/auth/auth.decorators';
import type { Principal } from 'src/core/auth/permissions';
import { AgentDiscoveryService } from 'src/modules/agents/agent-discovery.service';
import { AgentRunsService } from 'src/modules/agents/agent-runs.service';
import { AgentsService } from 'src/modules/agents/agents.service';
import { serveCard } from 'src/modules/agents/a2a/a2a-app';
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
    return { cards: (await this.agents.all()).map((agent) => this.agents.cardJson(agent, baseUrl)) };
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
  @ApiOperation({
    summary: "The platform's own A2A card: its live skills; each agent has its own card under /a2a/agents/:id",
    description:
      'The card of the agent the host stands for (A2A_HOST_AGENT; by default the platform card, served by the supervisor). ' +
      'The host root is where A2A 0.3 clients look, so without an A2A-Version header this is the 0.3 form of the card ' +
      '(A2A 1.0 section 3.6.2), with the 1.0 interfaces embedded; send A2A-Version: 1.0 for the 1.0 card.',
  })
  @ApiOkResponse({ type: Object })
  async getPlatformCard(@Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const card = await this.platformCard.hostCard(this.agents.baseUrlOf(request));
    reply.hijack();
    serveCard(card, request.raw, reply.raw);
  }
}
