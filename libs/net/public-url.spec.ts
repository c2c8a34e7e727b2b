import { assertPublicUrl, isPublicAddress, UrlNotAllowedError } from '@libs/net';

describe('public URL guard', () => {
  it.each([
    '127.0.0.1',
    '10.1.2.3',
    '172.16.0.1',
    '192.168.1.1',
    '169.254.169.254',
    '::1',
    'fd00::1',
    '::ffff:127.0.0.1',
    '0.0.0.0',
    '100.64.0.1',
  ])('refuses %s', (address) => expect(isPublicAddress(address)).toBe(false));

  it.each(['8.8.8.8', '1.1.1.1', '2606:4700:4700::1111'])('accepts %s', (address) => expect(isPublicAddress(address)).toBe(true));

  it('refuses localhost names, non-http schemes and credentials; allowPrivate lifts only the address check', async () => {
    await expect(assertPublicUrl('http://localhost:8080/hook')).rejects.toThrow(UrlNotAllowedError);
    await expect(assertPublicUrl('http://[::1]/x')).rejects.toThrow(/loopback|private/);
    await expect(assertPublicUrl('file:///etc/passwd')).rejects.toThrow(/http/);
    await expect(assertPublicUrl('http://user:pw@8.8.8.8/')).rejects.toThrow(/credentials/);
    await expect(assertPublicUrl('not a url')).rejects.toThrow(/valid/);
    await expect(assertPublicUrl('http://127.0.0.1:9/x', { allowPrivate: true })).resolves.toBeInstanceOf(URL);
    await expect(assertPublicUrl('http://8.8.8.8/x')).resolves.toBeInstanceOf(URL);
  });
});
