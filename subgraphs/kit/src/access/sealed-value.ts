import crypto from 'node:crypto';
import { derivedKey } from './derived-keys';

/**
 * Sealed values (AES-256-GCM): what a subgraph hands a caller to give back later, unreadable and unforgeable by the
 * caller, e.g. civil affairs' verification health ticket (the health facts the graph delivered to a verification, to be
 * stored by the verifyHousehold mutation, which cannot `@requires` them). The key is derived (HKDF, derived-keys.ts: sealed-value-v1) from the gateway
 * signing key the subgraph server passes at start (the same on every replica and subgraph), domain-separated by
 * `purpose`, so a sealed value is never a cursor, a referral ticket or a gateway signature. Each value is bound to an
 * `aad` (authenticated, not stored: e.g. the caller and the record it is about) and carries its own expiry.
 */
const keyFor = (purpose: string) => Buffer.from(crypto.hkdfSync('sha256', derivedKey('sealed-value-v1'), 'aidgraph-sealed', purpose, 32));

/** Seal `value` (JSON) for `purpose`, bound to `aad`, valid until `expiresAt` (ms since the epoch): base64url text. */
export function sealValue(purpose: string, value: unknown, aad: string, expiresAt: number): string {
  const key = keyFor(purpose);
  const iv = crypto.randomBytes(12);
  const cipher = crypto.createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(aad, 'utf8'));
  const body = Buffer.concat([cipher.update(JSON.stringify({ e: expiresAt, v: value }), 'utf8'), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64url');
}

/**
 * The value of a sealed text this process's key sealed for `purpose` and `aad`, or why not: `BAD` (not one of ours,
 * altered, another purpose or binding) or `EXPIRED` (at `now`).
 */
export function openSealedValue<T = unknown>(purpose: string, sealed: string, aad: string, now = Date.now()): { value: T } | { error: 'BAD' | 'EXPIRED' } {
  try {
    const raw = Buffer.from(sealed, 'base64url');
    if (raw.length < 29 || raw.length > 65536) return { error: 'BAD' };
    const decipher = crypto.createDecipheriv('aes-256-gcm', keyFor(purpose), raw.subarray(0, 12));
    decipher.setAAD(Buffer.from(aad, 'utf8'));
    decipher.setAuthTag(raw.subarray(12, 28));
    const plain = Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
    const { e, v } = JSON.parse(plain) as { e: number; v: T };
    if (typeof e !== 'number' || now > e) return { error: 'EXPIRED' };
    return { value: v };
  } catch {
    return { error: 'BAD' };
  }
}
