import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const VERSION = 'v1';

/**
 * Encrypts secrets we must store (database passwords, provider keys, MCP tokens) with AES-256-GCM.
 * Output: `v1.<iv>.<tag>.<ciphertext>` in base64url, so a tampered value fails to decrypt instead of
 * decrypting to garbage.
 */
export class SecretBox {
  private readonly key: Buffer;

  constructor(keyMaterial: string) {
    // Any length of key material becomes a 256-bit key.
    this.key = createHash('sha256').update(keyMaterial).digest();
  }

  seal(plaintext: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    const data = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return [VERSION, iv, cipher.getAuthTag(), data].map((part) => (typeof part === 'string' ? part : part.toString('base64url'))).join('.');
  }

  open(sealed: string): string {
    const [version, iv, tag, data] = sealed.split('.');
    if (version !== VERSION || !iv || !tag || data === undefined) throw new Error('Not a sealed secret');
    const decipher = createDecipheriv('aes-256-gcm', this.key, Buffer.from(iv, 'base64url'));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(data, 'base64url')), decipher.final()]).toString('utf8');
  }
}

/** SECRETS_KEY when set; otherwise a key generated once into DATA_DIR/secrets.key (mode 0600). */
export function loadSecretBox(env: { SECRETS_KEY?: string; DATA_DIR: string }): SecretBox {
  if (env.SECRETS_KEY) return new SecretBox(env.SECRETS_KEY);
  const file = join(env.DATA_DIR, 'secrets.key');
  if (!existsSync(file)) {
    mkdirSync(env.DATA_DIR, { recursive: true });
    try {
      writeFileSync(file, randomBytes(32).toString('base64url'), { mode: 0o600, flag: 'wx' });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
  return new SecretBox(readFileSync(file, 'utf8').trim());
}
