import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { RequirePermission } from 'src/core/auth/auth.decorators';
import { MetricsQueryDto, PerformanceQueryDto } from 'src/modules/observability/dto/metrics.dto';
import { AlertsService } from 'src/modules/observability/alerts/alerts.service';
import { MetricsService } from 'src/modules/observability/metrics/metrics.service';

@ApiTags('observability')
@Controller('api')
export class MetricsController {
  constructor(
    private readonly metrics: MetricsService,
    private readonly alerts: AlertsService,
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
  async getDashboardMetrics() {
    const now = Date.now();
    const hour = 3_600_000;
    const [services, firing] = await Promise.all([this.metrics.services(), this.alerts.list('firing')]);
    const total = (kind: 'http' | 'agent' | 'model' | 'tool') => this.metrics.rollup.aggregate(now - hour, now, kind);
    const http = total('http');
    const agents = total('agent');
    const models = total('model');
    const topAgents = this.metrics.rollup
      .series('1h', now - hour, now, 'agent')
      .map((s) => ({
        name: s.name,
        runs: s.points.reduce((n, p) => n + p.count, 0),
        errors: s.points.reduce((n, p) => n + p.errors, 0),
        costUsd: s.points.reduce((n, p) => n + p.costUsd, 0),
      }))
      .sort((a, b) => b.runs - a.runs)
      .slice(0, 5);
    return {
      at: new Date(now).toISOString(),
      health: {
        status: services.status,
        modulesUp: services.modules.filter((m) => m.status === 'up').length,
        modulesTotal: services.modules.length,
        down: [...services.modules, ...services.dependencies].filter((m) => m.status !== 'up').map((m) => m.name),
      },
      lastHour: {
        requests: http.count,
        errorRate: http.errorRate,
        p95Ms: http.p95Ms,
        agentRuns: agents.count,
        agentErrorRate: agents.errorRate,
        inputTokens: models.inputTokens,
        outputTokens: models.outputTokens,
        costUsd: models.costUsd,
        toolCalls: total('tool').count,
      },
      topAgents,
      processes: this.metrics.processes(),
      firingAlerts: firing.map((rule) => this.alerts.toDto(rule)),
    };
  }
}
