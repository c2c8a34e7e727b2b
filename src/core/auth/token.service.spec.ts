import type { Env } from '@libs/config';
import { TokenService } from './token.service';

const env = (ttl: number) =>
  ({ JWT_SECRET: 'a-test-secret-of-32-characters!!', DATA_DIR: '/nonexistent', ACCESS_TOKEN_TTL_SECONDS: ttl }) as Env;
const user = { id: 'u1', email: 'ada@example.com', role: 'admin' as const };

describe('TokenService', () => {
  afterEach(() => jest.useRealTimers());

  it('verifies its own token, twice (the second from memory), to the same principal', () => {
    const tokens = new TokenService(env(900));
    const token = tokens.sign(user);
    const first = tokens.verify(token);
    expect(first).toEqual({ kind: 'user', id: 'u1', name: 'ada@example.com', role: 'admin' });
    expect(tokens.verify(token)).toBe(first);
    expect(Object.isFrozen(first)).toBe(true);
  });

  it('refuses a remembered token once it has expired', () => {
    jest.useFakeTimers({ now: new Date('2026-12-01T00:00:00Z') });
    const tokens = new TokenService(env(60));
    const token = tokens.sign(user);
    expect(tokens.verify(token)).toBeDefined();
    jest.setSystemTime(new Date('2026-12-01T00:01:01Z'));
    expect(tokens.verify(token)).toBeUndefined();
    expect(tokens.verify(token)).toBeUndefined();
  });

  it('refuses a token signed with another key or altered after verification of the original', () => {
    const tokens = new TokenService(env(900));
    const other = new TokenService({ ...env(900), JWT_SECRET: 'another-secret-of-32-characters!' });
    const token = tokens.sign(user);
    expect(tokens.verify(other.sign(user))).toBeUndefined();
    expect(tokens.verify(token)).toBeDefined();
    const [header, , signature] = token.split('.');
    const forged = Buffer.from(JSON.stringify({ sub: 'u1', email: 'ada@example.com', role: 'admin', exp: 4e9 })).toString('base64url');
    expect(tokens.verify(`${header}.${forged}.${signature}`)).toBeUndefined();
  });
});
