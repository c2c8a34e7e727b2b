import { Message, Task } from '@a2a-js/sdk';
import { AgentsError, AgentsErrorCode } from 'src/modules/agents/agents.errors';
import type { RemoteAgentClient } from 'src/modules/agents/adapters/remote-agent.client';
import type { AgentBrain, BrainInput, BrainOutput } from './brain';

const STATE_NAMES: Record<string, BrainOutput['state']> = {
  TASK_STATE_COMPLETED: 'completed',
  TASK_STATE_INPUT_REQUIRED: 'input-required',
  TASK_STATE_REJECTED: 'rejected',
  TASK_STATE_FAILED: 'failed',
  TASK_STATE_CANCELED: 'failed',
};

/**
 * A remote A2A agent as a brain: our task and context ids travel as the remote message's contextId, so the
 * remote side keeps the conversation; its answer (message, or task artifacts and status) becomes ours.
 */
export class RemoteBrain implements AgentBrain {
  readonly usesHistory = false;

  constructor(private readonly remote: RemoteAgentClient) {}

  async run(input: BrainInput): Promise<BrainOutput> {
    const card = input.agent.remoteCard;
    if (!card) throw new AgentsError(AgentsErrorCode.AGENT_INVALID, 'Remote agent has no card; refresh it');
    const client = await this.remote.clientFor(card);
    const started = Date.now();
    const message = Message.fromJSON({
      // The caller's id goes on, so a retried workflow step reaches the remote agent as the same message.
      messageId: input.messageId,
      role: 'ROLE_USER',
      contextId: input.contextId,
      parts: [{ text: input.text }],
    });
    const result = await client.sendMessage({ message, configuration: undefined, metadata: undefined, tenant: '' } as never, {
      signal: input.signal,
    });
    const json = ('status' in result ? Task.toJSON(result as Task) : Message.toJSON(result as Message)) as Record<string, any>;
    const text = 'status' in result ? taskText(json) : partsText(json.parts);
    input.onStep({
      kind: 'remote',
      name: String(card.name),
      input: input.text,
      output: text.slice(0, 4000),
      latencyMs: Date.now() - started,
    });
    input.onText(text);
    return { text, state: 'status' in result ? (STATE_NAMES[json.status?.state] ?? 'completed') : 'completed' };
  }
}

function partsText(parts: Array<Record<string, unknown>> | undefined): string {
  return (parts ?? [])
    .map((part) => (typeof part.text === 'string' ? part.text : part.data !== undefined ? JSON.stringify(part.data) : ''))
    .filter(Boolean)
    .join('\n');
}

function taskText(task: Record<string, any>): string {
  const artifacts = ((task.artifacts as Array<{ parts?: Array<Record<string, unknown>> }>) ?? []).map((a) => partsText(a.parts));
  const status = partsText(task.status?.message?.parts);
  return [...artifacts, status].filter(Boolean).join('\n');
}
