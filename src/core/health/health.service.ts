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

  /** Modules this process answers for: all of them where the gateway runs, otherwise its own. */
  modulesToCheck(): ModuleName[] {
    return this.env.modules.includes('gateway') ? [...MODULE_NAMES] : this.env.modules;
  }

  private cached?: { at: number; answer: Promise<{ result: HealthCheckResult; ok: boolean }> };

  /**
   * The aggregate answer is shared for AGGREGATE_CACHE_MS: probes and load balancers poll /health hard,
   * and one answer a second is fresh enough for them. /health/detailed always checks live.
   */
  async check(detailed: boolean): Promise<{ result: HealthCheckResult; ok: boolean }> {
    if (detailed) return this.runChecks(true);
    const now = Date.now();
    if (!this.cached || now - this.cached.at > AGGREGATE_CACHE_MS) this.cached = { at: now, answer: this.runChecks(false) };
    return this.cached.answer;
  }

  private async runChecks(detailed: boolean): Promise<{ result: HealthCheckResult; ok: boolean }> {
    const checks: HealthIndicatorFunction[] = [
      ...this.modulesToCheck().map((name) => () => this.moduleCheck(name)),
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
    if (detailed) checks.push(() => this.chromaCheck());
    try {
      return { result: await this.health.check(checks), ok: true };
    } catch (error) {
      const response = (error as { getResponse?: () => HealthCheckResult }).getResponse?.();
      if (response) return { result: response, ok: false };
      throw error;
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
