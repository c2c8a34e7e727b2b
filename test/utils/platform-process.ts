import { spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';

const MAIN = resolve(__dirname, '..', '..', 'dist', 'src', 'main.js');

export interface PlatformProcess {
  url: string;
  port: number;
  child: ChildProcess;
  output: () => string;
  /** SIGTERM, then resolves with the exit code (SIGKILL after timeoutMs). */
  stop: (timeoutMs?: number) => Promise<number | null>;
  kill: () => Promise<void>;
}

/**
 * Starts `node dist/src/main.js` as users do (built by `npm test`'s pretest) and waits until /health answers
 * with any status. env is merged over a quiet, Chroma-less default.
 */
export async function startPlatform(env: Record<string, string>, timeoutMs = 20_000): Promise<PlatformProcess> {
  const port = Number(env.PORT);
  const child = spawn(process.execPath, [MAIN], {
    env: { PATH: process.env.PATH, LOG_LEVEL: env.LOG_LEVEL ?? 'warn', CHROMA_AUTOSTART: 'false', SERVICE_HOST: '127.0.0.1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  const url = `http://127.0.0.1:${port}`;
  const exited = new Promise<number | null>((resolveExit) => child.once('exit', (code) => resolveExit(code)));
  const started = Date.now();
  for (;;) {
    if (child.exitCode !== null) throw new Error(`platform exited with ${child.exitCode} before answering:\n${output}`);
    if (Date.now() - started > timeoutMs) {
      child.kill('SIGKILL');
      throw new Error(`platform did not answer /health within ${timeoutMs} ms:\n${output}`);
    }
    const answered = await fetch(`${url}/health`, { signal: AbortSignal.timeout(5_000) }).then(
      () => true,
      () => false,
    );
    if (answered) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    url,
    port,
    child,
    output: () => output,
    stop: async (stopTimeoutMs = 12_000) => {
      if (child.exitCode !== null) return child.exitCode;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), stopTimeoutMs);
      const code = await exited;
      clearTimeout(timer);
      return code;
    },
    kill: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGKILL');
      await exited;
    },
  };
}
