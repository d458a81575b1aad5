import { SignJWT, importJWK, type JWK } from 'jose';
import { createTestKeys, type TestKeys } from '@aidgraph/subgraph-kit/testing';

/** Tokens that must all be refused, each with what is wrong with it. */
export async function forgedTokens(keys: TestKeys): Promise<{ label: string; header: string }[]> {
  const key = await importJWK(keys.privateJwk as JWK, 'ES256');
  const now = Math.floor(Date.now() / 1000);
  const sign = (claims: Record<string, unknown>, o: { iss?: string; aud?: string; exp?: number; iat?: number } = {}) =>
    new SignJWT({ role: 'auditor', ...claims })
      .setProtectedHeader({ alg: 'ES256', kid: keys.privateJwk.kid })
      .setSubject('intruder')
      .setIssuer(o.iss ?? keys.issuer)
      .setAudience(o.aud ?? keys.audience)
      .setIssuedAt(o.iat ?? now - 7200)
      .setExpirationTime(o.exp ?? now + 3600)
      .sign(key);
  const other = await createTestKeys(keys.issuer, keys.audience);
  const b64 = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
  return [
    { label: 'no token', header: '' },
    { label: 'not a bearer token', header: 'Basic YWRtaW46YWRtaW4=' },
    { label: 'signed by another key', header: `Bearer ${await other.token({ role: 'auditor' })}` },
    { label: 'alg none', header: `Bearer ${b64({ alg: 'none', typ: 'JWT' })}.${b64({ sub: 'x', role: 'auditor', iss: keys.issuer, aud: keys.audience, exp: now + 3600 })}.` },
    { label: 'expired', header: `Bearer ${await sign({}, { exp: now - 60 })}` },
    { label: 'living a hundred years', header: `Bearer ${await sign({}, { iat: now - 60, exp: now + 100 * 365 * 86400 })}` },
    { label: 'issued in the future', header: `Bearer ${await sign({}, { iat: now + 3600, exp: now + 7200 })}` },
    { label: 'wrong audience', header: `Bearer ${await sign({}, { aud: 'someone-else' })}` },
    { label: 'wrong issuer', header: `Bearer ${await sign({}, { iss: 'someone-else' })}` },
    { label: 'unknown role', header: `Bearer ${await sign({ role: 'superuser' })}` },
    { label: 'caseworker without a township', header: `Bearer ${await sign({ role: 'caseworker' })}` },
    { label: 'township approver without a township', header: `Bearer ${await sign({ role: 'township_approver' })}` },
    { label: 'village assistant without a village', header: `Bearer ${await sign({ role: 'village_assistant', township: '370281001' })}` },
    { label: 'village assistant of another township', header: `Bearer ${await sign({ role: 'village_assistant', village: '370281001001', township: '370281002' })}` },
    { label: 'tampered payload', header: `Bearer ${(await sign({ role: 'analyst' })).replace(/\.([^.]+)\./, (_m, p) => `.${b64({ ...JSON.parse(Buffer.from(p, 'base64url').toString()), role: 'auditor' })}.`)}` },
  ];
}
