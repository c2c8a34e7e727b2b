import { randomUUID } from 'node:crypto';
import { Message, Task, TaskArtifactUpdateEvent, TaskStatusUpdateEvent } from '@a2a-js/sdk';
import { AgentEvent, type AgentExecutionEvent } from '@a2a-js/sdk/server';

/** A2A 1.0 JSON state names, as clients see them on the wire. */
export type WireState =
  | 'TASK_STATE_SUBMITTED'
  | 'TASK_STATE_WORKING'
  | 'TASK_STATE_COMPLETED'
  | 'TASK_STATE_FAILED'
  | 'TASK_STATE_CANCELED'
  | 'TASK_STATE_INPUT_REQUIRED'
  | 'TASK_STATE_REJECTED'
  | 'TASK_STATE_AUTH_REQUIRED';

export type WirePart =
  | { text: string }
  | { data: unknown }
  | { url: string; filename?: string; mediaType?: string }
  | { raw: string; filename?: string; mediaType?: string };

/** Builders for executor events from their JSON wire form, so executors read like the spec. */
export const events = {
  task(taskId: string, contextId: string, state: WireState, history: Message[] = []): AgentExecutionEvent {
    const task = Task.fromJSON({ id: taskId, contextId, status: { state, timestamp: new Date().toISOString() }, artifacts: [] });
    task.history = history;
    return AgentEvent.task(task);
  },
  /** parts: more parts after the text (e.g. the data part of a question). */
  status(taskId: string, contextId: string, state: WireState, text?: string, parts: WirePart[] = []): AgentExecutionEvent {
    const all = [...(text ? [{ text }] : []), ...parts];
    const message = all.length ? agentMessageJson(taskId, contextId, all) : undefined;
    return AgentEvent.statusUpdate(
      TaskStatusUpdateEvent.fromJSON({ taskId, contextId, status: { state, timestamp: new Date().toISOString(), message } }),
    );
  },
  artifact(
    taskId: string,
    contextId: string,
    artifact: { artifactId: string; name?: string; parts: WirePart[] },
    options: { append?: boolean; lastChunk?: boolean } = {},
  ): AgentExecutionEvent {
    return AgentEvent.artifactUpdate(
      TaskArtifactUpdateEvent.fromJSON({
        taskId,
        contextId,
        artifact,
        append: options.append ?? false,
        lastChunk: options.lastChunk ?? false,
      }),
    );
  },
  message(contextId: string, parts: WirePart[], taskId?: string): AgentExecutionEvent {
    return AgentEvent.message(Message.fromJSON(agentMessageJson(taskId, contextId, parts)));
  },
};

function agentMessageJson(taskId: string | undefined, contextId: string, parts: WirePart[]): Record<string, unknown> {
  return { messageId: randomUUID(), role: 'ROLE_AGENT', contextId, ...(taskId ? { taskId } : {}), parts };
}

/** Text of a message's parts: text as is, data as JSON, files by name. */
export function messageText(message: Message | undefined): string {
  if (!message) return '';
  const json = Message.toJSON(message) as { parts?: Array<Record<string, unknown>> };
  return (json.parts ?? [])
    .map((part) => {
      if (typeof part.text === 'string') return part.text;
      if (part.data !== undefined) return JSON.stringify(part.data);
      if (part.url) return `[file ${String(part.filename || part.url)}]`;
      if (part.raw !== undefined) return `[file ${String(part.filename || 'attachment')}]`;
      return '';
    })
    .filter(Boolean)
    .join('\n');
}
