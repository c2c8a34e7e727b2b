import { Logger } from '@nestjs/common';
import type { Bus } from '@libs/bus';
import type { WorkflowRunEntity } from 'src/modules/workflow-engine/entities/workflow-run.entity';
import { apply, type RunState } from 'src/modules/workflow-engine/engine/run-state';
import type { Lease, NewEvent, WorkflowRepository } from 'src/modules/workflow-engine/workflow.repository';

interface Pending {
  events: NewEvent[];
  patch: Partial<WorkflowRunEntity>;
  wakeAt?: number;
  resolve: () => void;
  reject: (error: unknown) => void;
}

/**
 * A run's journal as its driver writes it: appends are serialized (each moves the run's seq) and those that queue
 * up while one commits go together in the next transaction (group commit). Events reach the in-memory state and
 * the live stream only after they are committed.
 */
export class Journal {
  private readonly logger = new Logger(Journal.name);
  private pending: Pending[] = [];
  private writing = false;

  constructor(
    private readonly repository: WorkflowRepository,
    private readonly bus: Bus,
    private readonly lease: Lease,
    private readonly run: WorkflowRunEntity,
    private readonly state: RunState,
    private readonly now: () => number,
  ) {}

  record(events: NewEvent[], patch: Partial<WorkflowRunEntity> = {}, wakeAt?: number): Promise<void> {
    return new Promise((resolve, reject) => {
      this.pending.push({ events, patch, wakeAt, resolve, reject });
      if (!this.writing) void this.drain();
    });
  }

  private async drain(): Promise<void> {
    this.writing = true;
    while (this.pending.length) {
      const batch = this.pending;
      this.pending = [];
      const events = batch.flatMap((p) => p.events);
      const patch = Object.assign({}, ...batch.map((p) => p.patch)) as Partial<WorkflowRunEntity>;
      const wakes = batch.map((p) => p.wakeAt).filter((w): w is number => w !== undefined);
      try {
        const rows = await this.repository.append(this.lease, events, this.now(), patch, wakes.length ? Math.min(...wakes) : undefined);
        Object.assign(this.run, patch);
        for (const row of rows) {
          apply(this.state, row);
          this.publish(row);
        }
        for (const p of batch) p.resolve();
      } catch (error) {
        for (const p of batch) p.reject(error);
      }
    }
    this.writing = false;
  }

  private publish(row: {
    seq: number;
    type: string;
    stepPath: string | null;
    attempt: number | null;
    data: string | null;
    createdAt: number;
  }): void {
    this.bus
      .publish('workflow.run.event', {
        runId: this.lease.runId,
        workflowId: this.run.workflowId,
        seq: row.seq,
        type: row.type,
        stepPath: row.stepPath,
        attempt: row.attempt,
        data: row.data ? JSON.parse(row.data) : null,
        createdAt: row.createdAt,
      })
      .catch((error: unknown) => this.logger.warn(`could not publish a run event: ${String(error)}`));
  }
}
