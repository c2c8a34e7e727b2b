type Fetch = (input: string | URL, init?: RequestInit) => Promise<Response>;

/**
 * Wraps a fetch so each request gets an AbortSignal of its own, linked to the one the caller passed. Some clients
 * (the MCP SDK's Streamable HTTP transport) pass one long-lived signal to every request; Node's fetch removes its
 * abort listener from that signal only when the request is garbage-collected, so under load thousands pile up on
 * it (MaxListenersExceededWarning, and every abort walks them all). Here the caller's signal holds one listener
 * per request still in flight: removed when the response body ends, or at once when there is none.
 */
export function withRequestSignals<F extends Fetch>(fetchImpl: F): F {
  const wrapped: Fetch = async (input, init) => {
    const outer = init?.signal;
    if (!outer || outer.aborted) return fetchImpl(input, init);
    const inner = new AbortController();
    const forward = () => inner.abort(outer.reason);
    outer.addEventListener('abort', forward, { once: true });
    const release = () => outer.removeEventListener('abort', forward);
    let response: Response;
    try {
      response = await fetchImpl(input, { ...init, signal: inner.signal });
    } catch (error) {
      release();
      throw error;
    }
    if (!response.body) {
      release();
      return response;
    }
    const body = response.body.pipeThrough(
      new TransformStream<Uint8Array, Uint8Array>({
        flush: release,
      }),
    );
    // A body dropped half-read keeps its listener until the outer signal aborts or is collected, as before.
    return new Response(body, { status: response.status, statusText: response.statusText, headers: response.headers });
  };
  return wrapped as F;
}
