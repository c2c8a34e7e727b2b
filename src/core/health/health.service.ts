import { Inject, Injectable } from '@nestjs/common';
import { HealthCheckService, HealthIndicatorService, type HealthCheckResult, type HealthIndicatorFunction } from '@nestjs/terminus';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { MODULE_NAMES, type Env, type ModuleName } from '@libs/config';
import { Bus } from '@libs/bus';
import { ENV } from 'src/core/env.token';
import { DependencyProbes } from './dependency-probes';

const CHECK_TIMEOUT_MS = 2_000;
const AGGREGATE_CACHE_MS = 1_000;

/**
 * What a health answer covers. `ready`: this process's own modules and its dependencies (a readiness probe: it
 * fails only when this process cannot serve). `aggregate`/`detailed`: every module of the deployment, for people;
 * a module that runs elsewhere and is down makes the answer `degraded`, never 503, so a probe pointed at it by
 * mistake still does not take the front door out.
 */
export type HealthScope = 'ready' | 'aggregate' | 'detailed';

export interface HealthAnswer {
  result: HealthCheckResult | (Omit<HealthCheckResult, 'status'> & { status: 'degraded' });
  ok: boolean;
}

/**
 * Health of the modules (asked over the bus, so it works across processes) and of the data layer.
 * Every check has its own timeout, so one dead module cannot hang the answer.
 */
@Injectable()
export class HealthService {
  constructor(
    @Inject(ENV) private readonly env: Env,
    private readonly health: HealthCheckService,
    private readonly indicators: HealthIndicatorService,
    private readonly bus: Bus,
    private readonly probes: DependencyProbes,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  get processId(): string {
    return this.bus.processId;
  }

  /** Modules this process answers for: all of them where the gateway runs, otherwise its own. */
  modulesToCheck(): ModuleName[] {
    return this.env.modules.includes('gateway') ? [...MODULE_NAMES] : this.env.modules;
  }

  private readonly cached = new Map<HealthScope, { at: number; answer: Promise<HealthAnswer> }>();

  /**
   * Probe answers are shared for AGGREGATE_CACHE_MS: probes and load balancers poll hard, and one answer a
   * second is fresh enough for them. /health/detailed always checks live.
   */
  async check(scope: HealthScope): Promise<HealthAnswer> {
    if (scope === 'detailed') return this.runChecks(scope);
    const now = Date.now();
    let entry = this.cached.get(scope);
    if (!entry || now - entry.at > AGGREGATE_CACHE_MS) {
      entry = { at: now, answer: this.runChecks(scope) };
      this.cached.set(scope, entry);
    }
    return entry.answer;
  }

  private async runChecks(scope: HealthScope): Promise<HealthAnswer> {
    const own = new Set<string>(this.env.modules);
    const modules = scope === 'ready' ? this.env.modules : this.modulesToCheck();
    const checks: HealthIndicatorFunction[] = [
      ...modules.map((name) => () => this.moduleCheck(name)),
      () =>
        this.indicators
          .check('database')
          .attempt(() => this.databaseCheck())
          .withTimeout(CHECK_TIMEOUT_MS),
    ];
    if (this.env.REDIS_URL)
      checks.push(() =>
        this.indicators
          .check('redis')
          .attempt(() => this.probes.redis())
          .withTimeout(CHECK_TIMEOUT_MS),
      );
    // Chroma never fails the aggregate: the platform serves everything but vector search while it starts.
    if (scope === 'detailed') checks.push(() => this.chromaCheck());
    try {
      return { result: await this.health.check(checks), ok: true };
    } catch (error) {
      const response = (error as { getResponse?: () => HealthCheckResult }).getResponse?.();
      if (!response) throw error;
      // Failing checks that belong to other processes degrade the answer; only this process's own fail it.
      const failingHere = Object.keys(response.error ?? {}).filter((name) => !name.startsWith('module:') || own.has(name.slice(7)));
      if (failingHere.length === 0) return { result: { ...response, status: 'degraded' }, ok: true };
      return { result: response, ok: false };
    }
  }

  private moduleCheck(name: ModuleName) {
    return this.indicators
      .check(`module:${name}`)
      .attempt(async () => {
        const health = await this.bus.request(`${name}.health`, {}, { timeoutMs: CHECK_TIMEOUT_MS });
        if (health.status !== 'up') throw new Error(`${name} reports ${health.status}`);
        return { processId: health.processId };
      })
      .withTimeout(CHECK_TIMEOUT_MS + 100);
  }

  private async databaseCheck() {
    await this.dataSource.query('SELECT 1');
    return { driver: this.env.dbDriver };
  }

  private async chromaCheck() {
    const session = this.indicators.check('chroma');
    const probe = await this.probes.chroma();
    return probe.up
      ? session.up({ url: probe.url, latencyMs: probe.latencyMs })
      : session.degraded({ url: probe.url, message: probe.message });
  }
}
