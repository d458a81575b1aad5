import crypto from 'node:crypto';
import { derivedKey } from '../access/derived-keys';

/**
 * 协同办理 referral tickets: the capability with which a department decides a referral in its own subgraph.
 *
 * The service centre (service-centre subgraph) refers an accepted application to each other department whose programme
 * was requested (one `Referral` per programme) and signs, for each, a ticket
 *
 *     base64url(JSON payload) + '.' + base64url(HMAC-SHA-256(ticketKey, 'aidgraph referral ticket v1\n' + base64url(JSON payload)))
 *
 * where ticketKey = HKDF-SHA-256(GATEWAY_SIGNING_KEY, salt "aidgraph", "referral-ticket-v1") (access/derived-keys.ts): the
 * subgraphs' shared gateway signing key (development: the shared key file, see resolveGatewaySigningKey), domain-separated so that a ticket's MAC
 * is never a gateway signature or a cursor key. The department's subgraph verifies the ticket with the same key: it
 * learns which referral (application, applicant, township, programme) it decides without asking the service centre, and
 * a ticket cannot be forged or moved to another department (the department is in the signed payload).
 * The subgraph server sets the key source at start (setKeySource); a process that never does (a tool) resolves it
 * from the environment as the server would.
 */
export const REFERRAL_TICKET_DOMAIN = 'aidgraph referral ticket v1';

/** What a ticket says (all strings; dates ISO YYYY-MM-DD). */
export interface ReferralTicketPayload {
  referralId: string;
  applicationId: string;
  /** the department the referral goes to (programmes.json department code) */
  department: string;
  /** the programme requested (programmes.json programme code) */
  programme: string;
  /** the applicant, a registry person id */
  applicantId: string;
  /** the township that took the application (9 digits): caseworkers of that township see the decision */
  townshipCode: string;
  /** the day the referral was made (acceptance day, China time) */
  createdOn: string;
  /** the applicant's household (registry Household id) when the application names it: a record of a member may be named */
  householdId?: string | null;
}

const FIELDS: (keyof ReferralTicketPayload)[] = ['referralId', 'applicationId', 'department', 'programme', 'applicantId', 'townshipCode', 'createdOn'];

/** The ticket key (access/derived-keys.ts: referral-ticket-v1, from the gateway signing key). */
const key = () => derivedKey('referral-ticket-v1');

function mac(body: string): Buffer {
  return crypto.createHmac('sha256', key()).update(`${REFERRAL_TICKET_DOMAIN}\n${body}`).digest();
}

/** The signed ticket of a referral (fields in a fixed order, so the same referral always gives the same ticket). */
export function signReferralTicket(p: ReferralTicketPayload): string {
  const ordered: Record<string, string> = {};
  for (const f of FIELDS) ordered[f] = String(p[f]);
  const signed: Record<string, string | null> = { ...ordered, householdId: p.householdId ?? null };
  const body = Buffer.from(JSON.stringify(signed), 'utf8').toString('base64url');
  return `${body}.${mac(body).toString('base64url')}`;
}

/**
 * The payload of a ticket this deployment signed, or null for anything else (malformed, forged, signed with another
 * key, a payload without every field). Constant-time comparison of the MAC.
 */
export function verifyReferralTicket(ticket: string | null | undefined): ReferralTicketPayload | null {
  if (typeof ticket !== 'string' || ticket.length > 4096) return null;
  const m = /^([A-Za-z0-9_-]+)\.([A-Za-z0-9_-]{43})$/.exec(ticket);
  if (!m) return null;
  const expected = mac(m[1]);
  const given = Buffer.from(m[2], 'base64url');
  if (given.length !== expected.length || !crypto.timingSafeEqual(given, expected)) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(m[1], 'base64url').toString('utf8'));
  } catch {
    return null;
  }
  if (!parsed || typeof parsed !== 'object') return null;
  const out = {} as ReferralTicketPayload;
  for (const f of FIELDS) {
    const v = (parsed as Record<string, unknown>)[f];
    if (typeof v !== 'string' || !v) return null;
    out[f] = v;
  }
  const household = (parsed as Record<string, unknown>).householdId;
  if (household !== undefined && household !== null && (typeof household !== 'string' || !household)) return null;
  out.householdId = (household as string | null | undefined) ?? null;
  return out;
}

/** The namespace of referral ids (a fixed random UUID). */
export const REFERRAL_ID_NAMESPACE = '6f1d3c2a-8b4e-4c7a-9e51-2d0b7a3f9c14';

/**
 * The id of the referral of application `applicationId` for `programme`: a UUID v5 (RFC 9562, SHA-1) of the namespace
 * REFERRAL_ID_NAMESPACE and the name `<applicationId in lower case>/<programme>`. Deterministic, so the service centre's
 * seed and every department's seed agree on the ids of the seeded referrals without asking each other, and one
 * application never gets two referrals of one programme.
 */
export function referralIdOf(applicationId: string, programme: string): string {
  return uuidV5(REFERRAL_ID_NAMESPACE, `${applicationId.toLowerCase()}/${programme}`);
}

/** A name-based UUID, version 5 (SHA-1; RFC 9562 section 5.5) of `name` (UTF-8) in `namespace`. */
export function uuidV5(namespace: string, name: string): string {
  const ns = Buffer.from(namespace.replace(/-/g, ''), 'hex');
  const hash = crypto.createHash('sha1').update(ns).update(name, 'utf8').digest();
  const b = Buffer.from(hash.subarray(0, 16));
  b[6] = (b[6] & 0x0f) | 0x50;
  b[8] = (b[8] & 0x3f) | 0x80;
  const h = b.toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}
