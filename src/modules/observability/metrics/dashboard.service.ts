import { Injectable } from '@nestjs/common';
import { BusHandler } from '@libs/bus';
import type { ResultOf } from '@libs/contracts';
import { AlertsService } from 'src/modules/observability/alerts/alerts.service';
import { MetricsService } from 'src/modules/observability/metrics/metrics.service';

const HOUR_MS = 3_600_000;

/** The last hour at a glance: for the console's home page (GET /api/dashboard/metrics) and the monitor agent (bus). */
@Injectable()
export class DashboardService {
  constructor(
    private readonly metrics: MetricsService,
    private readonly alerts: AlertsService,
  ) {}

  async dashboard() {
    const now = Date.now();
    const [services, firing] = await Promise.all([this.metrics.services(), this.alerts.list('firing')]);
    const total = (kind: 'http' | 'agent' | 'model' | 'tool') => this.metrics.rollup.aggregate(now - HOUR_MS, now, kind);
    const http = total('http');
    const agents = total('agent');
    const models = total('model');
    const topAgents = this.metrics.rollup
      .series('1h', now - HOUR_MS, now, 'agent')
      .map((s) => ({
        name: s.name,
        runs: s.points.reduce((n, p) => n + p.count, 0),
        errors: s.points.reduce((n, p) => n + p.errors, 0),
        costUsd: s.points.reduce((n, p) => n + p.costUsd, 0),
        p95Ms: this.metrics.rollup.aggregate(now - HOUR_MS, now, 'agent', s.name).p95Ms,
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

  @BusHandler('observability.summary')
  async summary(): Promise<ResultOf<'observability.summary'>> {
    const { lastHour, topAgents, firingAlerts } = await this.dashboard();
    return {
      ...lastHour,
      slowestAgents: [...topAgents].sort((a, b) => b.p95Ms - a.p95Ms).map(({ name, p95Ms, runs }) => ({ name, p95Ms, runs })),
      firingAlerts: firingAlerts.map((a) => a.name),
    };
  }
}
