import { SecretBox } from '@libs/crypto';

describe(SecretBox.name, () => {
  const box = new SecretBox('test-key-material');

  it('round-trips a secret and never stores it in clear', () => {
    const sealed = box.seal('p@ssw0rd');
    expect(sealed).not.toContain('p@ssw0rd');
    expect(box.open(sealed)).toBe('p@ssw0rd');
    expect(box.seal('p@ssw0rd')).not.toBe(sealed); // fresh IV each time
  });

  it('refuses a tampered value and a value sealed with another key', () => {
    const sealed = box.seal('secret');
    const parts = sealed.split('.');
    parts[3] = Buffer.from('xxxxxx').toString('base64url');
    expect(() => box.open(parts.join('.'))).toThrow();
    expect(() => new SecretBox('other').open(sealed)).toThrow();
  });
});
