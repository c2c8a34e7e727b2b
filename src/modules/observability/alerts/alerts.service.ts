import { Inject, Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { createHmac } from 'node:crypto';
import type { Repository } from 'typeorm';
import { stringify as toYaml } from 'yaml';
import type { Env } from '@libs/config';
import { loadSecretBox, type SecretBox } from '@libs/crypto';
import { deliverWebhook } from '@libs/net';
import { ENV } from 'src/core/env.token';
import type { AlertRuleDto, CreateAlertRuleDto, UpdateAlertRuleDto } from 'src/modules/observability/dto/alerts.dto';
import { AlertEventEntity, AlertRuleEntity, type AlertState } from 'src/modules/observability/entities/alert-rule.entity';
import { METRICS } from 'src/modules/observability/metrics/metric-catalogue';
import { MetricsService } from 'src/modules/observability/metrics/metrics.service';
import { ObservabilityError, ObservabilityErrorCode as Code } from 'src/modules/observability/observability.errors';

const UNITS: Record<string, number> = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 };
const MAX_WINDOW_MS = 7 * 86_400_000;
const MIN_WINDOW_MS = 10_000;

export function parseDuration(text: string): number {
  const [, n, unit] = /^(\d+)(ms|s|m|h|d)$/.exec(text) ?? [];
  return Number(n) * UNITS[unit];
}

const COMPARE: Record<string, (a: number, b: number) => boolean> = {
  '>': (a, b) => a > b,
  '>=': (a, b) => a >= b,
  '<': (a, b) => a < b,
  '<=': (a, b) => a <= b,
  '==': (a, b) => a === b,
  '!=': (a, b) => a !== b,
};

/**
 * Alert rules over the platform's metrics, evaluated in-process every ALERT_EVAL_INTERVAL_MS: inactive → pending
 * (condition true, `for` not yet met) → firing → resolved (condition false again) → inactive. Firing and resolved
 * notify the rule's webhook (signed, retried, public addresses only unless allowed) unless silenced; every change
 * is recorded. The same rules export as a Prometheus rule file where Prometheus has the series.
 */
