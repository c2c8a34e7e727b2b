import { Injectable } from '@nestjs/common';
import { Bus } from '@libs/bus';
import type { EventOf } from '@libs/contracts';
import { toRunEvent, type RunEventDto } from 'src/modules/workflow-engine/dto/run.dto';
import { WorkflowRunsService } from 'src/modules/workflow-engine/workflow-runs.service';

export interface RunEventFeed {
  /** Stops listening. */
  close(): void;
}

const ENDS_STREAM = new Set(['run.succeeded', 'run.failed', 'run.canceled']);

/**
 * A run's events in seq order for a live client: the journal after `after`, then live events as they commit, with
 * none missed or repeated across the switch (live events are buffered while the journal is read).
 */
@Injectable()
export class RunEventStreamService {
  constructor(
    private readonly bus: Bus,
    private readonly runs: WorkflowRunsService,
  ) {}

  async open(runId: string, after: number, send: (event: RunEventDto) => void, end: () => void): Promise<RunEventFeed> {
    let last = after;
    let replaying = true;
    const buffered: Array<EventOf<'workflow.run.event'>> = [];
    let closed = false;
    const emit = (event: RunEventDto) => {
      if (closed || event.seq <= last) return;
      last = event.seq;
      send(event);
      if (ENDS_STREAM.has(event.type)) finish();
    };
    const fromBus = (e: EventOf<'workflow.run.event'>): RunEventDto => ({ ...e, createdAt: new Date(e.createdAt).toISOString() });
    const unsubscribe = this.bus.subscribe('workflow.run.event', (event) => {
      if (event.runId !== runId) return;
      if (replaying) buffered.push(event);
      else emit(fromBus(event));
    });
    const finish = () => {
      if (closed) return;
      closed = true;
      unsubscribe();
      end();
    };
    try {
      for (const event of await this.runs.events(runId, after)) emit(toRunEvent(event));
    } catch (error) {
      unsubscribe();
      throw error;
    }
    replaying = false;
    for (const event of buffered.sort((a, b) => a.seq - b.seq)) emit(fromBus(event));
    const [run] = await this.runs.get(runId);
    if (['succeeded', 'failed', 'canceled'].includes(run.status) && last >= run.lastSeq) finish();
    return { close: finish };
  }
}
