import { Logger } from '@nestjs/common';
import { SpanStatusCode } from '@opentelemetry/api';
import { inSpan, startAgentSpan, usageAttributes } from 'src/modules/agents/gen-ai-spans';
import { Task } from '@a2a-js/sdk';
import type { AgentExecutor, ExecutionEventBus, RequestContext } from '@a2a-js/sdk/server';
import type { BusPrincipal } from '@libs/contracts';
import type { AgentExecutionEntity, ExecutionStep } from 'src/modules/agents/entities/agent-execution.entity';
import type { AgentEntity } from 'src/modules/agents/entities/agent.entity';
import type { AgentBrain, BrainTurn } from 'src/modules/agents/brains/brain';
import type { A2aTasksRepository } from 'src/modules/agents/a2a/a2a-tasks.repository';
import { events, messageText, type WireState } from 'src/modules/agents/a2a/a2a-events';
import type { AgentQuestions, Question, RunEnd } from 'src/modules/agents/a2a/agent-questions';

const HISTORY_TURNS = 20;
const STATE: Record<string, WireState> = {
  completed: 'TASK_STATE_COMPLETED',
  'input-required': 'TASK_STATE_INPUT_REQUIRED',
  rejected: 'TASK_STATE_REJECTED',
  failed: 'TASK_STATE_FAILED',
};

export interface ExecutorDeps {
  brain: AgentBrain;
  tasks: A2aTasksRepository;
  /** Records a finished run (written in batches, off the answer's path). */
  record(execution: Partial<AgentExecutionEntity>): void;
  principalOf(context: RequestContext): BusPrincipal | undefined;
  /** MCP servers' questions during the run's tool calls, asked of the A2A caller (input-required). */
  questions?: AgentQuestions;
  /** A task the SDK has just minted an id for is starting (lets the stores skip reads of an id nothing has yet). */
  onNewTask?(taskId: string): void;
  /** Live view of a run for WebSocket subscribers. */
  onEvent?(agentId: string, event: { taskId: string; contextId: string; kind: string; text?: string; state?: string }): void;
}

/**
 * Runs one agent's brain for an A2A request: submitted -> working, streams the answer as chunks of one
 * artifact, then completes (or input-required / failed), with a step limit, a time limit and cancellation.
 * Every run is recorded in agent_executions with its steps, tokens, latency and cost.
 */
export class PlatformAgentExecutor implements AgentExecutor {
  private readonly logger = new Logger('AgentExecutor');
  private readonly running = new Map<string, AbortController>();

  constructor(
    private readonly agent: AgentEntity,
    private readonly deps: ExecutorDeps,
  ) {}

  async execute(context: RequestContext, bus: ExecutionEventBus): Promise<void> {
    const { taskId, contextId } = context;
    if (context.task && this.deps.questions?.openQuestion(taskId)) return this.answerQuestion(context, bus);
    const started = Date.now();
    const steps: ExecutionStep[] = [];
    const abort = new AbortController();
    const timer = setTimeout(
      () => abort.abort(new Error(`Time limit of ${this.agent.limits.timeoutMs} ms reached`)),
      this.agent.limits.timeoutMs,
    );
    this.running.set(taskId, abort);
    if (!context.task) {
      this.deps.onNewTask?.(taskId);
      bus.publish(events.task(taskId, contextId, 'TASK_STATE_SUBMITTED', [context.userMessage]));
    }
    bus.publish(events.status(taskId, contextId, 'TASK_STATE_WORKING'));
    this.deps.onEvent?.(this.agent.id, { taskId, contextId, kind: 'status', state: 'working' });
    const artifactId = `${taskId}-answer`;
    let chunks = 0;
    const execution: Partial<AgentExecutionEntity> = { agentId: this.agent.id, taskId, contextId, steps };
    const span = startAgentSpan(this.agent, taskId, contextId);
    let end: RunEnd = { state: 'TASK_STATE_FAILED' };
    let ended!: (end: RunEnd) => void;
    const unwatch = this.deps.questions?.watch(
      taskId,
      this.deps.principalOf(context)?.id,
      (question) => {
        bus.publish(events.status(taskId, contextId, 'TASK_STATE_INPUT_REQUIRED', question.serverMessage, [questionPart(question)]));
        this.deps.onEvent?.(this.agent.id, { taskId, contextId, kind: 'status', state: 'input-required', text: question.serverMessage });
      },
      new Promise<RunEnd>((resolve) => (ended = resolve)),
      bus,
    );
    try {
      const skillId = requestedSkill(context.userMessage);
      if (skillId !== undefined && !this.agent.skills.some((skill) => skill.id === skillId))
        throw new Error(
          `Unknown skill ${skillId.slice(0, 100)}; this agent has: ${this.agent.skills.map((skill) => skill.id).join(', ') || 'none'}`,
        );
      const history = this.deps.brain.usesHistory ? await this.history(context) : [];
      const output = await inSpan(span, () =>
        this.deps.brain.run({
          skillId,
          agent: this.agent,
          text: messageText(context.userMessage),
          history,
          taskId,
          contextId,
          messageId: context.userMessage.messageId,
          signal: abort.signal,
          principal: this.deps.principalOf(context),
          onText: (delta) => {
            if (!delta || abort.signal.aborted) return;
            bus.publish(
              events.artifact(taskId, contextId, { artifactId, name: 'answer', parts: [{ text: delta }] }, { append: chunks++ > 0 }),
            );
            this.deps.onEvent?.(this.agent.id, { taskId, contextId, kind: 'text', text: delta });
          },
          onStep: (step) => steps.push(step),
        }),
      );
      if (abort.signal.aborted) throw abort.signal.reason;
      // Close the streamed artifact; a brain that streamed nothing still yields its answer as one artifact.
      if (chunks === 0 && output.text)
        bus.publish(
          events.artifact(taskId, contextId, { artifactId, name: 'answer', parts: [{ text: output.text }] }, { lastChunk: true }),
        );
      else if (chunks > 0)
        bus.publish(
          events.artifact(taskId, contextId, { artifactId, name: 'answer', parts: [{ text: '' }] }, { append: true, lastChunk: true }),
        );
      const state = STATE[output.state ?? 'completed'] ?? 'TASK_STATE_COMPLETED';
      bus.publish(events.status(taskId, contextId, state, output.text || undefined));
      end = { state, text: output.text || undefined };
      Object.assign(execution, {
        status: output.state ?? 'completed',
        inputTokens: output.inputTokens ?? 0,
        outputTokens: output.outputTokens ?? 0,
        costUsd: output.costUsd ?? 0,
      });
      this.deps.onEvent?.(this.agent.id, { taskId, contextId, kind: 'status', state: output.state ?? 'completed', text: output.text });
    } catch (error) {
      const canceled = abort.signal.aborted && abort.signal.reason === CANCELED;
      const message = canceled ? 'Canceled' : error instanceof Error ? error.message : String(error);
      if (!canceled) {
        this.logger.warn(`agent ${this.agent.name} task ${taskId} failed: ${message}`);
        bus.publish(events.status(taskId, contextId, 'TASK_STATE_FAILED', message));
      }
      end = { state: canceled ? 'TASK_STATE_CANCELED' : 'TASK_STATE_FAILED', text: message };
      Object.assign(execution, { status: canceled ? 'canceled' : 'failed', error: message.slice(0, 2000) });
      span.setStatus({ code: SpanStatusCode.ERROR, message: message.slice(0, 500) });
      this.deps.onEvent?.(this.agent.id, { taskId, contextId, kind: 'status', state: canceled ? 'canceled' : 'failed', text: message });
    } finally {
      span.setAttributes({ ...usageAttributes(execution), 'a2a.task.state': execution.status ?? 'unknown' });
      span.end();
      clearTimeout(timer);
      this.running.delete(taskId);
      unwatch?.();
      ended(end);
      execution.latencyMs = Date.now() - started;
      this.deps.record(execution);
    }
  }

