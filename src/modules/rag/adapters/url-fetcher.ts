import { fetchPublic, TooManyRedirectsError, UrlNotAllowedError } from '@libs/net';
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
  const { response, url } = await fetchPublic(
    raw,
    { signal: AbortSignal.timeout(options.timeoutMs) },
    { allowPrivate: options.allowPrivate, maxRedirects: MAX_REDIRECTS },
  ).catch((error: Error) => {
    if (error instanceof UrlNotAllowedError)
      throw new RagError(RagErrorCode.URL_REJECTED, `${error.message} (RAG_URL_ALLOW_PRIVATE=true allows private addresses)`, {
        url: error.url,
      });
    if (error instanceof TooManyRedirectsError) throw new RagError(RagErrorCode.FETCH_FAILED, `${error.message} from ${raw}`);
    throw new RagError(
      RagErrorCode.FETCH_FAILED,
      `Fetching ${raw} failed: ${error.cause instanceof Error ? error.cause.message : error.message}`,
    );
  });
  if (!response.ok) {
    await response.body?.cancel();
    throw new RagError(RagErrorCode.FETCH_FAILED, `Fetching ${url} answered HTTP ${response.status}`, { url, status: response.status });
  }
  if (Number(response.headers.get('content-length') ?? 0) > options.maxBytes) {
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
  const last = new URL(url).pathname.split('/').filter(Boolean).pop() ?? '';
  // A malformed %-escape in the path keeps its raw form rather than failing the upload.
  const name =
    (() => {
      try {
        return decodeURIComponent(last);
      } catch {
        return last;
      }
    })() || new URL(url).hostname;
  return { bytes: Buffer.concat(parts), contentType: response.headers.get('content-type') ?? undefined, filename: name, url };
}

export function tooLarge(maxBytes: number): RagError {
  return new RagError(RagErrorCode.FILE_TOO_LARGE, `The document is larger than the limit of ${maxBytes} bytes (RAG_MAX_UPLOAD_BYTES)`, {
    maxBytes,
  });
}
