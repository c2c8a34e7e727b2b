import { Bus } from './bus';
import type { BusEventEnvelope, BusReplyEnvelope, BusRequestEnvelope } from './envelope';

/** In-process transport: handlers run in this process, envelopes are passed by reference. */
export class MemoryBus extends Bus {
  protected override readonly remoteTransport = false;

  protected dispatch(envelope: BusRequestEnvelope): Promise<BusReplyEnvelope> {
    return this.invoke(envelope);
  }

  protected async broadcast(envelope: BusEventEnvelope): Promise<void> {
    // Deliver after the publisher continues, as a real transport would.
    setImmediate(() => void this.deliver(envelope));
  }

  protected async closeTransport(): Promise<void> {}
}