  /**
   * The caller's message on a task whose run waits on a server's question: the answer (checked against the question's
   * schema; a bad one leaves the task input-required with the findings). This request then reports how the run ends.
   */
  private async answerQuestion(context: RequestContext, bus: ExecutionEventBus): Promise<void> {
    const { taskId, contextId } = context;
    const question = this.deps.questions!.openQuestion(taskId)!;
    const outcome = await this.deps.questions!.answer(taskId, context.userMessage, this.deps.principalOf(context)?.id);
    if (!outcome.ok) {
      bus.publish(
        events.status(taskId, contextId, 'TASK_STATE_INPUT_REQUIRED', `${outcome.error}. ${question.serverMessage}`, [
          questionPart(question),
        ]),
      );
      return;
    }
    bus.publish(events.status(taskId, contextId, 'TASK_STATE_WORKING'));
    const end = await outcome.finished;
    // The run publishes on the bus of the request that started it; a later request's own bus needs the ending too.
    if (outcome.bus !== bus) {
      if (end.text && end.state === 'TASK_STATE_COMPLETED')
        bus.publish(
          events.artifact(
            taskId,
            contextId,
            { artifactId: `${taskId}-answer`, name: 'answer', parts: [{ text: end.text }] },
            { lastChunk: true },
          ),
        );
      bus.publish(events.status(taskId, contextId, end.state as WireState, end.text));
    }
  }

  async cancelTask(taskId: string, bus: ExecutionEventBus): Promise<void> {
    this.running.get(taskId)?.abort(CANCELED);
    const contextId = (await this.deps.tasks.contextIdOf(taskId)) ?? '';
    bus.publish(events.status(taskId, contextId, 'TASK_STATE_CANCELED'));
    this.deps.onEvent?.(this.agent.id, { taskId, contextId, kind: 'status', state: 'canceled' });
  }

  /** Earlier turns of the conversation: this task's history, then other tasks of the same context, oldest first. */
  private async history(context: RequestContext): Promise<BrainTurn[]> {
    const rows = await this.deps.tasks.recentOfContext(this.agent.id, context.contextId, 10);
    const turns: BrainTurn[] = [];
    for (const row of rows.reverse()) {
      const task = Task.fromJSON(row.task);
      const seen = new Set<string>();
      for (const message of task.history) {
        seen.add(message.messageId);
        if (message.messageId === context.userMessage.messageId) continue;
        turns.push({ role: message.role === 2 ? 'assistant' : 'user', content: messageText(message) });
      }
      // The final answer sits in status.message, and also in history once the SDK has moved it there.
      const final = task.status?.message;
      if (final && !seen.has(final.messageId) && task.id !== context.taskId) turns.push({ role: 'assistant', content: messageText(final) });
    }
    return turns.filter((turn) => turn.content).slice(-HISTORY_TURNS);
  }
}

const CANCELED = new Error('canceled');

/** The question as a data part: what to answer and the JSON Schema the answer must meet. */
function questionPart(question: Question) {
  return { data: { elicitation: { id: question.id, requestedSchema: question.requestedSchema, expiresAt: question.expiresAt } } };
}

/** A caller may pick one of the agent's skills with message metadata `skillId`. */
function requestedSkill(message: RequestContext['userMessage']): string | undefined {
  const skillId = (message.metadata as Record<string, unknown> | undefined)?.skillId;
  return skillId === undefined ? undefined : String(skillId);
}
