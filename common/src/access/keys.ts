import fs from 'node:fs';
import path from 'node:path';
import crypto from 'node:crypto';
import { exportJWK, generateKeyPair, type JWK } from 'jose';

/**
 * Development signing keys. In development mode the first process to start creates one ES256 key pair in
 * DEV_KEYS_DIR (default: `.dev/keys` at the repository root); every other process reads it. The creation is atomic
 * (a hard link that fails when the file exists), so subgraphs and the gateway starting together agree on one key.
 * Production never uses these: it is configured with JWKS_FILE or JWKS_URL, and `npm run token` refuses to run.
 */
export const DEFAULT_DEV_KEYS_DIR = path.resolve(__dirname, '../../../.dev/keys');
const FILE = 'dev-signing-key.json';

export interface DevKey {
  privateJwk: JWK;
  publicJwks: { keys: JWK[] };
}

export async function ensureDevKey(dir: string = DEFAULT_DEV_KEYS_DIR): Promise<DevKey> {
  const file = path.join(dir, FILE);
  if (!fs.existsSync(file)) {
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
    const { privateKey } = await generateKeyPair('ES256', { extractable: true });
    const jwk = await exportJWK(privateKey);
    const kid = crypto.createHash('sha256').update(JSON.stringify([jwk.x, jwk.y])).digest('base64url').slice(0, 16);
    const tmp = `${file}.${process.pid}.${crypto.randomBytes(4).toString('hex')}`;
    fs.writeFileSync(tmp, JSON.stringify({ ...jwk, kid, alg: 'ES256', use: 'sig' }), { mode: 0o600 });
    try {
      fs.linkSync(tmp, file);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    } finally {
      fs.unlinkSync(tmp);
    }
  }
  const privateJwk = JSON.parse(fs.readFileSync(file, 'utf8')) as JWK;
  const { d: _d, ...publicJwk } = privateJwk;
  return { privateJwk, publicJwks: { keys: [publicJwk] } };
}
