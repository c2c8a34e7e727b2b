import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { Bus } from '@libs/bus';
import type { Env } from '@libs/config';
import { ENV } from 'src/core/env.token';
import { RunDriver } from 'src/modules/workflow-engine/engine/run-driver';
import { RunLauncher } from 'src/modules/workflow-engine/engine/run-launcher';
import { BullRunQueue, MemoryRunQueue, type RunQueue } from 'src/modules/workflow-engine/engine/run-queue';
import { WorkflowClock } from 'src/modules/workflow-engine/engine/workflow-clock';
import { WorkflowRepository } from 'src/modules/workflow-engine/workflow.repository';

/**
 * The workflow engine's worker loop in this process: consumes the run queue, relays due outbox rows into it
 * (after their transaction committed, and again if a queued job was lost), and sweeps for runs whose worker died.
 */
@Injectable()
export class WorkflowWorker implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(WorkflowWorker.name);
  private readonly queue: RunQueue;
  private timer?: NodeJS.Timeout;
  private relaying?: Promise<void>;
  private again = false;
  private stopped = false;

  constructor(
    @Inject(ENV) private readonly env: Env,
    private readonly repository: WorkflowRepository,
    private readonly driver: RunDriver,
    private readonly launcher: RunLauncher,
    private readonly clock: WorkflowClock,
    private readonly bus: Bus,
  ) {
    this.queue = env.REDIS_URL ? new BullRunQueue(env, env.WORKFLOW_CONCURRENCY) : new MemoryRunQueue(env.WORKFLOW_CONCURRENCY);
  }

  onApplicationBootstrap(): void {
    this.launcher.onLaunched = () => void this.kick();
    this.driver.requeue = (runId) => void this.queue.enqueue(runId, `${runId}:requeue:${this.clock.now()}`).catch(() => undefined);
    this.bus.subscribe('workflow.run.cancel', ({ runId }) => this.driver.cancelLocal(runId));
    this.queue.start((runId) => this.driver.drive(runId));
    // The first sweep recovers what a previous process left running.
    void this.kick();
    this.timer = setInterval(() => this.kick(), this.env.WORKFLOW_SWEEP_INTERVAL_MS);
    this.clock.onAdvance(() => this.kick());
  }

  /** Relays and sweeps now (coalesced: a kick during a pass schedules one more pass); resolves when a pass is done. */
  kick(): Promise<void> {
    if (this.stopped) return Promise.resolve();
    if (this.relaying) {
      this.again = true;
      return this.relaying;
    }
    this.relaying = this.pass()
      .catch((error: unknown) => this.logger.warn(`workflow relay failed: ${String(error)}`))
      .finally(() => {
        this.relaying = undefined;
        if (this.again) {
          this.again = false;
          void this.kick();
        }
      });
    return this.relaying;
  }

  private async pass(): Promise<void> {
    const now = this.clock.now();
    const due = await this.repository.dueOutbox(now, this.env.WORKFLOW_LEASE_MS);
    for (const row of due) await this.queue.enqueue(row.runId, `${row.runId}:outbox:${row.id}:${now}`);
    await this.repository.markRelayed(
      due.map((r) => r.id),
      now,
    );
    for (const runId of await this.repository.orphanedRuns(now))
      await this.queue.enqueue(runId, `${runId}:orphan:${Math.floor(now / this.env.WORKFLOW_LEASE_MS)}`);
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    await this.relaying;
    await this.queue.close();
  }
}
