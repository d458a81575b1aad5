import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { exportJWK, generateKeyPair, type JWK } from 'jose';
import { signToken, type TokenRequest } from '../access/tokens';

/** A throw-away signing key for tests, its JWKS file, and a signer for tokens of any role. */
export interface TestKeys {
  jwksFile: string;
  privateJwk: JWK;
  issuer: string;
  audience: string;
  token(t: Partial<TokenRequest> & Pick<TokenRequest, 'role'>): Promise<string>;
}

export async function createTestKeys(issuer = 'aidgraph-test', audience = 'aidgraph'): Promise<TestKeys> {
  const { privateKey } = await generateKeyPair('ES256', { extractable: true });
  const privateJwk = { ...(await exportJWK(privateKey)), kid: 'test-key', alg: 'ES256' };
  const { d: _d, ...publicJwk } = privateJwk;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'aidgraph-keys-'));
  const jwksFile = path.join(dir, 'jwks.json');
  fs.writeFileSync(jwksFile, JSON.stringify({ keys: [publicJwk] }));
  return {
    jwksFile,
    privateJwk,
    issuer,
    audience,
    token: (t) => signToken(privateJwk, { subject: `test-${t.role}`, ...t }, issuer, audience),
  };
}
