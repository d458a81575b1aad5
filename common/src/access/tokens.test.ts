import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { exportJWK, generateKeyPair, SignJWT, type JWK } from 'jose';
import { createTokenVerifier, signToken, verifiedTokenCache } from './tokens';

describe('verifiedTokenCache', () => {
  const alice = { subject: 'alice', role: 'auditor' as const };

  it('answers a kept token until its `until`, then forgets it', () => {
    let now = 1_000_000;
    const cache = verifiedTokenCache(10, () => now);
    cache.set('t1', { identity: alice, until: now + 5000 });
    expect(cache.get('t1')).toEqual(alice);
    now += 4999;
    expect(cache.get('t1')).toEqual(alice);
    now += 1;
    expect(cache.get('t1')).toBeUndefined();
    expect(cache.size).toBe(0);
    expect(cache.get('t2')).toBeUndefined();
  });

  it('keeps nothing already expired, and hands out copies', () => {
    const now = 5000;
    const cache = verifiedTokenCache(10, () => now);
    cache.set('old', { identity: alice, until: now });
    expect(cache.get('old')).toBeUndefined();
    cache.set('t', { identity: alice, until: now + 1 });
    const got = cache.get('t')!;
    got.role = 'analyst';
    expect(cache.get('t')!.role).toBe('auditor');
  });

  it('holds at most `max` tokens, the least recently used leaving first; 0 keeps none', () => {
    const cache = verifiedTokenCache(2, () => 0);
    cache.set('a', { identity: { ...alice, subject: 'a' }, until: 10 });
    cache.set('b', { identity: { ...alice, subject: 'b' }, until: 10 });
    expect(cache.get('a')?.subject).toBe('a'); // a is now the most recent
    cache.set('c', { identity: { ...alice, subject: 'c' }, until: 10 });
    expect(cache.size).toBe(2);
    expect(cache.get('b')).toBeUndefined();
    expect(cache.get('a')?.subject).toBe('a');
    expect(cache.get('c')?.subject).toBe('c');
    const none = verifiedTokenCache(0, () => 0);
    none.set('a', { identity: alice, until: 10 });
    expect(none.get('a')).toBeUndefined();
  });
});

describe('createTokenVerifier with its cache', () => {
  let dir: string;
  let privateJwk: JWK;
  const issuer = 'aidgraph-test';
  const audience = 'aidgraph';
  const settings = () => ({ jwksFile: path.join(dir, 'jwks.json'), issuer, audience, algorithms: ['ES256'], maxAge: '12h' });

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'aidgraph-token-cache-'));
    const { privateKey, publicKey } = await generateKeyPair('ES256', { extractable: true });
    privateJwk = { ...(await exportJWK(privateKey)), kid: 'k1', alg: 'ES256' };
    fs.writeFileSync(path.join(dir, 'jwks.json'), JSON.stringify({ keys: [{ ...(await exportJWK(publicKey)), kid: 'k1', alg: 'ES256', use: 'sig' }] }));
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('answers the same identity for a token seen again, and still refuses a token altered in one byte', async () => {
    const verify = await createTokenVerifier(settings());
    const token = await signToken(privateJwk, { subject: 'worker-7', role: 'caseworker', township: '370281001' }, issuer, audience);
    const first = await verify(`Bearer ${token}`);
    expect(first).toEqual({ subject: 'worker-7', role: 'caseworker', township: '370281001', department: undefined });
    expect(await verify(`Bearer ${token}`)).toEqual(first);
    const [h, p, sig] = token.split('.');
    const altered = `${h}.${p}.${sig.slice(0, -2)}${sig.endsWith('AA') ? 'BB' : 'AA'}`;
    await expect(verify(`Bearer ${altered}`)).rejects.toMatchObject({ extensions: { code: 'UNAUTHENTICATED' } });
    // claims changed, signature kept: another text, verified afresh and refused
    const forged = `${h}.${Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(p, 'base64url').toString()), role: 'auditor' })).toString('base64url')}.${sig}`;
    await expect(verify(`Bearer ${forged}`)).rejects.toMatchObject({ extensions: { code: 'UNAUTHENTICATED' } });
  });

  it('never keeps a refused token: an expired one is refused every time', async () => {
    const verify = await createTokenVerifier(settings());
    const key = await (await import('jose')).importJWK(privateJwk, 'ES256');
    const now = Math.floor(Date.now() / 1000);
    const expired = await new SignJWT({ role: 'auditor' })
      .setProtectedHeader({ alg: 'ES256', kid: 'k1' })
      .setSubject('old')
      .setIssuer(issuer)
      .setAudience(audience)
      .setIssuedAt(now - 3600)
      .setExpirationTime(now - 120)
      .sign(key);
    for (let i = 0; i < 2; i++) await expect(verify(`Bearer ${expired}`)).rejects.toMatchObject({ extensions: { code: 'UNAUTHENTICATED' } });
  });
});

describe('the township approver and village assistant claims', () => {
  let dir: string;
  let privateJwk: JWK;
  const issuer = 'aidgraph-test';
  const audience = 'aidgraph';

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'aidgraph-token-roles-'));
    const { privateKey, publicKey } = await generateKeyPair('ES256', { extractable: true });
    privateJwk = { ...(await exportJWK(privateKey)), kid: 'k1', alg: 'ES256' };
    fs.writeFileSync(path.join(dir, 'jwks.json'), JSON.stringify({ keys: [{ ...(await exportJWK(publicKey)), kid: 'k1', alg: 'ES256', use: 'sig' }] }));
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  const verifier = () => createTokenVerifier({ jwksFile: path.join(dir, 'jwks.json'), issuer, audience, algorithms: ['ES256'], maxAge: '12h', cacheSize: 0 });
  const sign = (claims: Parameters<typeof signToken>[1]) => signToken(privateJwk, claims, issuer, audience);

  it('carries a village assistant\'s village, and gives it its village\'s township', async () => {
    const verify = await verifier();
    const withTownship = await sign({ subject: 'va', role: 'village_assistant', village: '370281002205', township: '370281002' });
    expect(await verify(`Bearer ${withTownship}`)).toEqual({ subject: 'va', role: 'village_assistant', township: '370281002', village: '370281002205' });
    // the township claim may be left out: it is the village's first 9 digits
    const villageOnly = await sign({ subject: 'va', role: 'village_assistant', village: '370281002205' });
    expect(await verify(`Bearer ${villageOnly}`)).toEqual({ subject: 'va', role: 'village_assistant', township: '370281002', village: '370281002205' });
    const approver = await sign({ subject: 'ta', role: 'township_approver', township: '370281002', village: '370281002205' });
    // a township approver is scoped to its township; a village claim on another role means nothing
    expect(await verify(`Bearer ${approver}`)).toEqual({ subject: 'ta', role: 'township_approver', township: '370281002' });
  });

  it('refuses a village assistant without a valid village (or with another township) and an approver without a township', async () => {
    const verify = await verifier();
    for (const claims of [
      { subject: 'va', role: 'village_assistant' as const },
      { subject: 'va', role: 'village_assistant' as const, township: '370281002' },
      { subject: 'va', role: 'village_assistant' as const, village: '37028100220' },
      { subject: 'va', role: 'village_assistant' as const, village: '370281999205' },
      { subject: 'va', role: 'village_assistant' as const, village: '370281002205', township: '370281001' },
      { subject: 'ta', role: 'township_approver' as const },
      { subject: 'ta', role: 'township_approver' as const, township: '370281999' },
    ])
      await expect(verify(`Bearer ${await sign(claims)}`)).rejects.toMatchObject({ extensions: { code: 'UNAUTHENTICATED' } });
  });
});
