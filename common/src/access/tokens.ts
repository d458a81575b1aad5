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
import { LRUCache } from 'lru-cache';
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
  /**
   * how many verified tokens to keep (default TOKEN_CACHE_SIZE; 0: none): a token seen again is not verified again
   * until its `exp` (see `verifiedTokenCache`)
   */
  cacheSize?: number;
}

/** The verified tokens a verifier keeps by default. */
export const TOKEN_CACHE_SIZE = 10_000;

/** A verified token's identity, and until when (unix ms) it may be used without verifying the token again. */
export interface VerifiedToken {
  identity: Identity;
  until: number;
}

/**
 * The identities of tokens already verified, keyed by the token's exact text (the signature is part of it, so a token
 * that differs in any byte is verified afresh): at most `max` tokens (the least recently used go first), each until
 * its `exp`, never past `iat` + the longest lifetime. Failed verifications are not kept. A token stays accepted until
 * then even if its key leaves the key set (tokens are not revoked in AidGraph: their lifetime, JWT_MAX_AGE, bounds it).
 * `now` is for tests.
 */
export function verifiedTokenCache(max: number, now: () => number = Date.now) {
  const cache = max > 0 ? new LRUCache<string, VerifiedToken>({ max }) : undefined;
  return {
    /** the identity of `token` if it was verified and is not past its `until` (a copy: callers may not share it) */
    get(token: string): Identity | undefined {
      const hit = cache?.get(token);
      if (!hit) return undefined;
      if (hit.until <= now()) {
        cache!.delete(token);
        return undefined;
      }
      return { ...hit.identity };
    },
    set(token: string, verified: VerifiedToken): void {
      if (cache && verified.until > now()) cache.set(token, { identity: { ...verified.identity }, until: verified.until });
    },
    get size(): number {
      return cache?.size ?? 0;
    },
  };
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
  // an ES256 verification and a zod parse per request (and per subgraph fetch) are done once per token instead
  const verified = verifiedTokenCache(s.cacheSize ?? TOKEN_CACHE_SIZE);
  return async (authorization) => {
    const m = /^Bearer ([A-Za-z0-9_\-]+\.[A-Za-z0-9_\-]+\.[A-Za-z0-9_\-]*)$/.exec(authorization?.trim() ?? '');
    if (!m) throw unauthenticated();
    const known = verified.get(m[1]);
    if (known) return known;
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
      // requiredClaims: exp and iat are numbers here
      verified.set(m[1], { identity, until: Math.min(payload.exp!, payload.iat! + maxAgeSeconds(s.maxAge ?? '12h')) * 1000 });
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
  /** 9-digit township code: a caseworker's or township approver's (a village assistant's is its village's first 9 digits) */
  township?: string;
  /** 12-digit village code: a village assistant's */
  village?: string;
  department?: string;
  /** lifetime, e.g. '8h' (default) */
  expiresIn?: string;
}

/** Sign a token with a private JWK (the development key, or a test key). */
export async function signToken(privateJwk: JWK, t: TokenRequest, issuer: string, audience: string): Promise<string> {
  const key = await importJWK(privateJwk, 'ES256');
  const claims: Record<string, string> = { role: t.role };
  if (t.township) claims.township = t.township;
  if (t.village) claims.village = t.village;
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
