import type { ModuleName } from '@libs/config';
import { matchesPrefix } from '@libs/contracts';

/** One running platform process, as the registry knows it. */
export interface ProcessInfo {
  processId: string;
  modules: ModuleName[];
  /** Base URL other processes reach this one's HTTP server at. */
  url: string;
  routePrefixes: Record<string, ModuleName>;
  startedAt: string;
  lastSeen: string;
}

/**
 * Which processes run which modules. Single-process mode knows only itself; with Redis every
 * process keeps a heartbeat entry with an expiry, so a dead process drops out on its own.
 */
export abstract class ServiceRegistry {
  abstract start(self: ProcessInfo): Promise<void>;
  abstract list(): Promise<ProcessInfo[]>;
  abstract stop(): Promise<void>;

  /**
   * The live processes that own the longest route prefix matching path: every replica of the owning module,
   * sorted by process id (so callers balancing across them see a stable order).
   */
  async ownersOf(path: string): Promise<{ processes: ProcessInfo[]; module: ModuleName } | undefined> {
    let best: { processes: ProcessInfo[]; module: ModuleName; length: number } | undefined;
    for (const process of await this.list()) {
      for (const [prefix, module] of Object.entries(process.routePrefixes)) {
        if (!matchesPrefix(path, prefix)) continue;
        if (!best || prefix.length > best.length) best = { processes: [process], module, length: prefix.length };
        else if (prefix.length === best.length && module === best.module && !best.processes.includes(process)) best.processes.push(process);
      }
    }
    return best && { processes: best.processes, module: best.module };
  }
}

/** Registry of the one process that runs everything (no Redis). */
export class LocalServiceRegistry extends ServiceRegistry {
  private self?: ProcessInfo;

  async start(self: ProcessInfo): Promise<void> {
    this.self = self;
  }

  async list(): Promise<ProcessInfo[]> {
    return this.self ? [{ ...this.self, lastSeen: new Date().toISOString() }] : [];
  }

  async stop(): Promise<void> {}
}
