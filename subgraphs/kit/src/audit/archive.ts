import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { LessThan, type DataSource } from 'typeorm';
import { AuditEntry } from './audit-entry.entity';
import { GENESIS_HASH, hashEntry } from './chain';
import { writeTransaction } from '../db/transaction';

/** The repository's `data/` folder (development defaults of the audit files). */
const DATA_DIR = path.resolve(__dirname, '../../../../data');

/**
 * Default checkpoint file of a subgraph in development: `<repo>/data/<subgraph>.audit-head.json` for its default
 * database, `<file>.audit-head.json` beside another SQLite file (so that each database has its own), none for
 * PostgreSQL or an in-memory database (configure AUDIT_CHECKPOINT_FILE or AUDIT_CHECKPOINT_REDIS_URL).
 */
export function defaultCheckpointFile(subgraph: string, databaseUrl?: string): string | undefined {
  const byDefault = path.join(DATA_DIR, `${subgraph}.audit-head.json`);
  if (!databaseUrl) return byDefault;
  const m = /^sqlite:(.+)$/.exec(databaseUrl);
  if (!m || m[1] === ':memory:' || m[1].startsWith('file::memory')) return undefined;
  const file = path.resolve(m[1]);
  return file === path.join(DATA_DIR, `${subgraph}.sqlite`) ? byDefault : `${file}.audit-head.json`;
}

/** Default archive folder of a subgraph: `<repo>/data/audit-archive/<subgraph>`. */
export function defaultArchiveDir(subgraph: string): string {
  return path.join(DATA_DIR, 'audit-archive', subgraph);
}

/**
 * The seal of one archived segment (`<name>.seal.json` beside `<name>.jsonl.gz`): the segment's first and last seq,
 * count, the hash its first entry chains to, its last entry's hash, the SHA-256 of the segment file, and an
 * HMAC-SHA-256 over all of it with the checkpoint key (plain SHA-256 without a key).
 */
export interface SegmentSeal {
  file: string;
  firstSeq: number;
  lastSeq: number;
  count: number;
  firstPrevHash: string;
  lastHash: string;
  sha256: string;
  sealedAt: string;
  sig: string;
}

type SealContent = Omit<SegmentSeal, 'sig'>;

function sealSignature(s: SealContent, key?: string): string {
  const text = JSON.stringify(['aidgraph-audit-seal', s.file, s.firstSeq, s.lastSeq, s.count, s.firstPrevHash, s.lastHash, s.sha256, s.sealedAt]);
  return (key ? crypto.createHmac('sha256', key) : crypto.createHash('sha256')).update(text).digest('hex');
}

function segmentName(first: number, last: number): string {
  return `audit-${String(first).padStart(12, '0')}-${String(last).padStart(12, '0')}`;
}

async function writeAtomically(file: string, data: Buffer | string): Promise<void> {
  const tmp = `${file}.${process.pid}.${crypto.randomBytes(4).toString('hex')}.tmp`;
  await fs.promises.writeFile(tmp, data, { mode: 0o600 });
  await fs.promises.rename(tmp, file);
}

/** Options of `archiveAuditLog`. */
export interface ArchiveOptions {
  /** the folder of this subgraph's segments */
  dir: string;
  /** entries older than this many days are archived */
  retentionDays: number;
  /** the chain key (AUDIT_CHAIN_KEY): the entries are verified before they are sealed */
  chainKey?: string;
  /** the key of the seals (AUDIT_CHECKPOINT_KEY, else AUDIT_CHAIN_KEY) */
  sealKey?: string;
  /** the time to count the retention from (default now) */
  now?: Date;
  /** the most entries in one segment (default 100,000) */
  segmentSize?: number;
}

/** What `archiveAuditLog` did. */
export interface ArchiveReport {
  segments: SegmentSeal[];
  entries: number;
}

/**
 * Move the audit entries older than the retention out of the hot table into sealed, gzipped JSON Lines segments
 * (one JSON array of the row per line: seq, at, subject, role, scope, operation, requestId, kind, personIds, detail,
 * prevHash, hash). The newest entry always stays in the table, so the chain continues there from the last segment's
 * hash. Each segment is written (atomically, with its seal) before its rows are deleted; the rows are verified first
 * (seq, previous hash, own hash) and an archive that does not continue the sealed segments is refused.
 */
