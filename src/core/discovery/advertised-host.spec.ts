import type { NetworkInterfaceInfo } from 'node:os';
import { advertisedHost } from './advertised-host';

const address = (address: string, family: 'IPv4' | 'IPv6', internal: boolean) => ({ address, family, internal }) as NetworkInterfaceInfo;

describe('advertisedHost', () => {
  it('uses SERVICE_HOST as given, 127.0.0.1 when unset', () => {
    expect(advertisedHost('tools')).toBe('tools');
    expect(advertisedHost(undefined)).toBe('127.0.0.1');
  });

  it('auto: the first non-internal IPv4 address, else 127.0.0.1', () => {
    const interfaces = {
      lo: [address('127.0.0.1', 'IPv4', true)],
      eth0: [address('fe80::1', 'IPv6', false), address('172.18.0.5', 'IPv4', false)],
    };
    expect(advertisedHost('auto', interfaces)).toBe('172.18.0.5');
    expect(advertisedHost('auto', { lo: interfaces.lo })).toBe('127.0.0.1');
  });
});
