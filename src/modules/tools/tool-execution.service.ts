import { Inject, Injectable } from '@nestjs/common';
import type { Env } from '@libs/config';
import type { BusPrincipal } from '@libs/contracts';
import { SchemaChecker, type SchemaCheck } from '@libs/json-schema';
import { can, type Principal } from 'src/core/auth/permissions';
import { ENV } from 'src/core/env.token';
import type { BuiltinTool } from 'src/modules/tools/builtin/builtin-tools';
import type { ElicitationAsker } from 'src/modules/tools/mcp/mcp-connections';
import { McpServersService } from 'src/modules/tools/mcp/mcp-servers.service';
import type { ToolEntity } from 'src/modules/tools/tool.entity';
import { ToolRegistryService } from 'src/modules/tools/tool-registry.service';
import { ToolsError, ToolsErrorCode } from 'src/modules/tools/tools.errors';
import { ToolsRepository } from 'src/modules/tools/tools.repository';

export interface ExecuteOptions {
  principal?: Principal | BusPrincipal;
  agentId?: string;
  timeoutMs?: number;
  signal?: AbortSignal;
  onProgress?: (progress: { progress: number; total?: number; message?: string }) => void;
  /** Asks the caller for input an MCP server requests during the call (elicitation); without it the request is declined. */
  onElicitation?: ElicitationAsker;
}

export interface ExecutionOutcome {
  toolId: string;
  toolName: string;
  ok: boolean;
  result?: unknown;
  error?: { code: string; message: string; details?: Record<string, unknown> };
  durationMs: number;
}

const SECRET_NAME = /pass(word)?|secret|token|api[_-]?key|authorization|credential/i;

/**
 * Runs tool calls: arguments validated against the tool's JSON schema (ajv), permission checked (role, then the
 * tool's own role and agent allow lists), a time limit and cancellation, MCP progress passed on, results capped,
 * and every call logged in tool_executions (written behind, in batches) with secret arguments redacted.
 */
@Injectable()
export class ToolExecutionService {
  private readonly schemas = new SchemaChecker();
  private readonly validators = new Map<string, { key: string; check: (value: unknown) => SchemaCheck }>();
  private readonly builtins = new Map<string, BuiltinTool>();

  constructor(
    @Inject(ENV) private readonly env: Env,
    private readonly registry: ToolRegistryService,
    private readonly servers: McpServersService,
    private readonly tools: ToolsRepository,
  ) {}

  registerBuiltins(builtins: BuiltinTool[]): void {
    for (const builtin of builtins) this.builtins.set(builtin.name, builtin);
  }

  private readonly cancellable = new Map<string, AbortController>();

  /** A call that cancel(callId) can abort from anywhere (a workflow step canceled or timed out in another process). */
  async executeCancellable(callId: string, toolId: string, args: unknown, options: ExecuteOptions): Promise<ExecutionOutcome> {
    const controller = new AbortController();
    this.cancellable.set(callId, controller);
    try {
      return await this.execute(toolId, args, { ...options, signal: controller.signal });
    } finally {
      this.cancellable.delete(callId);
    }
  }

  /** Aborts a running cancellable call; false when this process runs no call with that id. */
  cancel(callId: string): boolean {
    const controller = this.cancellable.get(callId);
    controller?.abort(new ToolsError(ToolsErrorCode.TOOL_CANCELED, 'The caller canceled the call'));
    return Boolean(controller);
  }

