import { lookup } from 'node:dns/promises';
import ipaddr from 'ipaddr.js';
import type { OAuthDiscoveryState } from '@modelcontextprotocol/sdk/client/auth.js';
import type { FetchLike } from '@modelcontextprotocol/sdk/shared/transport.js';
import { isPublicAddress } from '@libs/net';

/** Thrown when an MCP server's OAuth metadata or an OAuth request would break the platform's safety rules. */
export class OAuthPolicyError extends Error {
  constructor(
    message: string,
    readonly url?: string,
  ) {
    super(message);
    this.name = 'OAuthPolicyError';
  }
}

export interface OAuthNetworkPolicy {
  /** The MCP server's URL. Its origin is reached as configured (like the MCP traffic); its host is trusted for OAuth too. */
  serverUrl: string;
  /** Let OAuth endpoints on other hosts than the MCP server's resolve to private, loopback or link-local addresses. */
  allowPrivate: boolean;
}

const MAX_REDIRECTS = 3;

/** localhost, *.localhost, 127.0.0.0/8 and ::1: where plain http is acceptable (OAuth 2.1 / the MCP spec). */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  if (host === 'localhost' || host.endsWith('.localhost')) return true;
  if (!ipaddr.isValid(host)) return false;
  let parsed = ipaddr.parse(host);
  if (parsed.kind() === 'ipv6' && (parsed as ipaddr.IPv6).isIPv4MappedAddress()) parsed = (parsed as ipaddr.IPv6).toIPv4Address();
  return parsed.range() === 'loopback';
}

/** An OAuth endpoint must be https, or http on a loopback host; no credentials in the URL. Returns it parsed. */
export function checkOAuthEndpoint(raw: string | URL, what: string): URL {
  let url: URL;
  try {
    url = new URL(String(raw));
  } catch {
    throw new OAuthPolicyError(`${what} is not a valid URL`, String(raw));
  }
  if (url.username || url.password) throw new OAuthPolicyError(`${what} carries credentials in its URL`, url.href);
  if (url.protocol === 'https:') return url;
  if (url.protocol === 'http:' && isLoopbackHost(url.hostname)) return url;
  throw new OAuthPolicyError(`${what} ${url.href} must use https (plain http is accepted on loopback only)`, url.href);
}

/**
 * Whether the platform may send a request to url: every address its host resolves to must be public, unless the
 * host is the MCP server's own (the admin chose it) or allowPrivate. DNS answers can change between this check
 * and the connection; the same limit as libs/net's guard.
 */
async function checkReachable(url: URL, policy: OAuthNetworkPolicy): Promise<void> {
  if (policy.allowPrivate) return;
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (host.toLowerCase() === new URL(policy.serverUrl).hostname.replace(/^\[|\]$/g, '').toLowerCase()) return;
  let addresses: string[];
  try {
    addresses = ipaddr.isValid(host) ? [host] : (await lookup(host, { all: true })).map((entry) => entry.address);
  } catch {
    throw new OAuthPolicyError(`OAuth host ${host} does not resolve`, url.href);
  }
  const blocked = addresses.find((address) => !isPublicAddress(address));
  if (blocked)
    throw new OAuthPolicyError(
      `OAuth endpoint ${url.origin} resolves to ${blocked}, a private, loopback or reserved address (MCP_OAUTH_ALLOW_PRIVATE=true allows it)`,
      url.href,
    );
}

/**
 * The fetch the MCP transport and the SDK's OAuth code use. Requests to the MCP server's own origin pass as before.
 * Any other origin (protected-resource metadata named by a 401, the authorization server's metadata, registration
 * and token endpoints) must be https (or loopback http) and resolve to a public address (see checkReachable).
 * Redirects are followed here, hop by hop with the same checks, and only for GET: a POST (registration, token) is
 * never re-sent to where a redirect points.
 */
export function guardedOAuthFetch(policy: OAuthNetworkPolicy, base: FetchLike = fetch): FetchLike {
  const serverOrigin = new URL(policy.serverUrl).origin;
  return async (input, init) => {
    // The transport handles redirects of its own MCP requests (same origin only): leave those to it.
    if (init?.redirect === 'manual' && new URL(String(input)).origin === serverOrigin) return base(input, init);
    let url = new URL(String(input));
    const method = (init?.method ?? 'GET').toUpperCase();
    for (let hop = 0; hop <= MAX_REDIRECTS; hop++) {
      if (url.origin !== serverOrigin) {
        checkOAuthEndpoint(url, 'OAuth endpoint');
        await checkReachable(url, policy);
      }
      const response = await base(url, { ...init, redirect: 'manual' });
      const location = response.headers.get('location');
      if (response.status < 300 || response.status >= 400 || !location) return response;
      if (method !== 'GET' && method !== 'HEAD') return response;
      await response.body?.cancel();
      url = new URL(location, url);
    }
    throw new OAuthPolicyError(`More than ${MAX_REDIRECTS} redirects during OAuth discovery`, url.href);
  };
}

/** Two authorization server identifiers are the same when their parsed URLs are, tolerating one trailing slash. */
export function sameIssuer(a: string, b: string): boolean {
  let [x, y] = [a, b];
  try {
    [x, y] = [new URL(a).href, new URL(b).href];
  } catch {
    // compared as written
  }
  const strip = (value: string) => value.replace(/\/$/, '');
  return strip(x) === strip(y);
}

/**
 * Checks what discovery found before anything is sent to the authorization server (called from the provider's
 * saveDiscoveryState, which the SDK's auth() calls right after discovery):
 * - the authorization server URL and every endpoint in its metadata are https (or loopback http);
 * - the metadata's issuer is the authorization server it was fetched for (RFC 8414 section 3.3), so one server's
 *   metadata cannot impersonate another (mix-up). Without protected-resource metadata (the 2025-03-26 flow, where
 *   the MCP server's origin is the authorization server) an issuer on the MCP server's own origin is accepted.
 */
export function checkDiscovery(state: OAuthDiscoveryState, serverUrl: string): void {
  const authorizationServer = checkOAuthEndpoint(state.authorizationServerUrl, 'Authorization server');
  const metadata = state.authorizationServerMetadata as Record<string, unknown> | undefined;
  if (!metadata) return;
  const issuer = typeof metadata.issuer === 'string' ? metadata.issuer : '';
  const legacySameOrigin = !state.resourceMetadata && safeOrigin(issuer) === new URL(serverUrl).origin;
  if (!sameIssuer(issuer, authorizationServer.href) && !legacySameOrigin)
    throw new OAuthPolicyError(
      `Authorization server metadata names issuer ${issuer || '(none)'} but was fetched for ${authorizationServer.href}`,
      authorizationServer.href,
    );
  for (const field of ['authorization_endpoint', 'token_endpoint', 'registration_endpoint', 'revocation_endpoint']) {
    const value = metadata[field];
    if (typeof value === 'string') checkOAuthEndpoint(value, field);
  }
}

function safeOrigin(raw: string): string | undefined {
  try {
    return new URL(raw).origin;
  } catch {
    return undefined;
  }
}
