import { SetMetadata } from '@nestjs/common';
import type { BusMethod, BusTopic } from '@libs/contracts';

export const BUS_HANDLER = 'bus:handler';
export const BUS_SUBSCRIBER = 'bus:subscriber';

/** Marks a provider method as the handler of a bus request (use it in *.handlers.ts). */
export const BusHandler = (method: BusMethod) => SetMetadata(BUS_HANDLER, method);

/** Marks a provider method as a subscriber to a bus event topic. */
export const BusSubscriber = (topic: BusTopic) => SetMetadata(BUS_SUBSCRIBER, topic);
