import { createSecretKey, randomBytes, type KeyObject } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Env } from '@libs/config';

/**
 * The HS256 key for access tokens, as a KeyObject (a string secret makes jsonwebtoken try to parse it as a
 * public key on every verify: ms instead of µs). JWT_SECRET wins; in embedded mode one is generated once
 * into DATA_DIR so restarts keep sessions valid. Split mode requires JWT_SECRET (checked in loadEnv).
 */
export function loadJwtKey(env: Pick<Env, 'JWT_SECRET' | 'DATA_DIR'>): KeyObject {
  if (env.JWT_SECRET) return createSecretKey(Buffer.from(env.JWT_SECRET));
  const file = join(env.DATA_DIR, 'jwt-secret');
  if (!existsSync(file)) {
    mkdirSync(env.DATA_DIR, { recursive: true });
    writeFileSync(file, randomBytes(48).toString('base64url'), { mode: 0o600, flag: 'wx' });
  }
  return createSecretKey(Buffer.from(readFileSync(file, 'utf8').trim()));
}
