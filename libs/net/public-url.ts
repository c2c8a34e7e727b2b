import { lookup } from 'node:dns/promises';
import ipaddr from 'ipaddr.js';

/** Thrown when a URL would reach an address the caller may not reach (SSRF guard). */
export class UrlNotAllowedError extends Error {
  constructor(
    message: string,
    readonly url: string,
  ) {
    super(message);
  }
}

/** Only the public unicast range is reachable; everything else (loopback, private, link-local incl. cloud metadata, ...) is not. */
export function isPublicAddress(address: string): boolean {
  if (!ipaddr.isValid(address)) return false;
  let parsed = ipaddr.parse(address);
  if (parsed.kind() === 'ipv6' && (parsed as ipaddr.IPv6).isIPv4MappedAddress()) parsed = (parsed as ipaddr.IPv6).toIPv4Address();
  return parsed.range() === 'unicast';
}

/**
 * Checks that url is http(s) and that every address its host resolves to is public, unless allowPrivate.
 * allowUnresolved accepts a name that does not resolve now (checked again when used). Returns the parsed URL. Resolution happens again at connect time, so a host that changes its answer
 * between check and use is still a risk; callers that need more pin the checked address.
 */
export async function assertPublicUrl(raw: string, options: { allowPrivate?: boolean; allowUnresolved?: boolean } = {}): Promise<URL> {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new UrlNotAllowedError('Not a valid URL', raw);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new UrlNotAllowedError('Only http and https URLs are allowed', raw);
  if (url.username || url.password) throw new UrlNotAllowedError('URLs with credentials are not allowed', raw);
  if (options.allowPrivate) return url;
  const host = url.hostname.replace(/^\[|\]$/g, '');
  let addresses: string[];
  try {
    addresses = ipaddr.isValid(host) ? [host] : (await lookup(host, { all: true })).map((entry) => entry.address);
  } catch {
    // A name that does not resolve yet cannot reach anything; callers that check again at use time may accept it.
    if (options.allowUnresolved) return url;
    throw new UrlNotAllowedError(`Host ${host} does not resolve`, raw);
  }
  const blocked = addresses.find((address) => !isPublicAddress(address));
  if (blocked) throw new UrlNotAllowedError(`${host} resolves to ${blocked}, a private, loopback or reserved address`, raw);
  return url;
}

/** Thrown by fetchPublic when a redirect chain is longer than allowed. */
export class TooManyRedirectsError extends Error {}

/**
 * fetch with the SSRF guard on the URL and on every redirect hop (redirects are followed here, never by fetch).
 * Resolves with the final response and its URL; rejects with UrlNotAllowedError, TooManyRedirectsError or
 * fetch's own network error.
 */
export async function fetchPublic(
  raw: string,
  init: Omit<RequestInit, 'redirect'>,
  options: { allowPrivate?: boolean; maxRedirects: number },
): Promise<{ response: Response; url: string }> {
  let url = raw;
  for (let hop = 0; hop <= options.maxRedirects; hop++) {
    await assertPublicUrl(url, { allowPrivate: options.allowPrivate });
    const response = await fetch(url, { ...init, redirect: 'manual' });
    const location = response.headers.get('location');
    if (response.status < 300 || response.status >= 400 || !location) return { response, url };
    await response.body?.cancel();
    url = new URL(location, url).toString();
  }
  throw new TooManyRedirectsError(`More than ${options.maxRedirects} redirects`);
}
