import fs from 'node:fs';
import {
  SignJWT,
  createLocalJWKSet,
  createRemoteJWKSet,
  importJWK,
  jwtVerify,
  type JWK,
  type JWTVerifyGetKey,
} from 'jose';
import { ensureDevKey } from './keys';
import { identityFromClaims, type Identity, type Role } from './identity';
import { unauthenticated } from '../errors';

/** Where the verifying keys come from and which tokens are acceptable. */
export interface TokenSettings {
  jwksFile?: string;
  jwksUrl?: string;
  /** development mode only: use (and create) the development key set in this folder */
  devKeysDir?: string;
  issuer: string;
  audience: string;
  /** pinned algorithms, e.g. ['ES256']; `none` is never accepted */
  algorithms: string[];
  /** the longest a token may live, from its `iat` (e.g. '12h'); a token issued in the future is refused too */
  maxAge?: string;
}

export type TokenVerifier = (authorization: string | undefined | null) => Promise<Identity>;

/**
 * Build a verifier for `Authorization: Bearer <jwt>` headers: signature against the configured key set, pinned
 * algorithms, expiry (a token without `exp` is refused), issuer and audience, and the AidGraph identity claims.
 * Any failure throws an UNAUTHENTICATED GraphQL error that says nothing about the token's content.
 */
export async function createTokenVerifier(s: TokenSettings): Promise<TokenVerifier> {
  let keys: JWTVerifyGetKey;
  if (s.jwksFile) keys = createLocalJWKSet(JSON.parse(fs.readFileSync(s.jwksFile, 'utf8')));
  else if (s.jwksUrl) keys = createRemoteJWKSet(new URL(s.jwksUrl));
  else keys = createLocalJWKSet((await ensureDevKey(s.devKeysDir)).publicJwks);
  const algorithms = s.algorithms.filter((a) => a.toLowerCase() !== 'none');
  return async (authorization) => {
    const m = /^Bearer ([A-Za-z0-9_\-]+\.[A-Za-z0-9_\-]+\.[A-Za-z0-9_\-]*)$/.exec(authorization?.trim() ?? '');
    if (!m) throw unauthenticated();
    try {
      const { payload } = await jwtVerify(m[1], keys, {
        issuer: s.issuer,
        audience: s.audience,
        algorithms,
        requiredClaims: ['exp', 'sub', 'iat'],
        maxTokenAge: s.maxAge ?? '12h',
        clockTolerance: 30,
      });
      if (typeof payload.iat === 'number' && typeof payload.exp === 'number') {
        const now = Date.now() / 1000;
        const lifetime = payload.exp - payload.iat;
        if (payload.iat > now + 30 || lifetime > maxAgeSeconds(s.maxAge ?? '12h')) throw new Error('lifetime');
      }
      const identity = identityFromClaims(payload);
      if (!identity) throw new Error('claims');
      return identity;
    } catch {
      throw unauthenticated('the bearer token is not valid here (signature, algorithm, expiry, issuer, audience or claims)');
    }
  };
}

/** What a token says about its holder (the `sub` is a staff account name). */
export interface TokenRequest {
  subject: string;
  role: Role;
  township?: string;
  department?: string;
  /** lifetime, e.g. '8h' (default) */
  expiresIn?: string;
}

/** Sign a token with a private JWK (the development key, or a test key). */
export async function signToken(privateJwk: JWK, t: TokenRequest, issuer: string, audience: string): Promise<string> {
  const key = await importJWK(privateJwk, 'ES256');
  const claims: Record<string, string> = { role: t.role };
  if (t.township) claims.township = t.township;
  if (t.department) claims.department = t.department;
  return new SignJWT(claims)
    .setProtectedHeader({ alg: 'ES256', kid: privateJwk.kid, typ: 'JWT' })
    .setSubject(t.subject)
    .setIssuer(issuer)
    .setAudience(audience)
    .setIssuedAt()
    .setExpirationTime(t.expiresIn ?? '8h')
    .sign(key);
}

function maxAgeSeconds(age: string): number {
  const m = /^(\d+)\s*(s|m|h|d)$/.exec(age.trim());
  if (!m) return 12 * 3600;
  return Number(m[1]) * { s: 1, m: 60, h: 3600, d: 86400 }[m[2] as 's' | 'm' | 'h' | 'd'];
}
