import crypto from 'node:crypto';
import { derivedKey } from '../access/derived-keys';

/**
 * Cell-key perturbation of published statistics (the method of the Australian Bureau of Statistics' TableBuilder and of
 * the 2021 UK census): every figure a statistics or fund-use query publishes — but the auditor's exact tables — is the
 * true figure plus a small noise that depends only on WHICH records the cell holds, so that
 *
 * - differencing is noisy: a table minus another, a margin minus the other cells of its row, a linear program over every
 *   table an analyst can ask (the attack that recovered groups of 1-4 people through exact complements) gives the
 *   hidden figure plus the sum of several noises, never the figure itself;
 * - asking again does not average the noise away: the same records give the same noise in every query, whatever
 *   dimensions, filters or order of groupBy describe them (the noise is a function of the records, not of the query), and
 *   across replicas and restarts (the key is derived from the gateway signing key: access/derived-keys.ts);
 * - small cells stay suppressed (suppression.ts): perturbation is on top of suppression, never instead of it.
 *
 * The record key of a record is uuid_hash(its person's id): PostgreSQL's own hash of a uuid (hash_any over its 16
 * bytes, Bob Jenkins' lookup3: a signed 32-bit integer), computed by PostgreSQL and, on SQLite, by `recordKey` below
 * registered as the SQL function aid_record_key (db/data-source.ts): the same integer on both databases, for the price
 * of a sum (within the noise of a million-row GROUP BY on PostgreSQL; hashtext of the id as text costs 160-400 ms more,
 * an HMAC in SQL 800 ms). It is not secret; the secret is in the
 * draw: the cell key is the sum of the cell's record keys modulo 2^32, and the noise of a measure is read from
 * HMAC-SHA-256(statistics-noise-v1 key, measure, cell key, true figure) — not of the query, so that the same records
 * published by two queries carry the same noise. Without the key, knowing the people of a cell tells nothing of its
 * noise. The key is STATISTICS_NOISE_KEY's, or derived from the gateway signing key (access/derived-keys.ts).
 *
 * The noise (published figures, for every role but the auditor):
 * - a count of people or records n ≥ 1: n + d, d ∈ {−2, −1, 0, +1, +2} with probabilities 0.1, 0.2, 0.4, 0.2, 0.1
 *   (variance 1.2), never below k for a cell of k or more people (a published cell never looks like a suppressed one)
 *   nor below 1; records are drawn apart from people unless they are equal (then the same figure), and never published
 *   below the people;
 * - a sum of money s (fen) over records whose published count is n' for n true: s + (n' − n) × m + e, m the largest
 *   single amount of the cell, |e| ≤ m / 2 (uniform, in whole fen, exact integer arithmetic), never below 0.01 yuan
 *   when s > 0; a cell whose amounts are all 0 (a marginal household) is 0.00 exactly. The count's noise is carried
 *   into the sum because a sum alone gives the count away where everyone is paid the same standard amount A (tekun,
 *   a school stage's grant): the sum over A, rounded, is then the published count, never the true one (a hostile
 *   review decoded every open tekun cell exactly before). One person's amount, taken as the difference of two cells,
 *   is known only to within the largest amount of either.
 *
 * What it does not do: a caller who can ask for very many different cells that differ by the same one person (different
 * filters around the same record) gets that many noisy differences; their average tends to the person's figure. The
 * gateway's per-caller rate limits bound the number of such queries; the auditor, who sees exact tables, sees the rows too.
 */

/** The modulus of cell keys. */
const KEY_SPACE = 2n ** 32n;

const rot = (x: number, k: number) => ((x << k) | (x >>> (32 - k))) >>> 0;

/**
 * PostgreSQL's hash_any over `k` (hash_bytes: Bob Jenkins' lookup3, as on a little-endian server — every PostgreSQL on
 * x86 and ARM), a signed 32-bit integer: hashtext(text) is it over the UTF-8 bytes, uuid_hash(uuid) over the 16 bytes.
 */