export async function archiveAuditLog(db: DataSource, o: ArchiveOptions): Promise<ArchiveReport> {
  const now = o.now ?? new Date();
  const cutoff = new Date(now.getTime() - o.retentionDays * 86_400_000).toISOString();
  const size = o.segmentSize ?? 100_000;
  const repo = db.getRepository(AuditEntry);
  await fs.promises.mkdir(o.dir, { recursive: true });
  const sealed = await readSeals(o.dir);
  const previous = sealed[sealed.length - 1];
  const report: ArchiveReport = { segments: [], entries: 0 };
  const head = await repo.find({ order: { seq: 'DESC' }, take: 1 });
  if (!head.length) return report;
  let expectedSeq = previous ? previous.lastSeq + 1 : 1;
  let prevHash = previous ? previous.lastHash : GENESIS_HASH;
  for (;;) {
    const rows = await repo.find({ where: { at: LessThan(cutoff) }, order: { seq: 'ASC' }, take: size });
    const batch = rows.filter((r) => r.seq < head[0].seq);
    if (!batch.length) return report;
    for (const r of batch) {
      if (r.seq !== expectedSeq) throw new Error(`cannot archive: entry ${expectedSeq} is missing (run audit:verify)`);
      if (r.prevHash !== prevHash) throw new Error(`cannot archive: entry ${r.seq} does not continue the chain (run audit:verify)`);
      const { hash, ...content } = r;
      if (hashEntry(content, o.chainKey) !== hash) throw new Error(`cannot archive: entry ${r.seq} does not match its hash (run audit:verify)`);
      prevHash = hash;
      expectedSeq++;
    }
    const first = batch[0];
    const last = batch[batch.length - 1];
    const name = segmentName(first.seq, last.seq);
    const lines = batch.map((r) => JSON.stringify([r.seq, r.at, r.subject, r.role, r.scope, r.operation, r.requestId, r.kind, r.personIds, r.detail, r.prevHash, r.hash])).join('\n') + '\n';
    const gz = zlib.gzipSync(Buffer.from(lines, 'utf8'));
    const content: SealContent = {
      file: `${name}.jsonl.gz`, firstSeq: first.seq, lastSeq: last.seq, count: batch.length, firstPrevHash: first.prevHash,
      lastHash: last.hash, sha256: crypto.createHash('sha256').update(gz).digest('hex'), sealedAt: now.toISOString(),
    };
    const seal: SegmentSeal = { ...content, sig: sealSignature(content, o.sealKey) };
    await writeAtomically(path.join(o.dir, content.file), gz);
    await writeAtomically(path.join(o.dir, `${name}.seal.json`), JSON.stringify(seal, null, 1) + '\n');
    await writeTransaction(db, (tx) =>
      tx.getRepository(AuditEntry).createQueryBuilder().delete().where('seq >= :a AND seq <= :b', { a: first.seq, b: last.seq }).execute(),
    );
    report.segments.push(seal);
    report.entries += batch.length;
    if (batch.length < size) return report;
  }
}

/** The seals in `dir`, in order of their first seq (an unreadable seal is returned with NaN seqs). */
export async function readSeals(dir: string): Promise<SegmentSeal[]> {
  let names: string[];
  try {
    names = await fs.promises.readdir(dir);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw e;
  }
  const seals: SegmentSeal[] = [];
  for (const n of names.filter((f) => f.endsWith('.seal.json')).sort()) {
    try {
      seals.push(JSON.parse(await fs.promises.readFile(path.join(dir, n), 'utf8')) as SegmentSeal);
    } catch {
      seals.push({ file: n.replace(/\.seal\.json$/, '.jsonl.gz'), firstSeq: NaN, lastSeq: NaN, count: 0, firstPrevHash: '', lastHash: '', sha256: '', sealedAt: '', sig: '' });
    }
  }
  return seals.sort((a, b) => a.firstSeq - b.firstSeq);
}

