import { Logger } from '@nestjs/common';
import { AgentCard } from '@a2a-js/sdk';
import {
  ClientFactory,
  ClientFactoryOptions,
  DefaultAgentCardResolver,
  JsonRpcTransportFactory,
  RestTransportFactory,
  type Client,
} from '@a2a-js/sdk/client';
import { assertPublicUrl, UrlNotAllowedError } from '@libs/net';
import { AgentsError, AgentsErrorCode } from 'src/modules/agents/agents.errors';

const RETRY_DELAYS_MS = [200, 800];
const BREAKER_THRESHOLD = 5;
const BREAKER_OPEN_MS = 30_000;
const MAX_CARD_BYTES = 512 * 1024;

interface Breaker {
  failures: number;
  openUntil: number;
}

/**
 * Outbound A2A: resolves and validates remote cards, and builds SDK clients whose every HTTP call has a timeout,
 * retries idempotent failures (connection refused, 502/503/504) with backoff, and goes through a per-host circuit
 * breaker so a dead peer fails fast instead of holding agent runs for the whole timeout.
 */
export class RemoteAgentClient {
  private readonly logger = new Logger('A2aRemote');
  private readonly breakers = new Map<string, Breaker>();
  private readonly clients = new Map<string, { client: Client; cardJson: string }>();

  constructor(private readonly options: { timeoutMs: number; allowPrivate: boolean }) {}

  /** Fetches and validates the card at url (a card URL, or a base URL under which /.well-known/agent-card.json lives). */
  async fetchCard(url: string): Promise<Record<string, unknown>> {
    await this.checkUrl(url);
    const { base, path } = splitCardUrl(url);
    const resolver = new DefaultAgentCardResolver({ fetchImpl: this.fetchFor(base, { cardLimit: true }) });
    let card: AgentCard;
    try {
      card = await resolver.resolve(base, path);
    } catch (error) {
      if (error instanceof AgentsError) throw error;
      throw new AgentsError(AgentsErrorCode.REMOTE_CARD_INVALID, `The agent card at ${url} could not be read: ${messageOf(error)}`);
    }
    const json = AgentCard.toJSON(card) as Record<string, unknown>;
    const interfaces = (json.supportedInterfaces as Array<{ url?: string }> | undefined) ?? [];
    if (!card.name || interfaces.length === 0 || interfaces.some((i) => !i.url))
      throw new AgentsError(AgentsErrorCode.REMOTE_CARD_INVALID, `The agent card at ${url} has no name or no usable interface`);
    for (const entry of interfaces) await this.checkUrl(entry.url!);
    return json;
  }

  /** An SDK client for a stored remote card (cached until the card changes). */
  async clientFor(cardJson: Record<string, unknown>): Promise<Client> {
    const key = JSON.stringify(cardJson);
    const name = String(cardJson.name);
    const cached = this.clients.get(name);
    if (cached?.cardJson === key) return cached.client;
    const interfaces = (cardJson.supportedInterfaces as Array<{ url: string }> | undefined) ?? [];
    const host = new URL(interfaces[0]!.url).host;
    const fetchImpl = this.fetchFor(host);
    const factory = new ClientFactory(
      ClientFactoryOptions.createFrom(ClientFactoryOptions.default, {
        transports: [new JsonRpcTransportFactory({ fetchImpl }), new RestTransportFactory({ fetchImpl })],
      }),
    );
    const client = await factory.createFromAgentCard(AgentCard.fromJSON(cardJson));
    this.clients.set(name, { client, cardJson: key });
    return client;
  }

  /** Records the outcome of a call made with clientFor (A2A-level errors do not count as the peer being down). */
  breakerState(host: string): 'closed' | 'open' {
    const breaker = this.breakers.get(host);
    return breaker && breaker.openUntil > Date.now() ? 'open' : 'closed';
  }

  private async checkUrl(url: string): Promise<void> {
    try {
      await assertPublicUrl(url, { allowPrivate: this.options.allowPrivate });
    } catch (error) {
      if (error instanceof UrlNotAllowedError)
        throw new AgentsError(AgentsErrorCode.URL_NOT_ALLOWED, `${error.message} (set A2A_REMOTE_ALLOW_PRIVATE=true to allow)`, { url });
      throw error;
    }
  }

  private fetchFor(hostKey: string, opts: { cardLimit?: boolean } = {}): typeof fetch {
    return async (input, init) => {
      const breaker = this.breakers.get(hostKey) ?? { failures: 0, openUntil: 0 };
      if (breaker.openUntil > Date.now())
        throw new AgentsError(
          AgentsErrorCode.REMOTE_AGENT_UNAVAILABLE,
          `Remote agent at ${hostKey} is failing; circuit open for ${Math.ceil((breaker.openUntil - Date.now()) / 1000)} s`,
        );
      let lastError: unknown;
      for (let attempt = 0; attempt <= RETRY_DELAYS_MS.length; attempt++) {
        try {
          const signal = init?.signal
            ? AbortSignal.any([init.signal, AbortSignal.timeout(this.options.timeoutMs)])
            : AbortSignal.timeout(this.options.timeoutMs);
          const response = await fetch(input, { ...init, signal, redirect: 'error' });
          if ([502, 503, 504].includes(response.status) && attempt < RETRY_DELAYS_MS.length) {
            lastError = new Error(`HTTP ${response.status}`);
            await response.body?.cancel();
          } else {
            breaker.failures = 0;
            this.breakers.set(hostKey, breaker);
            if (opts.cardLimit) return limitBody(response);
            return response;
          }
        } catch (error) {
          lastError = error;
          if (init?.signal?.aborted) throw error;
          // Only connection failures are safe to retry: the request never reached the peer.
          if (!isConnectionError(error)) break;
        }
        const delay = RETRY_DELAYS_MS[attempt];
        if (delay !== undefined) await new Promise((resolve) => setTimeout(resolve, delay));
      }
      breaker.failures++;
      if (breaker.failures >= BREAKER_THRESHOLD) {
        breaker.openUntil = Date.now() + BREAKER_OPEN_MS;
        this.logger.warn(`circuit open for ${hostKey} after ${breaker.failures} failures`);
      }
      this.breakers.set(hostKey, breaker);
      throw new AgentsError(AgentsErrorCode.REMOTE_AGENT_UNAVAILABLE, `Remote agent at ${hostKey} did not answer: ${messageOf(lastError)}`);
    };
  }
}

function splitCardUrl(url: string): { base: string; path?: string } {
  const parsed = new URL(url);
  if (parsed.pathname.endsWith('.json')) return { base: parsed.origin, path: parsed.pathname + parsed.search };
  // The SDK resolves the card path relative to the base, so the base must end with a slash to keep its last segment.
  return { base: url.endsWith('/') ? url : `${url}/` };
}

async function limitBody(response: Response): Promise<Response> {
  const text = await response.text();
  if (text.length > MAX_CARD_BYTES) throw new AgentsError(AgentsErrorCode.REMOTE_CARD_INVALID, 'The agent card is larger than 512 KiB');
  return new Response(text, { status: response.status, headers: response.headers });
}

function isConnectionError(error: unknown): boolean {
  const code = (error as { cause?: { code?: string } })?.cause?.code;
  return code === 'ECONNREFUSED' || code === 'ECONNRESET' || code === 'EHOSTUNREACH' || code === 'ENOTFOUND' || code === 'UND_ERR_SOCKET';
}

function messageOf(error: unknown): string {
  if (error instanceof Error) return error.name === 'TimeoutError' ? 'timed out' : error.message;
  return String(error);
}
