import { Body, Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Expensive, RequirePermission } from 'src/core/auth/auth.decorators';
import type { Principal } from 'src/core/auth/permissions';
import { UuidParam } from 'src/core/id-params';
import { CoordinationService } from './coordination.service';
import { CoordinateDto, CoordinationResultDto } from './dto/coordination.dto';
import {
  AssignedAgentDto,
  SessionListDto,
  SessionListQueryDto,
  SessionResponseDto,
  StartSessionDto,
  toAssignedAgent,
  toSessionResponse,
  toSessionSummary,
} from './dto/session.dto';
import { SessionsService } from './sessions.service';

@ApiTags('orchestrator')
@Controller()
export class OrchestratorController {
  constructor(
    private readonly sessions: SessionsService,
    private readonly coordination: CoordinationService,
  ) {}

  /** Hands the platform a goal: it plans tasks, routes each to an agent, and runs the plan as a durable workflow. */
  @Post('api/orchestrate')
  @Expensive()
  @RequirePermission('orchestrator:write')
  @ApiCreatedResponse({ type: SessionResponseDto })
  async startOrchestration(@Body() dto: StartSessionDto, @CurrentPrincipal() principal: Principal): Promise<SessionResponseDto> {
    const { wait, waitMs, ...request } = dto;
    const session = await this.sessions.start(request, principal);
    return this.view(wait ? await this.sessions.waitFor(session.id, waitMs ?? 60_000) : session);
  }

  /** Sessions newest first, optionally of one status: goal, status, plan size, assigned agents, tokens, trace. */
  @Get('api/orchestrate')
  @RequirePermission('orchestrator:read')
  @ApiOkResponse({ type: SessionListDto })
  async listOrchestrations(@Query() query: SessionListQueryDto): Promise<SessionListDto> {
    const [sessions, total] = await this.sessions.list(query);
    const assignments = await this.sessions.assignmentsOf(sessions.map((s) => s.id));
    return { items: sessions.map((s) => toSessionSummary(s, assignments.get(s.id) ?? [])), total };
  }

  /** Status, plan with per-task progress, ledgers, results and what the orchestrator spent. */
  @Get('api/orchestrate/:id')
  @RequirePermission('orchestrator:read')
  @ApiOkResponse({ type: SessionResponseDto })
  async getOrchestration(@UuidParam() id: string): Promise<SessionResponseDto> {
    return this.view(await this.sessions.get(id));
  }

  @Post('api/orchestrate/:id/cancel')
  @HttpCode(200)
  @RequirePermission('orchestrator:write')
  @ApiOkResponse({ type: SessionResponseDto })
  async cancelOrchestration(@UuidParam() id: string, @CurrentPrincipal() principal: Principal): Promise<SessionResponseDto> {
    return this.view(await this.sessions.cancel(id, `${principal.kind}:${principal.name}`));
  }

  /** Each agent assigned in the session, its role, state and why the router chose it (with the score breakdown). */
  @Get('api/sessions/:id/agents')
  @RequirePermission('orchestrator:read')
  @ApiOkResponse({ type: [AssignedAgentDto] })
  async listSessionAgents(@UuidParam() id: string): Promise<AssignedAgentDto[]> {
    return (await this.sessions.agents(id)).map(toAssignedAgent);
  }

  /** Steers a session by hand: reassign a task, message its agent, or cancel. Recorded in the ledger with who did it. */
  @Post('api/coordinate')
  @HttpCode(200)
  @RequirePermission('orchestrator:write')
  @ApiOkResponse({ type: CoordinationResultDto })
  coordinateAgents(@Body() dto: CoordinateDto, @CurrentPrincipal() principal: Principal): Promise<CoordinationResultDto> {
    return this.coordination.coordinate(dto, principal);
  }

  private async view(session: Awaited<ReturnType<SessionsService['get']>>): Promise<SessionResponseDto> {
    return toSessionResponse(session, await this.sessions.agents(session.id), await this.sessions.run(session));
  }
}
