import { TaskPushNotificationConfig } from '@a2a-js/sdk';
import type { PushNotificationStore, ServerCallContext, StoredPushNotificationConfig } from '@a2a-js/sdk/server';
import type { Repository } from 'typeorm';
import { A2aPushConfigEntity } from './a2a-task.entity';
import { ownerOf } from './db-task-store';

/** Push-notification configs in the platform's database, scoped to the caller who registered them. */
export class DbPushStore implements PushNotificationStore {
  constructor(
    private readonly configs: Repository<A2aPushConfigEntity>,
    /** Refuses a webhook URL before it is stored (SSRF guard); throws an A2A error. */
    private readonly checkUrl: (url: string) => Promise<void>,
  ) {}

  async save(taskId: string, context: ServerCallContext, config: TaskPushNotificationConfig): Promise<void> {
    await this.checkUrl(config.url);
    const configId = config.id || taskId;
    await this.configs.upsert(
      {
        taskId,
        configId,
        owner: ownerOf(context),
        config: TaskPushNotificationConfig.toJSON({ ...config, id: configId, taskId }) as never,
        wireVersion: context.requestedVersion === '0.3' ? '0.3' : '1.0',
      },
      ['taskId', 'configId'],
    );
  }

  async load(taskId: string, context: ServerCallContext): Promise<TaskPushNotificationConfig[]> {
    return (await this.loadWithMetadata(taskId, context)).map((stored) => stored.config);
  }

  async loadWithMetadata(taskId: string, context: ServerCallContext): Promise<StoredPushNotificationConfig[]> {
    const rows = await this.configs.find({ where: { taskId, owner: ownerOf(context) }, order: { createdAt: 'ASC' } });
    return rows.map((row) => ({ config: TaskPushNotificationConfig.fromJSON(row.config), wireVersion: row.wireVersion }));
  }

  async delete(taskId: string, context: ServerCallContext, configId?: string): Promise<void> {
    await this.configs.delete({ taskId, owner: ownerOf(context), ...(configId ? { configId } : {}) });
  }
}