  async execute(ref: string, args: unknown, options: ExecuteOptions): Promise<ExecutionOutcome> {
    const started = performance.now();
    let tool: ToolEntity | undefined;
    let safeArgs: Record<string, unknown> = {};
    try {
      tool = await this.registry.get(ref);
      safeArgs = redact(tool.inputSchema, args);
      await this.authorize(tool, options);
      const input = this.validate(tool, args);
      const result = await this.run(tool, input, options);
      const size = Buffer.byteLength(JSON.stringify(result ?? null));
      if (size > this.env.TOOLS_MAX_RESULT_BYTES)
        throw new ToolsError(
          ToolsErrorCode.TOOL_FAILED,
          `Result of ${size} bytes is larger than TOOLS_MAX_RESULT_BYTES (${this.env.TOOLS_MAX_RESULT_BYTES})`,
        );
      const outcome = { toolId: tool.id, toolName: tool.name, ok: true, result, durationMs: performance.now() - started };
      await this.log(tool, safeArgs, options, 'ok', undefined, outcome.durationMs, size);
      return outcome;
    } catch (error) {
      const failure = asToolsError(error, options.signal);
      const durationMs = performance.now() - started;
      if (tool) await this.log(tool, safeArgs, options, outcomeOf(failure.code), failure.message, durationMs, 0);
      if (!tool) throw failure;
      return {
        toolId: tool.id,
        toolName: tool.name,
        ok: false,
        error: { code: failure.code, message: failure.message, ...(failure.details ? { details: failure.details } : {}) },
        durationMs,
      };
    }
  }

  /** Many calls with at most TOOLS_BATCH_CONCURRENCY at once; each item gets its own outcome. */
  async batch(calls: Array<{ toolId: string; arguments: unknown }>, options: ExecuteOptions): Promise<ExecutionOutcome[]> {
    const results: ExecutionOutcome[] = new Array(calls.length);
    let next = 0;
    const worker = async () => {
      while (next < calls.length) {
        const index = next++;
        const call = calls[index]!;
        results[index] = await this.execute(call.toolId, call.arguments, options).catch((error: unknown) => {
          const failure = asToolsError(error, options.signal);
          return { toolId: call.toolId, toolName: '', ok: false, error: { code: failure.code, message: failure.message }, durationMs: 0 };
        });
      }
    };
    await Promise.all(Array.from({ length: Math.min(this.env.TOOLS_BATCH_CONCURRENCY, calls.length) }, worker));
    return results;
  }

  private async authorize(tool: ToolEntity, options: ExecuteOptions): Promise<void> {
    const principal = options.principal;
    if (principal && !can(principal as Principal, 'tools:execute'))
      throw new ToolsError(ToolsErrorCode.TOOL_FORBIDDEN, 'Permission tools:execute is required');
    const allowed = await this.registry.permissionsOf(tool.id);
    if (allowed.roles.length && (!principal || !allowed.roles.includes(principal.role)))
      throw new ToolsError(ToolsErrorCode.TOOL_FORBIDDEN, `Tool ${tool.name} is allowed for roles ${allowed.roles.join(', ')} only`);
    if (allowed.agents.length && options.agentId && !allowed.agents.includes(options.agentId))
      throw new ToolsError(ToolsErrorCode.TOOL_FORBIDDEN, `Tool ${tool.name} is not allowed for this agent`);
  }

  private validate(tool: ToolEntity, args: unknown): Record<string, unknown> {
    const key = `${tool.updatedAt?.getTime() ?? 0}:${tool.version}`;
    let entry = this.validators.get(tool.id);
    if (!entry || entry.key !== key) {
      try {
        entry = { key, check: this.schemas.compile(tool.inputSchema) };
      } catch (error) {
        throw new ToolsError(ToolsErrorCode.TOOL_FAILED, `The tool's input schema is not valid JSON Schema: ${(error as Error).message}`);
      }
      this.validators.set(tool.id, entry);
    }
    const checked = entry.check(args);
    if (!checked.ok)
      throw new ToolsError(ToolsErrorCode.TOOL_ARGUMENTS_INVALID, `Arguments do not match the schema of ${tool.name}`, {
        errors: checked.findings,
      });
    return checked.value;
  }

