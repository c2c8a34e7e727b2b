import type { WorkflowEventEntity } from 'src/modules/workflow-engine/entities/workflow-event.entity';

export type StepStatus = 'pending' | 'running' | 'succeeded' | 'failed' | 'skipped' | 'waiting';

export interface StepError {
  code: string;
  message: string;
}

/** One step's (or map item's, or loop iteration's) state, folded from its journal events. */
export interface StepState {
  path: string;
  status: StepStatus;
  /** step.started events seen: 2 means one re-execution (a retry, or a resume after a crash). */
  starts: number;
  /** Failed attempts so far (step.retrying and step.failed). */
  failures: number;
  output?: unknown;
  error?: StepError;
  firstStartedAt?: number;
  finishedAt?: number;
  /** A wait step's wake-up time, or an approval's prompt, while waiting. */
  waitUntil?: number;
  approval?: { prompt?: string };
  skippedBecause?: string;
}

export interface RunState {
  started: boolean;
  steps: Map<string, StepState>;
}

/** The state of a run's steps after its journal events, in order. Pure: the same events give the same state. */
export function foldEvents(events: Array<Pick<WorkflowEventEntity, 'type' | 'stepPath' | 'data' | 'createdAt'>>): RunState {
  const state: RunState = { started: false, steps: new Map() };
  for (const event of events) apply(state, event);
  return state;
}

export function stepState(state: RunState, path: string): StepState {
  let step = state.steps.get(path);
  if (!step) {
    step = { path, status: 'pending', starts: 0, failures: 0 };
    state.steps.set(path, step);
  }
  return step;
}

export function apply(state: RunState, event: Pick<WorkflowEventEntity, 'type' | 'stepPath' | 'data' | 'createdAt'>): void {
  if (event.type === 'run.started') state.started = true;
  if (!event.stepPath) return;
  const step = stepState(state, event.stepPath);
  const data = (event.data ? JSON.parse(event.data) : {}) as Record<string, any>;
  switch (event.type) {
    case 'step.started':
      step.status = 'running';
      step.starts++;
      step.firstStartedAt ??= event.createdAt;
      break;
    case 'step.succeeded':
    case 'step.reused':
      Object.assign(step, { status: 'succeeded', output: data.output, finishedAt: event.createdAt, waitUntil: undefined });
      break;
    case 'step.retrying':
      step.failures++;
      step.error = data.error;
      break;
    case 'step.failed':
      step.failures++;
      Object.assign(step, { status: 'failed', error: data.error, finishedAt: event.createdAt });
      break;
    case 'step.skipped':
      Object.assign(step, { status: 'skipped', skippedBecause: data.reason, finishedAt: event.createdAt });
      break;
    case 'step.waiting':
      Object.assign(step, { status: 'waiting', waitUntil: data.until, approval: data.approval });
      step.firstStartedAt ??= event.createdAt;
      break;
  }
}

export const TERMINAL: ReadonlySet<StepStatus> = new Set(['succeeded', 'failed', 'skipped']);
