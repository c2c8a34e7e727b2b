import { assertPublicUrl } from './public-url';

export interface WebhookDelivery {
  url: string;
  ok: boolean;
  attempts: number;
  error?: string;
}

const DEFAULT_RETRY_DELAYS_MS = [250, 1_000, 4_000];

/**
 * POSTs body to url, retrying 5xx, 429 and network failures with backoff; other 4xx answers and refused addresses
 * are final. Private, loopback and link-local targets are refused unless allowPrivate (checked on every attempt,
 * as DNS may change); redirects are not followed.
 */
export async function deliverWebhook(
  url: string,
  body: string,
  headers: Record<string, string>,
  options: { allowPrivate: boolean; timeoutMs: number; retryDelaysMs?: number[] },
): Promise<WebhookDelivery> {
  const delays = options.retryDelaysMs ?? DEFAULT_RETRY_DELAYS_MS;
  let error = '';
  for (let attempt = 1; attempt <= delays.length + 1; attempt++) {
    try {
      await assertPublicUrl(url, { allowPrivate: options.allowPrivate });
      const response = await fetch(url, {
        method: 'POST',
        headers,
        body,
        redirect: 'error',
        signal: AbortSignal.timeout(options.timeoutMs),
      });
      await response.body?.cancel();
      if (response.ok) return { url, ok: true, attempts: attempt };
      error = `HTTP ${response.status}`;
      if (response.status < 500 && response.status !== 429) return { url, ok: false, attempts: attempt, error };
    } catch (cause) {
      error = cause instanceof Error ? cause.message : String(cause);
      if (error.includes('private') || error.includes('allowed')) return { url, ok: false, attempts: attempt, error };
    }
    const delay = delays[attempt - 1];
    if (delay !== undefined) await new Promise((resolve) => setTimeout(resolve, delay));
  }
  return { url, ok: false, attempts: delays.length + 1, error };
}
