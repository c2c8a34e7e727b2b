import { Logger } from '@nestjs/common';
import { networkInterfaces } from 'node:os';

/**
 * The host other processes reach this one at. `auto`: this machine's first non-internal IPv4 address, so replicas
 * behind one name (compose scale, pods) each register their own address and the gateway can balance and skip them.
 */
export function advertisedHost(configured: string | undefined, interfaces = networkInterfaces()): string {
  if (configured !== 'auto') return configured ?? '127.0.0.1';
  const found = Object.values(interfaces)
    .flat()
    .find((address) => address && address.family === 'IPv4' && !address.internal);
  if (!found) new Logger('Main').warn('SERVICE_HOST=auto found no non-internal IPv4 address; using 127.0.0.1');
  return found?.address ?? '127.0.0.1';
}
