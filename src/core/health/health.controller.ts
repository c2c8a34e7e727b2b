import { Public } from 'src/core/auth/auth.decorators';
import { Controller, Get, Res } from '@nestjs/common';
import { ApiOkResponse, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { HealthService } from './health.service';
import { HealthResponseDto } from './dto/health-response.dto';

@ApiTags('health')
@Public()
@Controller('health')
export class HealthController {
  constructor(private readonly service: HealthService) {}

  /** Aggregate health: 200 when every module and the data layer answer, 503 otherwise. */
  @Get()
  @ApiOkResponse({ type: HealthResponseDto })
  @ApiServiceUnavailableResponse({ type: HealthResponseDto })
  async getHealth(@Res({ passthrough: true }) reply: FastifyReply): Promise<HealthResponseDto> {
    const { result, ok } = await this.service.check(false);
    void reply.status(ok ? 200 : 503);
    return result as HealthResponseDto;
  }

  /** Each module and dependency (database, Redis, Chroma) with its latency. */
  @Get('detailed')
  @ApiOkResponse({ type: HealthResponseDto })
  @ApiServiceUnavailableResponse({ type: HealthResponseDto })
  async getDetailedHealth(@Res({ passthrough: true }) reply: FastifyReply): Promise<HealthResponseDto> {
    const { result, ok } = await this.service.check(true);
    void reply.status(ok ? 200 : 503);
    return result as HealthResponseDto;
  }
}
