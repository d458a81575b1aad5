import crypto from 'node:crypto';
import { derivedKey, setKeySource } from './derived-keys';

const hkdf = (secret: string, purpose: string) => Buffer.from(crypto.hkdfSync('sha256', secret, 'aidgraph', purpose, 32));

describe('derived keys', () => {
  afterAll(() => setKeySource('test-gateway-signing-key-0123456789abcdef'));

  it('derives each purpose from the gateway signing key (HKDF, salt aidgraph), or from a secret of its own', () => {
    const gateway = 'g'.repeat(40);
    const noise = 'n'.repeat(40);
    setKeySource(gateway, { 'statistics-noise-v1': noise });
    expect(derivedKey('list-cursor-v1').equals(hkdf(gateway, 'list-cursor-v1'))).toBe(true);
    expect(derivedKey('statistics-noise-v1').equals(hkdf(noise, 'statistics-noise-v1'))).toBe(true);
    expect(derivedKey('list-cursor-v1').equals(derivedKey('sealed-value-v1'))).toBe(false);
    // rotating the signing key changes the keys derived from it, not the noise key that has its own secret
    const before = derivedKey('statistics-noise-v1');
    setKeySource('h'.repeat(40), { 'statistics-noise-v1': noise });
    expect(derivedKey('statistics-noise-v1').equals(before)).toBe(true);
    expect(derivedKey('list-cursor-v1').equals(hkdf(gateway, 'list-cursor-v1'))).toBe(false);
    // without one (STATISTICS_NOISE_KEY unset), the noise key comes from the signing key too
    setKeySource(gateway, { 'statistics-noise-v1': undefined });
    expect(derivedKey('statistics-noise-v1').equals(hkdf(gateway, 'statistics-noise-v1'))).toBe(true);
  });

  it('refuses an empty key source', () => {
    expect(() => setKeySource('')).toThrow('an empty key');
  });
});