export function hashBytes(k: Uint8Array): number {
  let len = k.length;
  let a = (0x9e3779b9 + len + 3923095) >>> 0;
  let b = a;
  let c = a;
  let o = 0;
  const word = (i: number) => (k[i] | (k[i + 1] << 8) | (k[i + 2] << 16) | (k[i + 3] << 24)) >>> 0;
  while (len >= 12) {
    a = (a + word(o)) >>> 0;
    b = (b + word(o + 4)) >>> 0;
    c = (c + word(o + 8)) >>> 0;
    // mix(a, b, c)
    a = (a - c) >>> 0; a = (a ^ rot(c, 4)) >>> 0; c = (c + b) >>> 0;
    b = (b - a) >>> 0; b = (b ^ rot(a, 6)) >>> 0; a = (a + c) >>> 0;
    c = (c - b) >>> 0; c = (c ^ rot(b, 8)) >>> 0; b = (b + a) >>> 0;
    a = (a - c) >>> 0; a = (a ^ rot(c, 16)) >>> 0; c = (c + b) >>> 0;
    b = (b - a) >>> 0; b = (b ^ rot(a, 19)) >>> 0; a = (a + c) >>> 0;
    c = (c - b) >>> 0; c = (c ^ rot(b, 4)) >>> 0; b = (b + a) >>> 0;
    o += 12;
    len -= 12;
  }
  // the last bytes (the lowest byte of c is left for the length, as in lookup3)
  if (len >= 11) c = (c + (k[o + 10] << 24)) >>> 0;
  if (len >= 10) c = (c + (k[o + 9] << 16)) >>> 0;
  if (len >= 9) c = (c + (k[o + 8] << 8)) >>> 0;
  if (len >= 8) b = (b + (k[o + 7] << 24)) >>> 0;
  if (len >= 7) b = (b + (k[o + 6] << 16)) >>> 0;
  if (len >= 6) b = (b + (k[o + 5] << 8)) >>> 0;
  if (len >= 5) b = (b + k[o + 4]) >>> 0;
  if (len >= 4) a = (a + (k[o + 3] << 24)) >>> 0;
  if (len >= 3) a = (a + (k[o + 2] << 16)) >>> 0;
  if (len >= 2) a = (a + (k[o + 1] << 8)) >>> 0;
  if (len >= 1) a = (a + k[o]) >>> 0;
  // final(a, b, c)
  c = (c ^ b) >>> 0; c = (c - rot(b, 14)) >>> 0;
  a = (a ^ c) >>> 0; a = (a - rot(c, 11)) >>> 0;
  b = (b ^ a) >>> 0; b = (b - rot(a, 25)) >>> 0;
  c = (c ^ b) >>> 0; c = (c - rot(b, 16)) >>> 0;
  a = (a ^ c) >>> 0; a = (a - rot(c, 4)) >>> 0;
  b = (b ^ a) >>> 0; b = (b - rot(a, 14)) >>> 0;
  c = (c ^ b) >>> 0; c = (c - rot(b, 24)) >>> 0;
  return c | 0;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The record key of a person id (a uuid): PostgreSQL's uuid_hash(id), hash_any over its 16 bytes; registered on SQLite
 * as aid_record_key. (An id that is not a uuid, which PostgreSQL would refuse to cast, is hashed as its UTF-8 text.)
 */
export function recordKey(id: string): number {
  return hashBytes(UUID.test(id) ? Buffer.from(id.replace(/-/g, ''), 'hex') : Buffer.from(id, 'utf8'));
}

/** The SQL of a record's key from the SQL expression of its person: the same integer on PostgreSQL and SQLite. */
export function recordKeySql(person: string, postgres: boolean): string {
  return postgres ? `uuid_hash(CAST(${person} AS uuid))` : `aid_record_key(${person})`;
}

/** The cell key of a sum of record keys (decimal text or bigint, as the database returned it): 0 ≤ key < 2^32. */
export function cellKeyOf(sum: string | bigint | number | null | undefined): bigint {
  if (sum === null || sum === undefined) return 0n;
  const s = BigInt(typeof sum === 'number' ? Math.trunc(sum) : sum);
  return ((s % KEY_SPACE) + KEY_SPACE) % KEY_SPACE;
}

/** The figures of one cell, true (`people`, `count`, `amountFen`), with what its noise is drawn from. */
export interface PerturbableCell {
  people: number;
  count: number;
  /** the exact sum in fen (decimal text), or null when the query has no amount */
  amountFen: string | null;
  /** the cell key (cellKeyOf the sum of its record keys) */
  cellKey: bigint;
  /** the largest single amount of the cell in fen (decimal text), for the scale of the sum's noise */
  maxFen: string | null;
}

/**
 * A uniform 32-bit draw for (measure, cell key, true figure). Not for the query: the same records published by two
 * queries (an enrolment table and the fund use of the same payments) get the same noise, not two draws to average.
 */
function draw(measure: string, cellKey: bigint, figure: string): number {
  return crypto.createHmac('sha256', derivedKey('statistics-noise-v1')).update(`${measure}\n${cellKey}\n${figure}`).digest().readUInt32BE(0);
}

/** The noise of a count from a 32-bit draw: −2, −1, 0, +1, +2 with probabilities 0.1, 0.2, 0.4, 0.2, 0.1. */
export function countNoise(u: number): number {
  const [t1, t2, t3, t4] = COUNT_THRESHOLDS;
  return u < t1 ? -2 : u < t2 ? -1 : u < t3 ? 0 : u < t4 ? 1 : 2;
}

/** The cumulative probabilities 0.1, 0.3, 0.7, 0.9 as 32-bit thresholds. */
const COUNT_THRESHOLDS = [0.1, 0.3, 0.7, 0.9].map((p) => Math.round(p * 2 ** 32));

/** A published count: n + d, never below k when n ≥ k, never below 1 when n ≥ 1; 0 stays 0. */
function publishedCount(n: number, d: number, minCell: number): number {
  if (n <= 0) return n;
  return Math.max(n + d, n >= minCell ? minCell : 1, 1);
}

/**
 * The published figures of a cell that is not suppressed (see the header): people, records and the sum in fen, with
 * k = `minCell`. The same for every query that publishes the same records.
 */
export function perturbCell(cell: PerturbableCell, minCell: number): { people: number; count: number; amountFen: string | null } {
  const people = publishedCount(cell.people, countNoise(draw('people', cell.cellKey, String(cell.people))), minCell);
  const count = cell.count === cell.people ? people : Math.max(publishedCount(cell.count, countNoise(draw('records', cell.cellKey, String(cell.count))), minCell), people);
  let amountFen: string | null = null;
  if (cell.amountFen !== null) {
    const s = BigInt(cell.amountFen);
    const max = BigInt(cell.maxFen ?? '0');
    // the records' applied noise, in largest amounts, then e = max × (2u − 2^32) / 2^33 (|e| ≤ max / 2, truncated toward
    // zero, exact integer arithmetic): where every amount is the same A (a standard payment), the sum divided by A gives
    // back the published records, never the true ones
    const u = BigInt(draw('amount', cell.cellKey, cell.amountFen));
    let v = s + BigInt(count - cell.count) * max + (max * (2n * u - 2n ** 32n)) / 2n ** 33n;
    if (s > 0n && v < 1n) v = 1n;
    if (s <= 0n) v = s;
    amountFen = v.toString();
  }
  return { people, count, amountFen };
}
