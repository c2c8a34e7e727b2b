import { assertPublicUrl, UrlNotAllowedError } from '@libs/net';
import { RagError, RagErrorCode } from 'src/modules/rag/rag.errors';

const MAX_REDIRECTS = 3;

export interface FetchedDocument {
  bytes: Buffer;
  contentType?: string;
  filename: string;
  url: string;
}

/**
 * Downloads a document for ingestion: http(s) only, every hop checked against private addresses (unless
 * allowed), a size cap enforced while streaming, and a time limit.
 */
export async function fetchDocument(
  raw: string,
  options: { allowPrivate: boolean; maxBytes: number; timeoutMs: number },
): Promise<FetchedDocument> {
  let url = raw;
  const signal = AbortSignal.timeout(options.timeoutMs);
  for (let hop = 0; hop <= MAX_REDIRECTS; hop++) {
    try {
      await assertPublicUrl(url, { allowPrivate: options.allowPrivate });
    } catch (error) {
      if (error instanceof UrlNotAllowedError)
        throw new RagError(RagErrorCode.URL_REJECTED, `${error.message} (RAG_URL_ALLOW_PRIVATE=true allows private addresses)`, { url });
      throw error;
    }
    const response = await fetch(url, { redirect: 'manual', signal }).catch((error: Error) => {
      throw new RagError(
        RagErrorCode.FETCH_FAILED,
        `Fetching ${url} failed: ${error.cause instanceof Error ? error.cause.message : error.message}`,
      );
    });
    const location = response.headers.get('location');
    if (response.status >= 300 && response.status < 400 && location) {
      await response.body?.cancel();
      url = new URL(location, url).toString();
      continue;
    }
    if (!response.ok) {
      await response.body?.cancel();
      throw new RagError(RagErrorCode.FETCH_FAILED, `Fetching ${url} answered HTTP ${response.status}`, { url, status: response.status });
    }
    const declared = Number(response.headers.get('content-length') ?? 0);
    if (declared > options.maxBytes) {
      await response.body?.cancel();
      throw tooLarge(options.maxBytes);
    }
    const parts: Buffer[] = [];
    let size = 0;
    for await (const part of response.body ?? []) {
      size += part.byteLength;
      if (size > options.maxBytes) throw tooLarge(options.maxBytes);
      parts.push(Buffer.from(part));
    }
    const name = decodeURIComponent(new URL(url).pathname.split('/').filter(Boolean).pop() ?? '') || new URL(url).hostname;
    return { bytes: Buffer.concat(parts), contentType: response.headers.get('content-type') ?? undefined, filename: name, url };
  }
  throw new RagError(RagErrorCode.FETCH_FAILED, `More than ${MAX_REDIRECTS} redirects from ${raw}`);
}

export function tooLarge(maxBytes: number): RagError {
  return new RagError(RagErrorCode.FILE_TOO_LARGE, `The document is larger than the limit of ${maxBytes} bytes (RAG_MAX_UPLOAD_BYTES)`, {
    maxBytes,
  });
}
