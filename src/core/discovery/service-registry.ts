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

  /** The live process that owns the longest route prefix matching path, if any. */
  async ownerOf(path: string): Promise<{ process: ProcessInfo; module: ModuleName } | undefined> {
    let best: { process: ProcessInfo; module: ModuleName; length: number } | undefined;
    for (const process of await this.list()) {
      for (const [prefix, module] of Object.entries(process.routePrefixes)) {
        if (matchesPrefix(path, prefix) && (!best || prefix.length > best.length)) best = { process, module, length: prefix.length };
      }
    }
    return best && { process: best.process, module: best.module };
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
