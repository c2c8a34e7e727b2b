import { PlatformApi } from '@agentic/sdk';

export const api = PlatformApi;
export type ProblemDetails = PlatformApi.ProblemDetails;

/** An API error: the platform's RFC 9457 problem details, kept whole so pages can show them. */
export class ProblemError extends Error {
  constructor(readonly problem: ProblemDetails) {
    super(problem.detail ?? problem.title);
  }
}

/** Unwraps an SDK answer: its data on 2xx, a ProblemError otherwise. */
export async function call<T = void>(promise: Promise<{ status: number; data?: T | ProblemDetails | unknown }>): Promise<T> {
  const res = await promise;
  if (res.status >= 400) throw new ProblemError(asProblem(res.status, res.data));
  return res.data as T;
}

export function asProblem(status: number, data: unknown): ProblemDetails {
  if (data && typeof data === 'object' && 'title' in data && 'code' in data) return data as ProblemDetails;
  return { type: 'about:blank', title: typeof data === 'string' && data ? data : `HTTP ${status}`, status, code: `HTTP_${status}` };
}

export function toProblem(error: unknown): ProblemDetails {
  if (error instanceof ProblemError) return error.problem;
  return { type: 'about:blank', title: error instanceof Error ? error.message : String(error), status: 0, code: 'CLIENT_ERROR' };
}

// ---- session: access + refresh tokens in sessionStorage (this tab only), refreshed silently before expiry ----

interface Session {
  accessToken: string;
  refreshToken: string;
  /** Epoch ms when the access token expires. */
  expiresAt: number;
}

const KEY = 'agentic.session';
let session: Session | null = load();
let refreshTimer: ReturnType<typeof setTimeout> | undefined;
let refreshing: Promise<boolean> | null = null;
const listeners = new Set<() => void>();

function load(): Session | null {
  try {
    const raw = sessionStorage.getItem(KEY);
    return raw ? (JSON.parse(raw) as Session) : null;
  } catch {
    return null;
  }
}

function save(next: Session | null): void {
  session = next;
  if (next) sessionStorage.setItem(KEY, JSON.stringify(next));
  else sessionStorage.removeItem(KEY);
  schedule();
  for (const listener of listeners) listener();
}

function schedule(): void {
  clearTimeout(refreshTimer);
  if (!session) return;
  // A minute before expiry (or at 80% of a short lifetime), never sooner than in a second.
  const remaining = session.expiresAt - Date.now();
  const lead = Math.min(60_000, remaining * 0.2);
  refreshTimer = setTimeout(() => void refresh(), Math.max(1_000, remaining - lead));
}

export function onSessionChange(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export const isSignedIn = () => session !== null;
export const accessToken = () => session?.accessToken;

export async function signIn(email: string, password: string): Promise<void> {
  const tokens = await call<PlatformApi.TokenPairDto>(api.login({ email, password }));
  save({ accessToken: tokens.accessToken, refreshToken: tokens.refreshToken, expiresAt: Date.now() + tokens.expiresIn * 1000 });
}

export async function signOut(): Promise<void> {
  const current = session;
  save(null);
  if (current) await api.logout({ refreshToken: current.refreshToken }).catch(() => undefined);
}

/** Exchanges the refresh token for a new pair; signs out when the platform refuses it. */
export function refresh(): Promise<boolean> {
  refreshing ??= (async () => {
    const current = session;
    if (!current) return false;
    try {
      const res = await api.refreshTokens({ refreshToken: current.refreshToken });
      if (res.status !== 200) {
        save(null);
        return false;
      }
      const tokens = res.data as PlatformApi.TokenPairDto;
      save({ accessToken: tokens.accessToken, refreshToken: tokens.refreshToken, expiresAt: Date.now() + tokens.expiresIn * 1000 });
      return true;
    } catch {
      return false;
    } finally {
      refreshing = null;
    }
  })();
  return refreshing;
}

// The SDK's fetch: adds the bearer token, and on a 401 refreshes once and retries.
const baseFetch: typeof fetch = (input, init) => fetch(input, init);
api.defaults.baseUrl = '';
api.defaults.fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
  const url = String(input instanceof Request ? input.url : input);
  const withToken = (): RequestInit => {
    const headers = new Headers(init?.headers);
    if (session && !url.includes('/auth/login') && !url.includes('/auth/refresh'))
      headers.set('authorization', `Bearer ${session.accessToken}`);
    return { ...init, headers };
  };
  let res = await baseFetch(input, withToken());
  if (res.status === 401 && session && !url.includes('/auth/') && (await refresh())) res = await baseFetch(input, withToken());
  return res;
};
schedule();

/** Authenticated fetch for what the SDK cannot express (multipart uploads, SSE streams). */
export function authFetch(path: string, init: RequestInit = {}): Promise<Response> {
  return api.defaults.fetch!(path, init);
}

/** WebSocket URL on this origin; browsers cannot set headers on an upgrade, so the token rides in ?token=. */
export function socketUrl(path: string, params: Record<string, string> = {}): string {
  const url = new URL(path, window.location.href);
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  for (const [k, v] of Object.entries({ ...params, token: session?.accessToken ?? '' })) url.searchParams.set(k, v);
  return url.toString();
}

/** Reads a server-sent event stream (fetch, so the Authorization header goes along), one callback per event. */
export async function readEventStream(
  path: string,
  onEvent: (event: { event: string; data: string; id?: string }) => void,
  signal?: AbortSignal,
): Promise<void> {
  const res = await authFetch(path, { headers: { accept: 'text/event-stream' }, signal });
  if (!res.ok || !res.body) throw new ProblemError(asProblem(res.status, await res.json().catch(() => undefined)));
  const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    buffer += value;
    let end: number;
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      let event = 'message';
      let id: string | undefined;
      const data: string[] = [];
      for (const line of block.split('\n')) {
        if (line.startsWith('event:')) event = line.slice(6).trim();
        else if (line.startsWith('data:')) data.push(line.slice(5).trimStart());
        else if (line.startsWith('id:')) id = line.slice(3).trim();
      }
      if (data.length) onEvent({ event, data: data.join('\n'), id });
    }
  }
}
