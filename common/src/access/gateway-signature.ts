import fs from 'node:fs';
import path from 'node:path';
import crypto from 'node:crypto';
import { DEFAULT_DEV_KEYS_DIR } from './keys';

/**
 * The gateway's signature on each subgraph request: subgraphs accept `_entities` (and with it every `@requires` value a
 * representation carries) and, in production, `_service` only from the gateway.
 *
 * Header `x-aidgraph-gateway: v1;t=<unix ms>;sig=<64 hex>` where
 *   sig = HMAC-SHA-256(GATEWAY_SIGNING_KEY, "v1\n" + t + "\n" + subgraph + "\n" + requestId + "\n"
 *                      + sha256hex(authorization) + "\n" + sha256hex(body))
 * - `body` is the exact bytes of the HTTP request body the gateway sent (so the signature cannot be moved to another
 *   query or other representations);
 * - `subgraph` is the receiving subgraph's name (a request signed for education is refused by medical);
 * - `requestId` is the `x-request-id` header sent with it, `authorization` the `Authorization` header (so a captured
 *   request cannot be replayed under another caller's token);
 * - `t` must be within GATEWAY_SIGNATURE_SKEW_MS (60 s) of the subgraph's clock, either way.
 * A signature that is missing, malformed, stale, from the future, for another subgraph/body/token or made with another
 * key is treated as absent. Within the 60 s window a captured request can be replayed verbatim (same body, token and
 * caller): use TLS between gateway and subgraphs where the network is not trusted.
 */
export const GATEWAY_SIGNATURE_HEADER = 'x-aidgraph-gateway';
/** How far the signature's timestamp may be from the subgraph's clock (milliseconds, either direction). */
export const GATEWAY_SIGNATURE_SKEW_MS = 60_000;
/** The shortest GATEWAY_SIGNING_KEY accepted (characters). */
export const GATEWAY_SIGNING_KEY_MIN_LENGTH = 32;
const DEV_FILE = 'gateway-signing-key';

export interface GatewaySignatureInput {
  /** the receiving subgraph's name, e.g. `medical` */
  subgraph: string;
  /** the `x-request-id` header sent with the request ('' when none) */
  requestId: string;
  /** the `Authorization` header sent with the request ('' when none) */
  authorization: string;
  /** the exact request body bytes */
  body: string | Buffer | Uint8Array;
}

const sha256hex = (data: string | Buffer | Uint8Array) => crypto.createHash('sha256').update(data).digest('hex');

function mac(key: string, t: number, input: GatewaySignatureInput): string {
  const message = ['v1', String(t), input.subgraph, input.requestId, sha256hex(input.authorization), sha256hex(input.body)].join('\n');
  return crypto.createHmac('sha256', key).update(message).digest('hex');
}

/** The value of the `x-aidgraph-gateway` header for one request, signed at `now` (unix ms). */
export function signGatewayRequest(key: string, input: GatewaySignatureInput, now: number = Date.now()): string {
  const t = Math.floor(now);
  return `v1;t=${t};sig=${mac(key, t, input)}`;
}

/** Why a gateway signature was not accepted (`ok` when it was). */
export type GatewaySignatureVerdict = 'ok' | 'MISSING' | 'MALFORMED' | 'STALE' | 'BAD_SIGNATURE';

/**
 * Check a request's `x-aidgraph-gateway` header: 'ok' only for a well-formed v1 signature by `key` over this very
 * request, made within `skewMs` of `now`. Constant-time comparison.
 */
export function verifyGatewayRequest(
  key: string,
  header: string | string[] | undefined,
  input: GatewaySignatureInput,
  now: number = Date.now(),
  skewMs: number = GATEWAY_SIGNATURE_SKEW_MS,
): GatewaySignatureVerdict {
  if (header === undefined || header === '') return 'MISSING';
  if (Array.isArray(header)) return 'MALFORMED';
  const m = /^v1;t=(\d{1,16});sig=([0-9a-f]{64})$/.exec(header);
  if (!m) return 'MALFORMED';
  const t = Number(m[1]);
  if (!Number.isSafeInteger(t) || Math.abs(now - t) > skewMs) return 'STALE';
  const expected = Buffer.from(mac(key, t, input), 'hex');
  const given = Buffer.from(m[2], 'hex');
  return expected.length === given.length && crypto.timingSafeEqual(expected, given) ? 'ok' : 'BAD_SIGNATURE';
}

/**
 * The gateway signing key in development: read from `<DEV_KEYS_DIR>/gateway-signing-key`, created on first use
 * (48 random bytes, base64url; written to a temporary file with mode 0600 and hard-linked into place, so processes
 * starting together agree on one key). Production never uses it: GATEWAY_SIGNING_KEY is required there.
 */
export function ensureDevGatewaySigningKey(dir: string = DEFAULT_DEV_KEYS_DIR): string {
  const file = path.join(dir, DEV_FILE);
  if (!fs.existsSync(file)) {
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
    const tmp = `${file}.${process.pid}.${crypto.randomBytes(4).toString('hex')}`;
    fs.writeFileSync(tmp, crypto.randomBytes(48).toString('base64url'), { mode: 0o600 });
    try {
      fs.linkSync(tmp, file);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    } finally {
      fs.unlinkSync(tmp);
    }
  }
  const key = fs.readFileSync(file, 'utf8').trim();
  if (key.length < GATEWAY_SIGNING_KEY_MIN_LENGTH) throw new Error(`${file}: the development gateway signing key is too short`);
  return key;
}

/**
 * The gateway signing key a process uses: GATEWAY_SIGNING_KEY when set; otherwise, in development only, the
 * development key file (see ensureDevGatewaySigningKey). In production an unset key is a configuration error, which
 * the caller reports (this returns undefined).
 */
export function resolveGatewaySigningKey(config: { AIDGRAPH_MODE: string; GATEWAY_SIGNING_KEY?: string; DEV_KEYS_DIR?: string }): string | undefined {
  if (config.GATEWAY_SIGNING_KEY) return config.GATEWAY_SIGNING_KEY;
  if (config.AIDGRAPH_MODE === 'production') return undefined;
  return ensureDevGatewaySigningKey(config.DEV_KEYS_DIR ?? DEFAULT_DEV_KEYS_DIR);
}
