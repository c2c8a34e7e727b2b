import { createHash } from 'node:crypto';

/** Hex SHA-256 of a string (UTF-8) or bytes: API key digests, content hashes of documents and chunks. */
export const sha256Hex = (value: string | Buffer): string => createHash('sha256').update(value).digest('hex');
