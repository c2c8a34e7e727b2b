import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { RequirePermission } from 'src/core/auth/auth.decorators';
import { MetricsQueryDto, PerformanceQueryDto } from 'src/modules/observability/dto/metrics.dto';
import { DashboardService } from 'src/modules/observability/metrics/dashboard.service';
import { MetricsService } from 'src/modules/observability/metrics/metrics.service';

@ApiTags('observability')
@Controller('api')
export class MetricsController {
  constructor(
    private readonly metrics: MetricsService,
    private readonly dashboard: DashboardService,
  ) {}

  @Get('metrics')
  @RequirePermission('metrics:read')
  @ApiOperation({
    summary:
      'Metrics as JSON: request, error, latency (p50/p95/p99), token and cost series per route, module, agent, model, tool and bus method, rolled up at 10s/1m/1h; CPU, memory and event-loop lag per process; span queue depths. Prometheus text stays at /metrics.',
  })
  @ApiOkResponse({ type: Object })
  getMetrics(@Query() query: MetricsQueryDto) {
    return this.metrics.metrics(query);
  }

  @Get('performance')
  @RequirePermission('observability:read')
  @ApiOperation({
    summary:
      'Performance analytics from stored spans: p50/p95/p99, error rate and count per route, module, agent, model, tool and bus method, against the previous window; slowest traces',
  })
  @ApiOkResponse({ type: Object })
  getPerformance(@Query() query: PerformanceQueryDto) {
    return this.metrics.performance(query.windowMs);
  }

  @Get('health/services')
  @RequirePermission('observability:read')
  @ApiOperation({
    summary: 'Every module and dependency across all processes: status, hosting processes with uptime and resources, last failure',
  })
  @ApiOkResponse({ type: Object })
  getServicesHealth() {
    return this.metrics.services();
  }

  @Get('dashboard/metrics')
  @RequirePermission('observability:read')
  @ApiOperation({
    summary: 'What a console home page needs in one call: health, last-hour traffic and agent figures, processes, firing alerts',
  })
  @ApiOkResponse({ type: Object })
  getDashboardMetrics() {
    return this.dashboard.dashboard();
  }
}
