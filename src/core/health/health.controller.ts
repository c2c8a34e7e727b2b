import { Public } from 'src/core/auth/auth.decorators';
import { Controller, Get, Res } from '@nestjs/common';
import { ApiOkResponse, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { HealthService, type HealthScope } from './health.service';
import { HealthResponseDto, LivenessResponseDto } from './dto/health-response.dto';

@ApiTags('health')
@Public()
@Controller('health')
export class HealthController {
  constructor(private readonly service: HealthService) {}

  /**
   * Aggregate health of the deployment, for people: every module and the data layer. 503 only when this process's
   * own modules or dependencies fail; a module down in another process makes it 200 `degraded`.
   */
  @Get()
  @ApiOkResponse({ type: HealthResponseDto })
  @ApiServiceUnavailableResponse({ type: HealthResponseDto })
  async getHealth(@Res({ passthrough: true }) reply: FastifyReply): Promise<HealthResponseDto> {
    return this.answer(reply, 'aggregate');
  }

  /** Liveness: this process runs and its event loop answers. Checks nothing else, so a restart never follows a dependency's outage. */
  @Get('live')
  @ApiOkResponse({ type: LivenessResponseDto })
  getLiveness(): LivenessResponseDto {
    return { status: 'ok', processId: this.service.processId, uptimeSeconds: Math.round(process.uptime()) };
  }

  /** Readiness: this process's own modules, its database and Redis. 503 takes only this process out of a load balancer. */
  @Get('ready')
  @ApiOkResponse({ type: HealthResponseDto })
  @ApiServiceUnavailableResponse({ type: HealthResponseDto })
  async getReadiness(@Res({ passthrough: true }) reply: FastifyReply): Promise<HealthResponseDto> {
    return this.answer(reply, 'ready');
  }

  /** Each module and dependency (database, Redis, Chroma) with its latency. */
  @Get('detailed')
  @ApiOkResponse({ type: HealthResponseDto })
  @ApiServiceUnavailableResponse({ type: HealthResponseDto })
  async getDetailedHealth(@Res({ passthrough: true }) reply: FastifyReply): Promise<HealthResponseDto> {
    return this.answer(reply, 'detailed');
  }

  private async answer(reply: FastifyReply, scope: HealthScope): Promise<HealthResponseDto> {
    const { result, ok } = await this.service.check(scope);
    void reply.status(ok ? 200 : 503);
    return result as HealthResponseDto;
  }
}
