import { TaskPushNotificationConfig } from '@a2a-js/sdk';
import type { PushNotificationStore, ServerCallContext, StoredPushNotificationConfig } from '@a2a-js/sdk/server';
import type { A2aTasksRepository } from 'src/modules/agents/a2a/a2a-tasks.repository';
import { ownerOf } from 'src/modules/agents/a2a/db-task-store';

/** How long "this task has no push config" is believed; a config made on another replica shows up within it. */
const NONE_TTL_MS = 1_000;

/** Push-notification configs in the platform's database, scoped to the caller who registered them. */
export class DbPushStore implements PushNotificationStore {
  /** Tasks known to have no config (the sender asks on every task event, and most tasks have none). */
  private readonly none = new Map<string, number>();
  /** Tasks given a config by this process (SendMessage saves the request's config before the task starts). */
  private readonly configured = new Set<string>();

  constructor(
    private readonly tasks: A2aTasksRepository,
    /** Refuses a webhook URL before it is stored (SSRF guard); throws an A2A error. */
    private readonly checkUrl: (url: string) => Promise<void>,
  ) {}

  async save(taskId: string, context: ServerCallContext, config: TaskPushNotificationConfig): Promise<void> {
    await this.checkUrl(config.url);
    this.none.delete(taskId);
    if (this.configured.size >= 10_000) this.configured.clear();
    this.configured.add(taskId);
    const configId = config.id || taskId;
    await this.tasks.upsertPushConfig({
      taskId,
      configId,
      owner: ownerOf(context),
      config: TaskPushNotificationConfig.toJSON({ ...config, id: configId, taskId }) as Record<string, unknown>,
      wireVersion: context.requestedVersion === '0.3' ? '0.3' : '1.0',
    });
  }

  /**
   * A task the SDK has just minted an id for has no config unless its own request carried one: believed for
   * NONE_TTL_MS like any other "none", so a config set meanwhile on another replica is still picked up.
   */
  noteNewTask(taskId: string): void {
    if (this.configured.delete(taskId)) return;
    this.rememberNone(taskId);
  }

  async load(taskId: string, context: ServerCallContext): Promise<TaskPushNotificationConfig[]> {
    return (await this.loadWithMetadata(taskId, context)).map((stored) => stored.config);
  }

  async loadWithMetadata(taskId: string, context: ServerCallContext): Promise<StoredPushNotificationConfig[]> {
    const knownNone = this.none.get(taskId);
    if (knownNone && Date.now() - knownNone < NONE_TTL_MS) return [];
    const rows = await this.tasks.findPushConfigs(taskId, ownerOf(context));
    if (rows.length === 0) this.rememberNone(taskId);
    return rows.map((row) => ({ config: TaskPushNotificationConfig.fromJSON(row.config), wireVersion: row.wireVersion }));
  }

  private rememberNone(taskId: string): void {
    if (this.none.size > 10_000) this.none.clear();
    this.none.set(taskId, Date.now());
  }

  async delete(taskId: string, context: ServerCallContext, configId?: string): Promise<void> {
    await this.tasks.deletePushConfigs(taskId, ownerOf(context), configId);
  }
}
