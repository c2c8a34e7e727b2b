import { DomainError } from '@libs/contracts';

export enum RagErrorCode {
  COLLECTION_NOT_FOUND = 'COLLECTION_NOT_FOUND',
  COLLECTION_EXISTS = 'COLLECTION_EXISTS',
  DOCUMENT_NOT_FOUND = 'DOCUMENT_NOT_FOUND',
  GRAPH_ENTITY_NOT_FOUND = 'GRAPH_ENTITY_NOT_FOUND',
  EMBEDDING_MODEL_NOT_FOUND = 'EMBEDDING_MODEL_NOT_FOUND',
  EMBEDDING_MODEL_INVALID = 'EMBEDDING_MODEL_INVALID',
  EMBEDDING_MODEL_EXISTS = 'EMBEDDING_MODEL_EXISTS',
  EMBEDDING_MODEL_IN_USE = 'EMBEDDING_MODEL_IN_USE',
  COLLECTION_INVALID = 'COLLECTION_INVALID',
  COLLECTION_BUSY = 'COLLECTION_BUSY',
  /** The bytes are not a format we parse (or none was recognised). */
  UNSUPPORTED_TYPE = 'UNSUPPORTED_TYPE',
  /** The file's name or declared type says one format, its bytes another. */
  TYPE_MISMATCH = 'TYPE_MISMATCH',
  CORRUPT_DOCUMENT = 'CORRUPT_DOCUMENT',
  ENCRYPTED_DOCUMENT = 'ENCRYPTED_DOCUMENT',
  /** An archive-based format (DOCX) that would expand past the limits: a zip bomb or just too big. */
  ARCHIVE_TOO_LARGE = 'ARCHIVE_TOO_LARGE',
  EMPTY_DOCUMENT = 'EMPTY_DOCUMENT',
  FILE_TOO_LARGE = 'FILE_TOO_LARGE',
  INVALID_FILENAME = 'INVALID_FILENAME',
  URL_REJECTED = 'URL_REJECTED',
  FETCH_FAILED = 'FETCH_FAILED',
  EMBEDDING_FAILED = 'EMBEDDING_FAILED',
  VECTOR_STORE_UNAVAILABLE = 'VECTOR_STORE_UNAVAILABLE',
  MODEL_NOT_CONFIGURED = 'MODEL_NOT_CONFIGURED',
  INGESTION_INTERRUPTED = 'INGESTION_INTERRUPTED',
  /** Upload metadata that cannot become Chroma metadata; answered as BAD_REQUEST, the code clients have always seen. */
  METADATA_INVALID = 'BAD_REQUEST',
}

export class RagError extends DomainError {
  constructor(
    readonly code: RagErrorCode,
    message: string,
    details?: Record<string, unknown>,
  ) {
    super(message, details);
  }

  get status(): number {
    switch (this.code) {
      case RagErrorCode.METADATA_INVALID:
        return 400;
      case RagErrorCode.COLLECTION_NOT_FOUND:
      case RagErrorCode.DOCUMENT_NOT_FOUND:
      case RagErrorCode.GRAPH_ENTITY_NOT_FOUND:
      case RagErrorCode.EMBEDDING_MODEL_NOT_FOUND:
        return 404;
      case RagErrorCode.COLLECTION_EXISTS:
      case RagErrorCode.EMBEDDING_MODEL_EXISTS:
      case RagErrorCode.EMBEDDING_MODEL_IN_USE:
      case RagErrorCode.COLLECTION_BUSY:
        return 409;
      case RagErrorCode.FILE_TOO_LARGE:
      case RagErrorCode.ARCHIVE_TOO_LARGE:
        return 413;
      case RagErrorCode.UNSUPPORTED_TYPE:
        return 415;
      case RagErrorCode.TYPE_MISMATCH:
      case RagErrorCode.CORRUPT_DOCUMENT:
      case RagErrorCode.ENCRYPTED_DOCUMENT:
      case RagErrorCode.EMPTY_DOCUMENT:
      case RagErrorCode.INVALID_FILENAME:
      case RagErrorCode.URL_REJECTED:
      case RagErrorCode.EMBEDDING_MODEL_INVALID:
      case RagErrorCode.COLLECTION_INVALID:
        return 422;
      case RagErrorCode.FETCH_FAILED:
      case RagErrorCode.EMBEDDING_FAILED:
        return 502;
      case RagErrorCode.VECTOR_STORE_UNAVAILABLE:
      case RagErrorCode.MODEL_NOT_CONFIGURED:
        return 503;
      case RagErrorCode.INGESTION_INTERRUPTED:
        return 500;
    }
  }
}