/** One archived entry, as a row. */
function rowOf(a: unknown[]): AuditEntry {
  const [seq, at, subject, role, scope, operation, requestId, kind, personIds, detail, prevHash, hash] = a as [number, string, string, string, string | null, string | null, string, string, string, string, string, string];
  return Object.assign(new AuditEntry(), { seq, at, subject, role, scope, operation, requestId, kind, personIds, detail, prevHash, hash });
}

/** Read the entries of a segment file (no checks). */
export async function readSegment(dir: string, seal: SegmentSeal): Promise<AuditEntry[]> {
  const gz = await fs.promises.readFile(path.join(dir, seal.file));
  return zlib.gunzipSync(gz).toString('utf8').split('\n').filter(Boolean).map((l) => rowOf(JSON.parse(l) as unknown[]));
}

/** What verifying the archive found. */
export interface ArchiveVerification {
  ok: boolean;
  segments: number;
  entries: number;
  /** where the table's chain must continue from (the last segment's last seq + 1 and hash) */
  next: { seq: number; prevHash: string };
  problem?: string;
}

/**
 * Verify the sealed segments of `dir`, oldest first: each seal's signature, each file's SHA-256 against its seal, each
 * entry's seq, previous hash and own hash, and that the segments follow each other from seq 1 without a gap. A missing,
 * edited or re-ordered segment (or a deleted entry in one) is reported with the first problem found.
 */
export async function verifyAuditArchive(dir: string, keys: { chainKey?: string; sealKey?: string }): Promise<ArchiveVerification> {
  const seals = await readSeals(dir);
  let next = { seq: 1, prevHash: GENESIS_HASH };
  let entries = 0;
  const files = new Set((await fs.promises.readdir(dir).catch(() => [] as string[])).filter((f) => f.endsWith('.jsonl.gz')));
  // on a problem, the table is still checked from where the last seal says the archive ends
  const lastSeal = seals[seals.length - 1];
  const claimed = lastSeal && Number.isInteger(lastSeal.lastSeq) ? { seq: lastSeal.lastSeq + 1, prevHash: lastSeal.lastHash } : undefined;
  const fail = (problem: string, segments: number): ArchiveVerification => ({ ok: false, segments, entries, next: claimed ?? next, problem });
  for (const [i, s] of seals.entries()) {
    const { sig, ...content } = s;
    if (!Number.isInteger(s.firstSeq) || sealSignature(content, keys.sealKey) !== sig) return fail(`the seal of segment ${s.file} is forged or edited`, i);
    if (s.firstSeq !== next.seq) return fail(`segment ${s.file} starts at seq ${s.firstSeq} but the chain continues at seq ${next.seq} (a segment is missing)`, i);
    if (s.firstPrevHash !== next.prevHash) return fail(`segment ${s.file} does not continue the chain (previous hash)`, i);
    if (!files.delete(s.file)) return fail(`segment ${s.file} is missing (its seal is there)`, i);
    const gz = await fs.promises.readFile(path.join(dir, s.file));
    if (crypto.createHash('sha256').update(gz).digest('hex') !== s.sha256) return fail(`segment ${s.file} was edited (its SHA-256 does not match its seal)`, i);
    const rows = await readSegment(dir, s);
    if (rows.length !== s.count) return fail(`segment ${s.file} holds ${rows.length} entries but its seal says ${s.count}`, i);
    let expected = s.firstSeq;
    let prev = s.firstPrevHash;
    for (const r of rows) {
      if (r.seq !== expected) return fail(`segment ${s.file}: entry ${expected} is missing`, i);
      if (r.prevHash !== prev) return fail(`segment ${s.file}: entry ${r.seq} does not continue the chain`, i);
      const { hash, ...c } = r;
      if (hashEntry(c, keys.chainKey) !== hash) return fail(`segment ${s.file}: entry ${r.seq} does not match its hash (edited)`, i);
      prev = hash;
      expected++;
    }
    if (expected - 1 !== s.lastSeq || prev !== s.lastHash) return fail(`segment ${s.file} does not end where its seal says`, i);
    entries += rows.length;
    next = { seq: s.lastSeq + 1, prevHash: s.lastHash };
  }
  if (files.size) return fail(`segment file ${[...files][0]} has no seal`, seals.length);
  return { ok: true, segments: seals.length, entries, next };
}
