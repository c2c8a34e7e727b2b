import { describe, expect, it } from 'vitest';
import { EMPTY_SERVER, serverBody } from './mcpServerForm';

describe('MCP server registration body', () => {
  it('stdio: command, one argument a line, NAME=value environment; no HTTP fields', () => {
    const out = serverBody({
      ...EMPTY_SERVER,
      name: ' everything ',
      command: 'node',
      args: '/srv/index.js\n\nstdio\n',
      env: 'TOKEN=a=b',
      url: 'http://ignored',
      headers: 'X: ignored',
    });
    expect(out).toEqual({
      body: {
        name: 'everything',
        transport: 'stdio',
        connect: true,
        command: 'node',
        args: ['/srv/index.js', 'stdio'],
        env: { TOKEN: 'a=b' },
      },
    });
  });

  it('HTTP: URL, headers, OAuth only when something is set; no stdio fields', () => {
    const base = { ...EMPTY_SERVER, name: 'orders', transport: 'streamable-http' as const, url: 'https://h/mcp', command: 'ignored' };
    expect(serverBody(base)).toEqual({
      body: { name: 'orders', transport: 'streamable-http', connect: true, url: 'https://h/mcp', perUser: false, bearerToken: undefined },
    });
    const out = serverBody({
      ...base,
      headers: 'Authorization: Bearer x:y',
      perUser: true,
      grant: 'client_credentials',
      clientId: 'c1',
      privateKeyPem: '-----BEGIN PRIVATE KEY-----\nabc\n-----END PRIVATE KEY-----\n',
      signingAlgorithm: 'ES256',
      connect: false,
    });
    expect(out).toMatchObject({
      body: {
        connect: false,
        perUser: true,
        headers: { Authorization: 'Bearer x:y' },
        oauth: {
          grant: 'client_credentials',
          clientId: 'c1',
          clientSecret: undefined,
          privateKeyPem: '-----BEGIN PRIVATE KEY-----\nabc\n-----END PRIVATE KEY-----',
          signingAlgorithm: 'ES256',
          scope: undefined,
        },
      },
    });
    expect('command' in (out as { body: object }).body).toBe(false);
  });

  it('sampling settings and roots (a URI and an optional name a line)', () => {
    const out = serverBody({
      ...EMPTY_SERVER,
      name: 's',
      command: 'node',
      sampling: true,
      samplingProvider: 'local',
      samplingModel: ' m1 ',
      samplingMaxTokens: '256',
      roots: 'file:///srv/site  the site\nfile:///tmp',
    });
    expect(out).toMatchObject({
      body: {
        sampling: { enabled: true, provider: 'local', modelId: 'm1', maxTokens: 256, perMinute: undefined },
        roots: [{ uri: 'file:///srv/site', name: 'the site' }, { uri: 'file:///tmp' }],
      },
    });
  });

  it('names the lines it cannot read instead of sending them', () => {
    expect(serverBody({ ...EMPTY_SERVER, name: 's', env: 'OK=1\nnot a pair' })).toEqual({
      problem: expect.objectContaining({
        code: 'CLIENT_INVALID',
        errors: [{ field: 'env', messages: ['cannot read the line "not a pair"'] }],
      }),
    });
    // Lines of the other transport are not read at all.
    expect('body' in serverBody({ ...EMPTY_SERVER, name: 's', headers: 'garbage' })).toBe(true);
  });
});
