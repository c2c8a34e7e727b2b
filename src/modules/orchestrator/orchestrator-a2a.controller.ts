import { Body, Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Expensive, RequirePermission } from 'src/core/auth/auth.decorators';
import type { Principal } from 'src/core/auth/permissions';
import { BroadcastService } from './broadcast.service';
import { BroadcastDto, BroadcastResultDto, toBroadcastResult } from './dto/broadcast.dto';
import { NetworkDto, NetworkQueryDto } from './dto/network.dto';
import { NetworkService } from './network.service';

@ApiTags('a2a')
@Controller('a2a')
export class OrchestratorA2aController {
  constructor(
    private readonly broadcasts: BroadcastService,
    private readonly network: NetworkService,
  ) {}

  /** One message to many agents (by ids or capability) with a quorum and a deadline; answers resolved if asked. */
  @Post('broadcast')
  @HttpCode(200)
  @Expensive()
  @RequirePermission('orchestrator:write')
  @ApiOkResponse({ type: BroadcastResultDto })
  async broadcastMessage(@Body() dto: BroadcastDto, @CurrentPrincipal() principal: Principal): Promise<BroadcastResultDto> {
    return toBroadcastResult(await this.broadcasts.broadcast(dto, principal));
  }

  /** Agents, modules and the traffic between them (counts, p50/p95 latency, error rate) as a graph. */
  @Get('network')
  @RequirePermission('orchestrator:read')
  @ApiOkResponse({ type: NetworkDto })
  getNetworkTopology(@Query() query: NetworkQueryDto): Promise<NetworkDto> {
    return this.network.topology(query.windowMs, query.sessionId);
  }
}
