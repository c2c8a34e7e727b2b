import { Logger } from '@nestjs/common';
import { createHmac } from 'node:crypto';
import type { StreamResponse, Task } from '@a2a-js/sdk';
import { V03PushNotificationSerializer } from '@a2a-js/sdk/compat/v0_3/server';
import {
  V1PushNotificationSerializer,
  type PushNotificationSender,
  type PushNotificationSerializer,
  type ServerCallContext,
} from '@a2a-js/sdk/server';
import { deliverWebhook } from '@libs/net';
import type { DbPushStore } from './db-push-store';

export interface PushDelivery {
  url: string;
  taskId: string;
  ok: boolean;
  attempts: number;
  error?: string;
}

/**
 * Delivers task updates to the webhooks clients registered: serialized in the wire version the config was
 * made with, signed (X-A2A-Signature: sha256=HMAC of the body keyed by the config's token), retried with
 * backoff on network errors and 5xx, re-checked against private addresses at send time, and ordered per task.
 */
export class SignedPushSender implements PushNotificationSender {
  private readonly logger = new Logger('A2aPush');
  private readonly chains = new Map<string, Promise<void>>();
  private readonly serializers: Record<string, PushNotificationSerializer> = {
    '1.0': new V1PushNotificationSerializer(),
    '0.3': new V03PushNotificationSerializer(),
  };

  constructor(
    private readonly store: DbPushStore,
    private readonly options: { allowPrivate: boolean; timeoutMs: number; onDelivery?: (delivery: PushDelivery) => void },
  ) {}

  send(response: StreamResponse, context: ServerCallContext, task?: Task): Promise<void> {
    const taskId = taskIdOf(response);
    if (!taskId) return Promise.resolve();
    const previous = this.chains.get(taskId) ?? Promise.resolve();
    const next = previous.then(() => this.deliverAll(taskId, response, context, task));
    this.chains.set(taskId, next);
    return next.finally(() => {
      if (this.chains.get(taskId) === next) this.chains.delete(taskId);
    });
  }

  private async deliverAll(taskId: string, response: StreamResponse, context: ServerCallContext, task?: Task): Promise<void> {
    const configs = await this.store.loadWithMetadata(taskId, context).catch(() => []);
    await Promise.all(
      configs.map(async ({ config, wireVersion }) => {
        const { body, contentType } = (this.serializers[wireVersion] ?? this.serializers['1.0']).serialize(response, task);
        const headers: Record<string, string> = { 'content-type': contentType };
        if (config.authentication?.scheme && config.authentication.credentials)
          headers.authorization = `${config.authentication.scheme} ${config.authentication.credentials}`;
        if (config.token) {
          headers['x-a2a-notification-token'] = config.token;
          headers['x-a2a-signature'] = `sha256=${createHmac('sha256', config.token).update(body).digest('hex')}`;
        }
        const delivery = await this.deliver(config.url, body, headers);
        this.options.onDelivery?.({ ...delivery, taskId });
        if (!delivery.ok)
          this.logger.warn(`push to ${config.url} for task ${taskId} failed after ${delivery.attempts} attempts: ${delivery.error}`);
      }),
    );
  }

  private deliver(url: string, body: string, headers: Record<string, string>): Promise<Omit<PushDelivery, 'taskId'>> {
    return deliverWebhook(url, body, headers, { allowPrivate: this.options.allowPrivate, timeoutMs: this.options.timeoutMs });
  }
}

function taskIdOf(response: StreamResponse): string | undefined {
  const payload = response.payload;
  switch (payload?.$case) {
    case 'task':
      return payload.value.id;
    case 'statusUpdate':
    case 'artifactUpdate':
      return payload.value.taskId;
    case 'message':
    case undefined:
      return undefined;
  }
}
