import { Inject, Injectable } from '@nestjs/common';
import type { Message } from '@a2a-js/sdk';
import type { ExecutionEventBus } from '@a2a-js/sdk/server';
import { Bus } from '@libs/bus';
import type { EventOf } from '@libs/contracts';
import { SchemaChecker } from '@libs/json-schema';
import { messageText } from 'src/modules/agents/a2a/a2a-events';

export type Question = EventOf<'tools.elicitation.requested'>;

/** A run waiting on a question: who may answer, and how the run ends (for the request that carries the answer). */
interface Waiting {
  question?: Question;
  principalId?: string;
  onQuestion(question: Question): void;
  finished: Promise<RunEnd>;
  /** The event bus of the request that started the run. */
  bus: ExecutionEventBus;
}

/** How a run ended, so the request that answered a question can report it. */
export interface RunEnd {
  state: string;
  text?: string;
}

export type AnswerOutcome = { ok: true; finished: Promise<RunEnd>; bus: ExecutionEventBus } | { ok: false; error: string };

/**
 * MCP servers' questions (elicitation) during an agent run's tool calls, put to the A2A caller: the task turns
 * input-required with the question (text, plus a data part with the requested schema), and the caller's next message
 * on that task answers it — a data part (or JSON text) accepts with that content, the text "decline" or "cancel" does
 * that. The answer is checked against the schema here (the task stays input-required with the findings if it breaks
 * it) and sent to the tools process holding the call, and the run goes on where it was.
 */
@Injectable()
export class AgentQuestions {
  private readonly runs = new Map<string, Waiting>();
  private readonly schemas = new SchemaChecker();

  constructor(@Inject(Bus) private readonly bus: Bus) {
    bus.subscribe('tools.elicitation.requested', (question) => {
      const run = this.runs.get(question.channel);
      if (!run) return;
      run.question = question;
      run.onQuestion(question);
    });
  }

  /** A run starts listening for questions on its task; the returned function ends it. */
  watch(
    taskId: string,
    principalId: string | undefined,
    onQuestion: (question: Question) => void,
    finished: Promise<RunEnd>,
    bus: ExecutionEventBus,
  ): () => void {
    this.runs.set(taskId, { principalId, onQuestion, finished, bus });
    return () => this.runs.delete(taskId);
  }

  /** The open question of a task, if its run is waiting on one. */
  openQuestion(taskId: string): Question | undefined {
    return this.runs.get(taskId)?.question;
  }

  /** Applies the caller's message as the answer to the task's open question. */
  async answer(taskId: string, message: Message, principalId: string | undefined): Promise<AnswerOutcome> {
    const run = this.runs.get(taskId);
    const question = run?.question;
    if (!run || !question) return { ok: false, error: 'No question is open on this task' };
    if (run.principalId !== principalId) return { ok: false, error: 'Only the caller who started this task may answer its question' };
    const reply = parseReply(message);
    if (reply.action === 'accept') {
      const checked = this.schemas.check(question.requestedSchema, reply.content);
      if (!checked.ok) {
        const findings = checked.findings.slice(0, 10).map((finding) => `${finding.path} ${finding.message}`);
        return { ok: false, error: `The answer does not match the requested schema: ${findings.join('; ')}` };
      }
      reply.content = checked.value;
    }
    await this.bus.publish('tools.elicitation.answered', { id: question.id, principalId: principalId ?? '', ...reply });
    run.question = undefined;
    return { ok: true, finished: run.finished, bus: run.bus };
  }
}

/** A data part (or a message that is JSON) accepts with that content; "decline" / "cancel" as text do that. */
function parseReply(message: Message): { action: 'accept' | 'decline' | 'cancel'; content?: Record<string, unknown> } {
  const text = messageText(message).trim();
  if (/^(decline|cancel)$/i.test(text)) return { action: text.toLowerCase() as 'decline' | 'cancel' };
  try {
    const content = JSON.parse(text) as unknown;
    if (content && typeof content === 'object' && !Array.isArray(content))
      return { action: 'accept', content: content as Record<string, unknown> };
  } catch {
    // not JSON: checked against the schema as an empty answer below
  }
  return { action: 'accept', content: {} };
}
