import { Injectable } from '@nestjs/common';
import { Bus, BusError } from '@libs/bus';
import { uuidFromKey, type BusMethod, type BusPrincipal, type ParamsOf, type ResultOf } from '@libs/contracts';
import type { StepBody } from '@libs/workflow';
import { evaluate, resolveValue, type ExpressionScope } from 'src/modules/workflow-engine/engine/expressions';
import { WorkflowError, WorkflowErrorCode } from 'src/modules/workflow-engine/workflow.errors';

/** What one step execution needs besides its config. */
export interface StepCall {
  scope: ExpressionScope;
  /** Run id + step path (+ item or iteration): travels with the side effect so a re-run can be recognised. */
  key: string;
  principal?: BusPrincipal;
  signal: AbortSignal;
  timeoutMs?: number;
  /** Starts (idempotently) and awaits a child run; the run driver supplies it. */
  runChild: (workflowId: string, input: unknown) => Promise<unknown>;
}

/**
 * Runs the work of one step: the other modules are reached over the bus only (agents, tools, SQL, knowledge);
 * expressions and transforms run here. Errors come out as WorkflowErrors with a code the journal keeps.
 */
@Injectable()
export class StepRunner {
  constructor(private readonly bus: Bus) {}

  async run(body: StepBody, call: StepCall): Promise<unknown> {
    switch (body.kind) {
      case 'transform':
        return evaluate(body.expression, call.scope);
      case 'agent':
        return this.agent(body, call);
      case 'tool':
        return this.tool(body.tool, (await resolveValue(body.arguments ?? {}, call.scope)) as Record<string, unknown>, call);
      case 'code':
        return this.tool('javascript', { code: body.code, input: (await resolveValue(body.input ?? null, call.scope)) ?? null }, call);
      case 'sql':
        return this.sql(body, call);
      case 'knowledge':
        return this.request(call, 'rag.search', {
          collection: String(await resolveValue(body.collection, call.scope)),
          query: String(await resolveValue(body.query, call.scope)),
          k: body.k,
          mode: body.mode,
        });
      case 'subworkflow':
        return call.runChild(body.workflowId, await resolveValue(body.input ?? call.scope.input, call.scope));
    }
  }

  private async agent(body: Extract<StepBody, { kind: 'agent' }>, call: StepCall): Promise<unknown> {
    const message = await resolveValue(body.message, call.scope);
    const text = typeof message === 'string' ? message : JSON.stringify(message);
    const target = (await resolveValue(body.agent, call.scope)) as { agentId?: string; capability?: string };
    const result = await this.request(call, 'agents.send', {
      ...target,
      text,
      principal: call.principal,
      messageId: uuidFromKey(call.key),
    });
    if (result.state !== 'completed' && result.state !== 'TASK_STATE_COMPLETED')
      throw new WorkflowError(WorkflowErrorCode.STEP_FAILED, `The agent ended in state ${result.state}: ${result.output.slice(0, 500)}`, {
        agentId: result.agentId,
        taskId: result.taskId,
      });
    return { agentId: result.agentId, taskId: result.taskId, contextId: result.contextId, text: result.output };
  }

  private async tool(toolId: string, args: Record<string, unknown>, call: StepCall): Promise<unknown> {
    // A canceled or timed-out step stops the call itself, not only our wait for it.
    const onAbort = () => void this.bus.publish('tools.call.cancel', { callId: call.key }).catch(() => undefined);
    call.signal.addEventListener('abort', onAbort, { once: true });
    const outcome = await this.request(call, 'tools.execute', {
      toolId,
      arguments: args,
      principal: call.principal,
      timeoutMs: call.timeoutMs,
      callId: call.key,
    }).finally(() => call.signal.removeEventListener('abort', onAbort));
    if (!outcome.ok) throw new WorkflowError(WorkflowErrorCode.STEP_FAILED, `Tool ${toolId} failed: ${outcome.error ?? 'unknown error'}`);
    return outcome.result;
  }

  private async sql(body: Extract<StepBody, { kind: 'sql' }>, call: StepCall): Promise<unknown> {
    const params = await resolveValue(body.params ?? [], call.scope);
    if (!Array.isArray(params)) throw new WorkflowError(WorkflowErrorCode.EXPRESSION_FAILED, 'SQL params must resolve to an array');
    const connectionId = String(await resolveValue(body.connectionId, call.scope));
    const result = await this.request(call, 'sqltool.query', { connectionId, sql: body.sql, params, principal: call.principal });
    // Rows as objects keyed by column name read better in later expressions than positional arrays.
    const rows = result.rows.map((row) => Object.fromEntries(result.columns.map((c, i) => [c.name, (row as unknown[])[i]])));
    return { columns: result.columns, rows, rowCount: result.rowCount, truncated: result.truncated };
  }

  /** A bus request that gives up when the step is aborted (timeout or cancel), keeping the remote error's code. */
  private async request<M extends BusMethod>(call: StepCall, method: M, params: ParamsOf<M>): Promise<ResultOf<M>> {
    const timeoutMs = call.timeoutMs ?? 300_000;
    const pending = this.bus.request(method, params, { timeoutMs });
    const aborted = new Promise<never>((_, reject) => {
      if (call.signal.aborted) reject(call.signal.reason);
      call.signal.addEventListener('abort', () => reject(call.signal.reason), { once: true });
    });
    try {
      return await Promise.race([pending, aborted]);
    } catch (error) {
      if (error instanceof BusError)
        throw new WorkflowError(WorkflowErrorCode.STEP_FAILED, error.message, {
          code: error.code,
          ...(error.status ? { status: error.status } : {}),
        });
      throw error;
    } finally {
      pending.catch(() => undefined);
    }
  }
}
