import { Body, Controller, Delete, Get, Header, HttpCode, Patch, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, RequirePermission } from 'src/core/auth/auth.decorators';
import type { Principal } from 'src/core/auth/permissions';
import { UuidParam } from 'src/core/id-params';
import {
  AlertEventDto,
  AlertListQueryDto,
  AlertRuleDto,
  CreateAlertRuleDto,
  MetricCatalogueEntryDto,
  SilenceAlertDto,
  UpdateAlertRuleDto,
} from 'src/modules/observability/dto/alerts.dto';
import { AlertsService, parseDuration } from 'src/modules/observability/alerts/alerts.service';
import { METRICS } from 'src/modules/observability/metrics/metric-catalogue';

@ApiTags('observability')
@Controller('api/alerts')
export class AlertsController {
  constructor(private readonly alerts: AlertsService) {}

  @Post()
  @RequirePermission('observability:write')
  @ApiOperation({ summary: 'Create an alert rule: metric, aggregation, window, comparison, threshold, for, labels, annotations, webhook' })
  @ApiCreatedResponse({ type: AlertRuleDto })
  async createAlert(@Body() dto: CreateAlertRuleDto, @CurrentPrincipal() principal: Principal): Promise<AlertRuleDto> {
    return this.alerts.toDto(await this.alerts.create(dto, principal.id));
  }

  @Get()
  @RequirePermission('observability:read')
  @ApiOperation({ summary: 'Alert rules with their state (filter state=firing for active alerts)' })
  @ApiOkResponse({ type: [AlertRuleDto] })
  async listAlerts(@Query() query: AlertListQueryDto): Promise<AlertRuleDto[]> {
    return (await this.alerts.list(query.state)).map((rule) => this.alerts.toDto(rule));
  }

  @Get('metrics')
  @RequirePermission('observability:read')
  @ApiOperation({ summary: 'The metrics a rule can use, with their aggregations' })
  @ApiOkResponse({ type: [MetricCatalogueEntryDto] })
  listAlertMetrics(): MetricCatalogueEntryDto[] {
    return Object.entries(METRICS).map(([metric, spec]) => ({
      metric,
      description: spec.description,
      aggregations: spec.aggregations,
      exportsToPrometheus: !!spec.promql,
    }));
  }

  @Get('prometheus-rules')
  @RequirePermission('observability:read')
  @Header('content-type', 'application/yaml; charset=utf-8')
  @ApiProduces('application/yaml')
  @ApiOperation({ summary: 'The rules as a Prometheus rule file (promtool check rules passes), for running them in Prometheus' })
  @ApiOkResponse({ schema: { type: 'string' } })
  async exportAlertRules(): Promise<string> {
    return this.alerts.prometheusRules(await this.alerts.list());
  }

  @Get(':id')
  @RequirePermission('observability:read')
  @ApiOkResponse({ type: AlertRuleDto })
  async getAlert(@UuidParam() id: string): Promise<AlertRuleDto> {
    return this.alerts.toDto(await this.alerts.get(id));
  }

  @Get(':id/events')
  @RequirePermission('observability:read')
  @ApiOperation({ summary: 'The rule’s state changes and what each notification did, newest first' })
  @ApiOkResponse({ type: [AlertEventDto] })
  async listAlertEvents(@UuidParam() id: string): Promise<AlertEventDto[]> {
    await this.alerts.get(id);
    return (await this.alerts.history(id)).map((e) => ({
      state: e.state,
      value: e.value,
      at: new Date(e.at).toISOString(),
      notification: e.notification,
    }));
  }

  @Patch(':id')
  @RequirePermission('observability:write')
  @ApiOkResponse({ type: AlertRuleDto })
  async updateAlert(@UuidParam() id: string, @Body() dto: UpdateAlertRuleDto): Promise<AlertRuleDto> {
    return this.alerts.toDto(await this.alerts.update(id, dto));
  }

  @Post(':id/silence')
  @HttpCode(200)
  @RequirePermission('observability:write')
  @ApiOperation({ summary: 'Silence the rule’s notifications for a while (it still changes state); 0s lifts the silence' })
  @ApiOkResponse({ type: AlertRuleDto })
  async silenceAlert(@UuidParam() id: string, @Body() dto: SilenceAlertDto): Promise<AlertRuleDto> {
    return this.alerts.toDto(await this.alerts.silence(id, parseDuration(dto.duration)));
  }

  @Delete(':id')
  @HttpCode(204)
  @RequirePermission('observability:write')
  async deleteAlert(@UuidParam() id: string): Promise<void> {
    await this.alerts.remove(id);
  }
}