  private async run(tool: ToolEntity, input: Record<string, unknown>, options: ExecuteOptions): Promise<unknown> {
    const timeoutMs = Math.min(options.timeoutMs ?? this.env.TOOLS_TIMEOUT_MS, 600_000);
    const timeout = AbortSignal.timeout(timeoutMs);
    const signal = options.signal ? AbortSignal.any([options.signal, timeout]) : timeout;
    const abort = new Promise<never>((_, reject) => {
      const fail = () => reject(signal.reason);
      if (signal.aborted) fail();
      else signal.addEventListener('abort', fail, { once: true });
    });
    if (tool.origin === 'builtin') {
      const builtin = this.builtins.get(tool.name);
      if (!builtin) throw new ToolsError(ToolsErrorCode.TOOL_UNAVAILABLE, `Built-in ${tool.name} is not available in this process`);
      return Promise.race([
        builtin.run(input, {
          principal: options.principal,
          agentId: options.agentId,
          signal,
          timeoutMs,
          maxResultBytes: this.env.TOOLS_MAX_RESULT_BYTES,
        }),
        abort,
      ]);
    }
    const result = await Promise.race([
      this.servers.callTool(tool.serverId!, tool.remoteName!, input, {
        principalId: options.principal?.id,
        signal,
        timeoutMs,
        onProgress: options.onProgress,
        onElicitation: options.onElicitation,
      }),
      abort,
    ]);
    if (result.isError) {
      const text = (result.content ?? []).map((c) => (c.type === 'text' ? c.text : '')).join('\n');
      throw new ToolsError(ToolsErrorCode.TOOL_FAILED, text || `Tool ${tool.name} reported an error`);
    }
    return result.structuredContent ?? result.content;
  }

  private log(
    tool: ToolEntity,
    args: Record<string, unknown>,
    options: ExecuteOptions,
    outcome: string,
    error: string | undefined,
    durationMs: number,
    resultBytes: number,
  ): Promise<void> {
    return this.tools.logCall({
      toolId: tool.id,
      toolName: tool.name,
      principalId: options.principal?.id ?? null,
      agentId: options.agentId ?? null,
      arguments: args,
      outcome,
      error: error?.slice(0, 2000) ?? null,
      durationMs: Math.round(durationMs),
      resultBytes,
    });
  }
}

/** A copy of args with every value the schema marks secret (secret, writeOnly, format password) or whose name looks secret replaced. */
export function redact(schema: Record<string, unknown>, args: unknown): Record<string, unknown> {
  if (!args || typeof args !== 'object' || Array.isArray(args)) return { value: args === undefined ? null : '[not an object]' };
  const properties = (schema.properties ?? {}) as Record<string, Record<string, unknown>>;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(args as Record<string, unknown>)) {
    const spec = properties[key] ?? {};
    const secret = spec.secret === true || spec.writeOnly === true || spec.format === 'password' || SECRET_NAME.test(key);
    if (secret) out[key] = '[redacted]';
    else if (value && typeof value === 'object' && !Array.isArray(value) && spec.type === 'object') out[key] = redact(spec, value);
    else out[key] = typeof value === 'string' && value.length > 2000 ? `${value.slice(0, 2000)}…` : value;
  }
  return out;
}

function asToolsError(error: unknown, signal?: AbortSignal): ToolsError {
  if (error instanceof ToolsError) return error;
  const name = (error as { name?: string })?.name;
  const message = error instanceof Error ? error.message : String(error);
  if (name === 'TimeoutError' || /timed out|timeout/i.test(message))
    return new ToolsError(ToolsErrorCode.TOOL_TIMEOUT, `Tool call timed out: ${message}`);
  if (signal?.aborted || name === 'AbortError') return new ToolsError(ToolsErrorCode.TOOL_CANCELED, 'Tool call canceled');
  if (error && typeof error === 'object' && 'code' in error && 'status' in error) {
    const domain = error as unknown as { code: string; message: string; details?: Record<string, unknown> };
    return new ToolsError(ToolsErrorCode.TOOL_FAILED, domain.message, { code: domain.code, ...(domain.details ?? {}) });
  }
  return new ToolsError(ToolsErrorCode.TOOL_FAILED, message.slice(0, 2000));
}

function outcomeOf(code: string): string {
  switch (code) {
    case ToolsErrorCode.TOOL_ARGUMENTS_INVALID:
      return 'invalid';
    case ToolsErrorCode.TOOL_FORBIDDEN:
      return 'denied';
    case ToolsErrorCode.TOOL_TIMEOUT:
      return 'timeout';
    case ToolsErrorCode.TOOL_CANCELED:
      return 'canceled';
    case ToolsErrorCode.TOOL_UNAVAILABLE:
      return 'unavailable';
    default:
      return 'error';
  }
}
