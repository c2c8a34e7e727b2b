import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Env } from '@libs/config';
import { ENV } from 'src/core/env.token';
import { DependencyProbes } from 'src/core/health/dependency-probes';
import { LocalModules } from 'src/core/local-modules';

const CHROMA_CLI = resolve(require.resolve('chromadb'), '..', '..', 'cli.mjs');
const STOP_GRACE_MS = 3_000;
const MAX_BACKOFF_MS = 30_000;

/**
 * Embedded mode: runs the Chroma server carried by the `chromadb` npm package as a supervised child
 * (127.0.0.1:CHROMA_PORT, data in DATA_DIR/chroma), restarts it with backoff if it dies, and stops it on
 * shutdown. It starts in the background: the platform is healthy before Chroma is (health shows it degraded).
 * A Chroma already answering on the port is reused, and then left alone on shutdown.
 */
@Injectable()
export class ChromaSupervisor implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(ChromaSupervisor.name);
  private child?: ChildProcess;
  private stopping = false;
  private restarts = 0;
  private restartTimer?: NodeJS.Timeout;

  constructor(
    @Inject(ENV) private readonly env: Env,
    private readonly probes: DependencyProbes,
    private readonly local: LocalModules,
  ) {}

  get enabled(): boolean {
    const needed = this.local.list().some((module) => module.needs?.includes('chroma'));
    return !this.env.CHROMA_URL && this.env.CHROMA_AUTOSTART && needed;
  }

  /** The child's pid while this process supervises one. */
  get pid(): number | undefined {
    return this.child?.pid;
  }

  // After every module's onModuleInit, so each hosted module has announced what it needs.
  onApplicationBootstrap(): void {
    if (this.enabled) void this.startUnlessRunning();
  }

  private async startUnlessRunning(): Promise<void> {
    if ((await this.probes.chroma()).up) {
      this.logger.log(`reusing the Chroma server already answering at ${this.probes.chromaUrl}`);
      return;
    }
    this.start();
  }

  private start(): void {
    if (this.stopping) return;
    const path = join(this.env.DATA_DIR, 'chroma');
    mkdirSync(path, { recursive: true });
    const args = [CHROMA_CLI, 'run', '--path', path, '--host', '127.0.0.1', '--port', String(this.env.CHROMA_PORT)];
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, CHROMA_TELEMETRY: 'false' } });
    this.child = child;
    child.stdout?.on('data', (chunk: Buffer) => this.logger.debug(chunk.toString().trim()));
    child.stderr?.on('data', (chunk: Buffer) => this.logger.debug(chunk.toString().trim()));
    child.once('exit', (code, signal) => this.onExit(child, code, signal));
    this.logger.log(`started local Chroma (pid ${child.pid}) on 127.0.0.1:${this.env.CHROMA_PORT}, data in ${path}`);
  }

  private onExit(child: ChildProcess, code: number | null, signal: NodeJS.Signals | null): void {
    if (this.child === child) this.child = undefined;
    if (this.stopping) return;
    const delay = Math.min(MAX_BACKOFF_MS, 500 * 2 ** this.restarts++);
    this.logger.warn(`local Chroma exited (code ${code}, signal ${signal}); restarting in ${delay} ms`);
    this.restartTimer = setTimeout(() => void this.startUnlessRunning(), delay);
    this.restartTimer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopping = true;
    clearTimeout(this.restartTimer);
    const child = this.child;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise<void>((done) => child.once('exit', () => done()));
    child.kill('SIGTERM');
    // Chroma was seen ignoring SIGTERM for over 4 s: give it a grace period, then SIGKILL.
    const timer = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS);
    await exited;
    clearTimeout(timer);
  }
}
