import { AgentExecutor, ExecutionEventBus, RequestContext } from '@a2a-js/sdk/server';
import { events } from './a2a-events';

/**
 * The conformance agent: behaves as the A2A TCK's scenarios (scenarios/*.feature in a2aproject/a2a-tck)
 * prescribe for a message whose messageId starts with a given prefix. Served only when A2A_CONFORMANCE_AGENT is on.
 */
const LEGACY_TCK_OPEN_TASK = ['text-message-id-', 'cancel-test-message-id-', 'mapping-test-message-id-', 'test-history-'];

export class ConformanceExecutor implements AgentExecutor {
  private readonly running = new Map<string, { cancel: () => void }>();

  constructor(private readonly contextOf: (taskId: string) => Promise<string>) {}

  async execute(context: RequestContext, bus: ExecutionEventBus): Promise<void> {
    const { taskId, contextId } = context;
    const id = context.userMessage.messageId;
    const newTask = () => !context.task && bus.publish(events.task(taskId, contextId, 'TASK_STATE_SUBMITTED', [context.userMessage]));
    const is = (prefix: string) => id.startsWith(prefix);

    if (is('tck-message-response')) {
      bus.publish(events.message(contextId, [{ text: 'Direct message response' }]));
      return;
    }
    newTask();
    if (is('tck-reject-task')) {
      bus.publish(events.status(taskId, contextId, 'TASK_STATE_REJECTED', 'rejected'));
      return;
    }
    // The 0.3 TCK (branch 0.3.x) has no tck- prefixes: its continue, cancel, history and method-mapping tests need a
    // task that stays open, and its in-task authentication test asks for auth-required.
    if (is('auth-test-msg-') && /authenticate with external service/i.test(JSON.stringify(context.userMessage.parts))) {
      bus.publish(events.status(taskId, contextId, 'TASK_STATE_AUTH_REQUIRED', 'Authenticate with the external service, then continue'));
      return;
    }
    if (is('tck-input-required') || LEGACY_TCK_OPEN_TASK.some(is)) {
      bus.publish(events.status(taskId, contextId, 'TASK_STATE_INPUT_REQUIRED', 'Please provide more input'));
      return;
    }
    const artifact = (parts: Parameters<typeof events.artifact>[2]['parts'], name = 'result') =>
      bus.publish(events.artifact(taskId, contextId, { artifactId: `${taskId}-${name}`, name, parts }, { lastChunk: true }));
    if (is('tck-artifact-text')) artifact([{ text: 'Generated text content' }]);
    else if (is('tck-artifact-file-url'))
      artifact([{ url: 'https://example.com/output.txt', filename: 'output.txt', mediaType: 'text/plain' }]);
    else if (is('tck-artifact-file'))
      artifact([{ raw: Buffer.from('file content').toString('base64'), filename: 'output.txt', mediaType: 'text/plain' }]);
    else if (is('tck-artifact-data')) artifact([{ data: { key: 'value', count: 42 } }]);
    else if (is('tck-stream-002')) {
      bus.publish(events.status(taskId, contextId, 'TASK_STATE_COMPLETED'));
      return;
    } else if (is('tck-stream-artifact-chunked')) {
      bus.publish(events.status(taskId, contextId, 'TASK_STATE_WORKING'));
      const artifactId = `${taskId}-chunked`;
      bus.publish(events.artifact(taskId, contextId, { artifactId, parts: [{ text: 'chunk-1 ' }] }, { append: false, lastChunk: false }));
      bus.publish(events.artifact(taskId, contextId, { artifactId, parts: [{ text: 'chunk-2' }] }, { append: true, lastChunk: true }));
    } else if (is('tck-stream') || is('test-resubscribe-message-id')) {
      bus.publish(events.status(taskId, contextId, 'TASK_STATE_WORKING'));
      const text = is('tck-stream-001')
        ? 'Stream hello from TCK'
        : is('tck-stream-003')
          ? 'Stream task lifecycle'
          : is('tck-stream-ordering-001')
            ? 'Ordered output'
            : is('tck-stream-artifact-file')
              ? undefined
              : is('tck-stream-artifact-text')
                ? 'Streamed text content'
                : 'Working';
      if (is('tck-stream-artifact-file'))
        artifact([{ raw: Buffer.from('file content').toString('base64'), filename: 'output.txt', mediaType: 'text/plain' }]);
      else artifact([{ text: text! }]);
      if (is('test-resubscribe-message-id')) {
        const canceled = await this.wait(taskId, 4_000);
        if (canceled) return;
      }
    } else if (is('tck-cancel') || is('tck-long-running')) {
      // A task that stays working until canceled (or a minute passes).
      bus.publish(events.status(taskId, contextId, 'TASK_STATE_WORKING'));
      if (await this.wait(taskId, 60_000)) return;
    }
    bus.publish(events.status(taskId, contextId, 'TASK_STATE_COMPLETED', 'Hello from TCK'));
  }

  async cancelTask(taskId: string, bus: ExecutionEventBus): Promise<void> {
    this.running.get(taskId)?.cancel();
    bus.publish(events.status(taskId, await this.contextOf(taskId), 'TASK_STATE_CANCELED'));
  }

  /** Resolves true if the task was canceled before ms elapsed. */
  private wait(taskId: string, ms: number): Promise<boolean> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => (this.running.delete(taskId), resolve(false)), ms);
      this.running.set(taskId, { cancel: () => (clearTimeout(timer), this.running.delete(taskId), resolve(true)) });
    });
  }
}
