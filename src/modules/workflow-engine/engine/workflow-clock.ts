import { Injectable } from '@nestjs/common';

/**
 * The engine's time. Real by default; tests freeze it and move it forward, so waits, step timeouts of waiting
 * steps, and cron catch-up are tested without sleeping.
 */
@Injectable()
export class WorkflowClock {
  private frozenAt?: number;
  private sleepers: Array<{ until: number; wake: () => void }> = [];
  private readonly listeners: Array<() => Promise<void>> = [];

  now(): number {
    return this.frozenAt ?? Date.now();
  }

  get virtual(): boolean {
    return this.frozenAt !== undefined;
  }

  /** Stops real time at `at`; from now on only advance() moves the clock. */
  freeze(at: number): void {
    this.frozenAt = at;
  }

  /** Back to real time; sleepers still waiting wake at once. */
  unfreeze(): void {
    this.frozenAt = undefined;
    const sleepers = this.sleepers;
    this.sleepers = [];
    for (const sleeper of sleepers) sleeper.wake();
  }

  /** Moves a frozen clock forward, wakes the sleepers it passed, and runs what reacts to time (schedules, wake-ups). */
  async advance(ms: number): Promise<void> {
    if (this.frozenAt === undefined) throw new Error('advance() needs a frozen clock');
    this.frozenAt += ms;
    const due = this.sleepers.filter((s) => s.until <= this.frozenAt!);
    this.sleepers = this.sleepers.filter((s) => s.until > this.frozenAt!);
    for (const sleeper of due) sleeper.wake();
    for (const listener of this.listeners) await listener();
  }

  /** Work to do whenever a frozen clock moves (the real clock drives the same work from timers). */
  onAdvance(listener: () => Promise<void>): void {
    this.listeners.push(listener);
  }

  /** Resolves after ms (of this clock's time), or rejects when the signal aborts. */
  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    if (ms <= 0) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const onAbort = () => {
        clearTimeout(timer);
        this.sleepers = this.sleepers.filter((s) => s.wake !== wake);
        reject(signal?.reason ?? new Error('aborted'));
      };
      const wake = () => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      };
      let timer: NodeJS.Timeout | undefined;
      if (this.frozenAt !== undefined) this.sleepers.push({ until: this.frozenAt + ms, wake });
      else timer = setTimeout(wake, ms);
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }
}
