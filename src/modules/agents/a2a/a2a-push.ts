import { Inject, Injectable } from '@nestjs/common';
import { PushNotificationNotSupportedError } from '@a2a-js/sdk/errors';
import type { Env } from '@libs/config';
import { assertPublicUrl } from '@libs/net';
import { ENV } from 'src/core/env.token';
import { A2aTasksRepository } from 'src/modules/agents/a2a/a2a-tasks.repository';
import { DbPushStore } from 'src/modules/agents/a2a/db-push-store';
import { SignedPushSender, type PushDelivery } from 'src/modules/agents/a2a/push-sender';

/** A2A push notifications: the config store (webhook URLs checked against SSRF) and the signing sender. */
@Injectable()
export class A2aPush {
  readonly store: DbPushStore;
  readonly sender: SignedPushSender;
  /** The last 100 deliveries, for diagnosis. */
  readonly deliveries: PushDelivery[] = [];

  constructor(@Inject(ENV) env: Env, tasks: A2aTasksRepository) {
    this.store = new DbPushStore(tasks, async (url) => {
      try {
        await assertPublicUrl(url, { allowPrivate: env.A2A_PUSH_ALLOW_PRIVATE, allowUnresolved: true });
      } catch (error) {
        throw new PushNotificationNotSupportedError(`Push notification URL refused: ${(error as Error).message}`);
      }
    });
    this.sender = new SignedPushSender(this.store, {
      allowPrivate: env.A2A_PUSH_ALLOW_PRIVATE,
      timeoutMs: Math.min(env.A2A_OUTBOUND_TIMEOUT_MS, 10_000),
      onDelivery: (delivery) => {
        this.deliveries.push(delivery);
        if (this.deliveries.length > 100) this.deliveries.shift();
      },
    });
  }
}
