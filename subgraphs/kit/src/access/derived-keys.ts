import crypto from 'node:crypto';
import { resolveGatewaySigningKey } from './gateway-signature';

/**
 * The ONE place where the subgraphs' secret keys come from: each is derived (HKDF-SHA-256, salt "aidgraph") from the
 * gateway signing key, which every replica of every subgraph shares, under a purpose label of its own, so that keys of
 * different purposes are independent and the same on every replica and after a restart:
 *
 * - `list-cursor-v1`: list cursors (graphql/pagination.ts);
 * - `sealed-value-v1`: sealed values handed to callers (access/sealed-value.ts);
 * - `referral-ticket-v1`: referral tickets (referral/ticket.ts);
 * - `statistics-noise-v1`: the perturbation of published statistics (statistics/perturbation.ts): it must stay the
 *   same for as long as possible, since a new key draws new noise and two draws of the same cell can be averaged; so it
 *   has a secret of its own when STATISTICS_NOISE_KEY is set (the server passes it in `own`).
 *
 * The subgraph server sets the source at start (setKeySource, with its resolved GATEWAY_SIGNING_KEY); a process that
 * never does (a tool, a unit test) resolves it from the environment as the server would (development: the shared key
 * file of DEV_KEYS_DIR) — in production mode without GATEWAY_SIGNING_KEY that is an error, never a random key.
 */
let source: string | undefined;
let sourceOf: Record<string, string> = {};
const derived = new Map<string, Buffer>();

/**
 * Set the secret every key is derived from (the gateway signing key), and, in `own`, a secret of its own for some
 * purposes (e.g. `statistics-noise-v1` from STATISTICS_NOISE_KEY, so that rotating the signing key does not redraw the
 * noise); forgets the keys derived so far.
 */
export function setKeySource(gatewaySigningKey: string, own: Record<string, string | undefined> = {}): void {
  if (!gatewaySigningKey) throw new Error('setKeySource: an empty key');
  source = gatewaySigningKey;
  sourceOf = Object.fromEntries(Object.entries(own).filter((e): e is [string, string] => !!e[1]));
  derived.clear();
}

function keySource(): string {
  if (source === undefined) {
    const env = process.env;
    const secret = resolveGatewaySigningKey({ AIDGRAPH_MODE: env.AIDGRAPH_MODE ?? 'development', GATEWAY_SIGNING_KEY: env.GATEWAY_SIGNING_KEY, DEV_KEYS_DIR: env.DEV_KEYS_DIR });
    if (!secret) throw new Error('derived keys need GATEWAY_SIGNING_KEY (production mode)');
    setKeySource(secret);
  }
  return source!;
}

/** The 32-byte key for `purpose` (e.g. "list-cursor-v1"), derived from the key source (memoized). */
export function derivedKey(purpose: string): Buffer {
  let key = derived.get(purpose);
  if (!key) {
    key = Buffer.from(crypto.hkdfSync('sha256', sourceOf[purpose] ?? keySource(), 'aidgraph', purpose, 32));
    derived.set(purpose, key);
  }
  return key;
}
