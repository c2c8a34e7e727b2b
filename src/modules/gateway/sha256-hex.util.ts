import { createHash } from 'node:crypto';

/** Hex SHA-256: how refresh tokens and API keys (high-entropy secrets) are stored. */
export const sha256Hex = (value: string): string => createHash('sha256').update(value).digest('hex');
