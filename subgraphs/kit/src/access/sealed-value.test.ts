import { setKeySource } from './derived-keys';
import { openSealedValue, sealValue } from './sealed-value';

describe('sealed values', () => {
  beforeAll(() => setKeySource('k'.repeat(40)));
  const future = Date.now() + 60_000;
  it('opens only for the same purpose and binding, unaltered and before its expiry', () => {
    const sealed = sealValue('p1', { grade: 1, since: '2026-03-02' }, 'caller|household|2026-06-15', future);
    expect(sealed).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(sealed).not.toContain('grade');
    expect(openSealedValue('p1', sealed, 'caller|household|2026-06-15')).toEqual({ value: { grade: 1, since: '2026-03-02' } });
    expect(openSealedValue('p2', sealed, 'caller|household|2026-06-15')).toEqual({ error: 'BAD' });
    expect(openSealedValue('p1', sealed, 'other|household|2026-06-15')).toEqual({ error: 'BAD' });
    const raw = Buffer.from(sealed, 'base64url');
    raw[raw.length - 1] ^= 1;
    expect(openSealedValue('p1', raw.toString('base64url'), 'caller|household|2026-06-15')).toEqual({ error: 'BAD' });
    expect(openSealedValue('p1', 'not-sealed', 'caller|household|2026-06-15')).toEqual({ error: 'BAD' });
    expect(openSealedValue('p1', sealed, 'caller|household|2026-06-15', future + 1)).toEqual({ error: 'EXPIRED' });
  });
  it('another key (another deployment) cannot open it', () => {
    const sealed = sealValue('p1', 1, 'a', future);
    setKeySource('x'.repeat(40));
    expect(openSealedValue('p1', sealed, 'a')).toEqual({ error: 'BAD' });
  });
});
