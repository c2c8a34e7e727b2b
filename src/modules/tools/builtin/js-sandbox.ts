import ivm from 'isolated-vm';
import { ToolsError, ToolsErrorCode } from 'src/modules/tools/tools.errors';

export interface SandboxOptions {
  /** Warm isolates kept ready (creating one costs a few ms). */
  poolSize: number;
  memoryMb: number;
  maxOutputBytes: number;
}

export interface SandboxResult {
  result: unknown;
  logs: string[];
  durationMs: number;
}

const MAX_LOG_LINES = 100;

/**
 * JavaScript in V8 isolates (isolated-vm): no require, no process, no file system, no network, a memory cap per
 * isolate and a wall-clock limit per run (CPU loops and promises that never settle alike). Each run gets a fresh
 * context in a pooled isolate; an isolate that hit its memory cap or a time limit is thrown away and replaced.
 */
export class JsSandbox {
  private readonly idle: ivm.Isolate[] = [];

  constructor(private readonly options: SandboxOptions) {
    for (let i = 0; i < options.poolSize; i++) this.idle.push(this.newIsolate());
  }

  async run(code: string, input: unknown, timeoutMs: number): Promise<SandboxResult> {
    const started = performance.now();
    const isolate = this.idle.pop() ?? this.newIsolate();
    const context = await isolate.createContext();
    const logs: string[] = [];
    let healthy = true;
    try {
      const jail = context.global;
      await jail.set('globalThis', jail.derefInto());
      await jail.set('__input', new ivm.ExternalCopy(input ?? null).copyInto());
      await jail.set(
        '__log',
        new ivm.Callback((line: string) => {
          if (logs.length < MAX_LOG_LINES) logs.push(String(line).slice(0, 1000));
        }),
      );
      // The user's code is the body of an async function receiving `input`; its return value comes back as JSON.
      const wrapped = `(async () => {
        const console = { log: (...a) => __log(a.map(String).join(' ')), error: (...a) => __log(a.map(String).join(' ')) };
        const input = __input;
        const __result = await (async () => { ${code}\n })();
        const __json = JSON.stringify(__result === undefined ? null : __result);
        if (__json.length > ${this.options.maxOutputBytes}) throw new RangeError('Output larger than ${this.options.maxOutputBytes} bytes');
        return __json;
      })()`;
      const script = await isolate.compileScript(wrapped).catch((error: Error) => {
        throw new ToolsError(ToolsErrorCode.SANDBOX_ERROR, `Syntax error: ${error.message}`);
      });
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new ToolsError(ToolsErrorCode.TOOL_TIMEOUT, `Code ran longer than ${timeoutMs} ms`)), timeoutMs);
      });
      try {
        const json = (await Promise.race([script.run(context, { timeout: timeoutMs, promise: true, copy: true }), timeout])) as string;
        return { result: JSON.parse(json), logs, durationMs: performance.now() - started };
      } finally {
        clearTimeout(timer);
      }
    } catch (error) {
      healthy = false;
      if (error instanceof ToolsError) throw error;
      const message = error instanceof Error ? error.message : String(error);
      if (/timed out/i.test(message)) throw new ToolsError(ToolsErrorCode.TOOL_TIMEOUT, `Code ran longer than ${timeoutMs} ms`);
      if (isolate.isDisposed || /memory limit/i.test(message))
        throw new ToolsError(ToolsErrorCode.SANDBOX_ERROR, `Code exceeded the ${this.options.memoryMb} MB memory limit`);
      throw new ToolsError(ToolsErrorCode.SANDBOX_ERROR, `Code threw: ${message.slice(0, 1000)}`, { logs });
    } finally {
      context.release();
      // A failed run may have left timers or a pending promise inside: only a clean isolate goes back to the pool.
      if (healthy && !isolate.isDisposed && this.idle.length < this.options.poolSize) this.idle.push(isolate);
      else {
        if (!isolate.isDisposed) isolate.dispose();
        if (this.idle.length < this.options.poolSize) this.idle.push(this.newIsolate());
      }
    }
  }

  dispose(): void {
    for (const isolate of this.idle.splice(0)) isolate.dispose();
  }

  private newIsolate(): ivm.Isolate {
    return new ivm.Isolate({ memoryLimit: this.options.memoryMb });
  }
}
