import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { getEventListeners } from 'node:events';
import { withRequestSignals } from './request-signal';

describe('withRequestSignals', () => {
  let server: Server;
  let base: string;

  beforeAll(async () => {
    server = createServer((req, res) => {
      if (req.url === '/hang') return; // never answers: only an abort ends the request
      if (req.url === '/empty') return res.writeHead(204).end();
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ path: req.url }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  it('leaves no listener on a shared signal once each response has been read', async () => {
    const shared = new AbortController();
    const fetchWithSignals = withRequestSignals(fetch);
    for (let i = 0; i < 30; i++) {
      const response = await fetchWithSignals(`${base}/item/${i}`, { signal: shared.signal });
      expect(await response.json()).toEqual({ path: `/item/${i}` });
      const empty = await fetchWithSignals(`${base}/empty`, { signal: shared.signal });
      expect(empty.status).toBe(204);
    }
    expect(getEventListeners(shared.signal, 'abort')).toHaveLength(0);
  });

  it('holds one listener while a response is unread, and aborting the shared signal still aborts the request', async () => {
    const shared = new AbortController();
    const fetchWithSignals = withRequestSignals(fetch);
    const open = await fetchWithSignals(`${base}/item/open`, { signal: shared.signal });
    expect(getEventListeners(shared.signal, 'abort')).toHaveLength(1);
    await open.text();
    expect(getEventListeners(shared.signal, 'abort')).toHaveLength(0);

    const hanging = fetchWithSignals(`${base}/hang`, { signal: shared.signal });
    await new Promise((resolve) => setTimeout(resolve, 50));
    shared.abort(new Error('transport closed'));
    await expect(hanging).rejects.toThrow('transport closed');
  });

  it('passes requests without a signal, or with one already aborted, straight through', async () => {
    const fetchWithSignals = withRequestSignals(fetch);
    expect((await fetchWithSignals(`${base}/plain`)).status).toBe(200);
    await expect(fetchWithSignals(`${base}/plain`, { signal: AbortSignal.abort(new Error('gone')) })).rejects.toThrow('gone');
  });
});