@Injectable()
export class AlertsService implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger('Alerts');
  private readonly secrets: SecretBox;
  private timer?: NodeJS.Timeout;
  private evaluating?: Promise<void>;

  constructor(
    @Inject(ENV) private readonly env: Env,
    @InjectRepository(AlertRuleEntity) private readonly rules: Repository<AlertRuleEntity>,
    @InjectRepository(AlertEventEntity) private readonly events: Repository<AlertEventEntity>,
    private readonly metrics: MetricsService,
  ) {
    this.secrets = loadSecretBox(env);
  }

  onModuleInit(): void {
    this.timer = setInterval(() => void this.evaluateAll(), this.env.ALERT_EVAL_INTERVAL_MS).unref();
  }

  async onModuleDestroy(): Promise<void> {
    clearInterval(this.timer);
    await this.evaluating;
  }

  async create(dto: CreateAlertRuleDto, createdBy: string): Promise<AlertRuleEntity> {
    if (await this.rules.findOne({ where: { name: dto.name } }))
      throw new ObservabilityError(Code.ALERT_EXISTS, `An alert rule named ${dto.name} exists`);
    const rule = this.rules.create({
      name: dto.name,
      metric: dto.metric,
      aggregation: dto.aggregation,
      series: dto.series ?? null,
      windowMs: parseDuration(dto.window),
      comparison: dto.comparison,
      threshold: dto.threshold,
      forMs: dto.for ? parseDuration(dto.for) : 0,
      labels: dto.labels ?? {},
      annotations: dto.annotations ?? {},
      webhookUrl: dto.webhookUrl ?? null,
      webhookSecret: dto.webhookSecret ? this.secrets.seal(dto.webhookSecret) : null,
      enabled: dto.enabled ?? true,
      state: 'inactive',
      createdBy,
    });
    validate(rule);
    return this.rules.save(rule);
  }

  async update(id: string, dto: UpdateAlertRuleDto): Promise<AlertRuleEntity> {
    const rule = await this.get(id);
    const { window, for: forText, webhookSecret, ...fields } = dto;
    Object.assign(rule, Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined)));
    if (window) rule.windowMs = parseDuration(window);
    if (forText) rule.forMs = parseDuration(forText);
    if (webhookSecret) rule.webhookSecret = this.secrets.seal(webhookSecret);
    validate(rule);
    return this.rules.save(rule);
  }

  async remove(id: string): Promise<void> {
    const rule = await this.get(id);
    await this.events.delete({ ruleId: rule.id });
    await this.rules.delete({ id: rule.id });
  }

  async silence(id: string, durationMs: number): Promise<AlertRuleEntity> {
    const rule = await this.get(id);
    rule.silencedUntil = durationMs > 0 ? Date.now() + durationMs : null;
    return this.rules.save(rule);
  }

  async get(id: string): Promise<AlertRuleEntity> {
    const rule = await this.rules.findOne({ where: { id } });
    if (!rule) throw new ObservabilityError(Code.ALERT_NOT_FOUND, `No alert rule ${id}`);
    return rule;
  }

  list(state?: string): Promise<AlertRuleEntity[]> {
    return this.rules.find({ where: state ? { state: state as AlertState } : {}, order: { name: 'ASC' } });
  }

  history(ruleId: string): Promise<AlertEventEntity[]> {
    return this.events.find({ where: { ruleId }, order: { at: 'DESC' }, take: 100 });
  }

  /** One evaluation round over every enabled rule (also run by tests). */
  evaluateAll(now = Date.now()): Promise<void> {
    this.evaluating ??= (async () => {
      try {
        for (const rule of await this.rules.find({ where: { enabled: true } })) await this.evaluate(rule, now);
      } catch (error) {
        this.logger.warn(`alert evaluation failed: ${(error as Error).message}`);
      } finally {
        this.evaluating = undefined;
      }
    })();
    return this.evaluating;
  }

  private async evaluate(rule: AlertRuleEntity, now: number): Promise<void> {
    const value = this.metrics.current(rule.metric, rule.aggregation, rule.series, rule.windowMs, now);
    // No data is no breach (a quiet route is not an erroring route).
    const breached = value !== undefined && COMPARE[rule.comparison](value, rule.threshold);
    const before = rule.state;
    let next: AlertState;
    if (breached) {
      rule.activeSince ??= now;
      next = now - rule.activeSince >= rule.forMs ? 'firing' : 'pending';
    } else {
      rule.activeSince = null;
      next = before === 'firing' ? 'resolved' : 'inactive';
    }
    rule.state = next;
    rule.lastValue = value ?? null;
    rule.lastEvaluatedAt = now;
    if (next === 'firing' && before !== 'firing') rule.firedAt = now;
    if (next === 'resolved') rule.resolvedAt = now;
    await this.rules.save(rule);
    if (next === before) return;
    const notifies = next === 'firing' || next === 'resolved';
    const event = await this.events.save(
      this.events.create({ ruleId: rule.id, state: next, value: value ?? null, at: now, notification: notifies ? 'pending' : 'none' }),
    );
    if (notifies) void this.notify(rule, event, now);
  }

  private async notify(rule: AlertRuleEntity, event: AlertEventEntity, now: number): Promise<void> {
    let outcome = 'none (no webhook)';
    if (rule.silencedUntil && rule.silencedUntil > now) outcome = 'silenced';
    else if (rule.webhookUrl) {
      const body = JSON.stringify({
        status: event.state,
        rule: {
          id: rule.id,
          name: rule.name,
          metric: rule.metric,
          aggregation: rule.aggregation,
          series: rule.series,
          labels: rule.labels,
          annotations: rule.annotations,
        },
        value: event.value,
        threshold: rule.threshold,
        comparison: rule.comparison,
        startsAt: rule.firedAt ? new Date(rule.firedAt).toISOString() : null,
        endsAt: event.state === 'resolved' ? new Date(now).toISOString() : null,
      });
      const headers: Record<string, string> = { 'content-type': 'application/json' };
      if (rule.webhookSecret)
        headers['x-alert-signature'] = `sha256=${createHmac('sha256', this.secrets.open(rule.webhookSecret)).update(body).digest('hex')}`;
      const delivery = await deliverWebhook(rule.webhookUrl, body, headers, {
        allowPrivate: this.env.ALERT_WEBHOOK_ALLOW_PRIVATE,
        timeoutMs: 5_000,
      });
      outcome = delivery.ok ? `sent (attempt ${delivery.attempts})` : `failed: ${delivery.error}`.slice(0, 300);
      if (!delivery.ok) this.logger.warn(`alert ${rule.name} webhook failed: ${delivery.error}`);
    }
    await this.events.update({ id: event.id }, { notification: outcome }).catch(() => undefined);
  }

  /** The rules as a Prometheus rule file: rules whose metric Prometheus has become alerts; the rest are listed as comments. */
  prometheusRules(rules: AlertRuleEntity[]): string {
    const exported = rules.flatMap((rule) => {
      const expr = promqlOf(rule);
      if (!expr) return [];
      return [
        {
          alert: rule.name.replace(/[^a-zA-Z0-9_]/g, '_'),
          expr: `${expr} ${rule.comparison} ${rule.threshold}`,
          for: `${Math.round(rule.forMs / 1000)}s`,
          labels: rule.labels,
          annotations: { summary: `${rule.metric} ${rule.aggregation} ${rule.comparison} ${rule.threshold}`, ...rule.annotations },
        },
      ];
    });
    const skipped = rules
      .filter((rule) => !promqlOf(rule))
      .map((rule) => `# not exported (Prometheus has no ${rule.metric} series): ${rule.name}`);
    return [...skipped, toYaml({ groups: [{ name: 'agentic-platform-alerts', rules: exported }] })].join('\n');
  }

  toDto(rule: AlertRuleEntity): AlertRuleDto {
    const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
    return {
      id: rule.id,
      name: rule.name,
      metric: rule.metric,
      aggregation: rule.aggregation,
      series: rule.series,
      windowMs: rule.windowMs,
      comparison: rule.comparison,
      threshold: rule.threshold,
      forMs: rule.forMs,
      labels: rule.labels,
      annotations: rule.annotations,
      webhookUrl: rule.webhookUrl,
      hasWebhookSecret: !!rule.webhookSecret,
      enabled: rule.enabled,
      silencedUntil: iso(rule.silencedUntil && rule.silencedUntil > Date.now() ? rule.silencedUntil : null),
      state: rule.state,
      activeSince: iso(rule.activeSince),
      firedAt: iso(rule.firedAt),
      resolvedAt: iso(rule.resolvedAt),
      lastValue: rule.lastValue,
      lastEvaluatedAt: iso(rule.lastEvaluatedAt),
      promql: promqlOf(rule) ?? null,
    };
  }
}

function promqlOf(rule: AlertRuleEntity): string | undefined {
  return METRICS[rule.metric]?.promql?.(rule.aggregation, Math.round(rule.windowMs / 1000), rule.series);
}

function validate(rule: AlertRuleEntity): void {
  const spec = METRICS[rule.metric];
  if (!spec) throw new ObservabilityError(Code.VALIDATION_FAILED, `Unknown metric ${rule.metric}; see GET /api/alerts/metrics`);
  if (!spec.aggregations.includes(rule.aggregation))
    throw new ObservabilityError(
      Code.VALIDATION_FAILED,
      `${rule.metric} takes aggregation ${spec.aggregations.join(', ')}, not ${rule.aggregation}`,
    );
  if (rule.windowMs < MIN_WINDOW_MS || rule.windowMs > MAX_WINDOW_MS)
    throw new ObservabilityError(Code.VALIDATION_FAILED, 'window must be between 10s and 7d');
  if (rule.forMs > MAX_WINDOW_MS) throw new ObservabilityError(Code.VALIDATION_FAILED, 'for must be at most 7d');
}
