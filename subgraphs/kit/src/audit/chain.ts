import crypto from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import { AuditEntry } from './audit-entry.entity';
import type { AuditReadSummary, AuditRefusal, AuditWrite } from './collector';
import { packId, packIds } from './ids';
import { checkpointHead, type ChainHead } from './checkpoint';
import type { SubgraphContext } from '../context';
import { writeTransaction } from '../db/transaction';

/** The hash of the chain before its first entry. */
export const GENESIS_HASH = '0'.repeat(64);

type EntryContent = Omit<AuditEntry, 'hash'>;

/**
 * The hash of an entry: over the previous hash and the entry's content in a fixed field order; HMAC-SHA-256 with the
 * chain key when one is configured (AUDIT_CHAIN_KEY — then whoever can write the database but does not hold the key
 * cannot re-hash a rewritten chain), plain SHA-256 otherwise.
 */
export function hashEntry(e: EntryContent, key?: string): string {
  const canonical = JSON.stringify([
    e.seq, e.at, e.subject, e.role, e.scope, e.operation, e.requestId, e.kind, e.personIds, e.detail, e.prevHash,
  ]);
  return (key ? crypto.createHmac('sha256', key) : crypto.createHash('sha256')).update(canonical).digest('hex');
}

const chainKeys = new WeakMap<object, string>();

/** Use `key` for the audit chain of the database `db` (the subgraph server sets it from AUDIT_CHAIN_KEY). */
export function setAuditChainKey(db: DataSource, key: string | undefined): void {
  if (key) chainKeys.set(db, key);
}

function chainKeyOf(db: DataSource): string | undefined {
  return chainKeys.get(db);
}

async function lockChain(tx: EntityManager): Promise<void> {
  // one appender at a time: PostgreSQL by an advisory lock held to the end of the transaction; SQLite has one writer
  if (tx.connection.options.type === 'postgres') await tx.query('SELECT pg_advisory_xact_lock(20201216106)');
}

/**
 * Append entries for what `ctx` read, was refused and wrote, inside the transaction `tx`, chained to the last entry:
 * at most one `read` entry (the persons once, packed; the coordinates once), one `refusal` entry and one entry per
 * write. Returns the new head of the chain (to checkpoint once `tx` commits), or null when nothing was appended.
 */
export async function appendAuditEntries(tx: EntityManager, ctx: SubgraphContext, read: AuditReadSummary | null, writes: AuditWrite[], refused?: { refusals: AuditRefusal[]; persons: string[] }): Promise<ChainHead | null> {
  const contents: { kind: string; personIds: string; detail: string }[] = [];
  if (read) {
    const detail: Record<string, string[]> = { fields: read.fields };
    if (read.households.length) detail.households = read.households.map(packId);
    if (read.records.length) detail.records = read.records;
    contents.push({ kind: 'read', personIds: packIds(read.persons), detail: JSON.stringify(detail) });
  }
  if (refused && refused.refusals.length) contents.push({ kind: 'refusal', personIds: packIds(refused.persons), detail: JSON.stringify(refused.refusals) });
  for (const w of writes) contents.push({ kind: 'write', personIds: w.personId ? packId(w.personId) : '', detail: JSON.stringify(w) });
  if (!contents.length) return null;
  await lockChain(tx);
  const last = await tx.getRepository(AuditEntry).find({ order: { seq: 'DESC' }, take: 1 });
  let seq = last[0]?.seq ?? 0;
  let prevHash = last[0]?.hash ?? GENESIS_HASH;
  const at = new Date().toISOString();
  const id = ctx.identity;
  const base = {
    at, subject: id.subject, role: id.role, scope: id.village ?? id.township ?? id.department ?? null,
    operation: ctx.operationName?.slice(0, 128) ?? null, requestId: ctx.requestId,
  };
  const rows: AuditEntry[] = [];
  for (const c of contents) {
    const content: EntryContent = { ...base, ...c, seq: ++seq, prevHash };
    const hash = hashEntry(content, chainKeyOf(tx.connection));
    rows.push(Object.assign(new AuditEntry(), content, { hash }));
    prevHash = hash;
  }
  await tx.getRepository(AuditEntry).insert(rows);
  return { seq, hash: prevHash, at };
}

/**
 * The subgraph server's audit sink: at the end of each request, append what it read, what was refused (and any write
 * not yet appended by `auditedWrite`) in one write transaction, then checkpoint the new head.
 */
export async function persistAudit(ctx: SubgraphContext): Promise<void> {
  const read = ctx.audit.readSummary;
  const refused = ctx.audit.refusals;
  const writes = ctx.audit.takeWrites();
  if (!read && !refused.refusals.length && !writes.length) return;
  const head = await writeTransaction(ctx.db, (tx) => appendAuditEntries(tx, ctx, read, writes, refused));
  ctx.audit.clearReads();
  await checkpointHead(ctx.db, head);
}

/**
 * Run a write in one transaction and append its audit entries (noted with ctx.audit.noteWrite) in the same
 * transaction: the write and its trace commit together or not at all. The new head is checkpointed after the commit.
 */
export async function auditedWrite<T>(ctx: SubgraphContext, work: (tx: EntityManager) => Promise<T>): Promise<T> {
  let head: ChainHead | null = null;
  const result = await writeTransaction(ctx.db, async (tx) => {
    const r = await work(tx);
    head = await appendAuditEntries(tx, ctx, null, ctx.audit.takeWrites());
    return r;
  });
  await checkpointHead(ctx.db, head);
  return result;
}

export interface ChainReport {
  ok: boolean;
  entries: number;
  /** the first entry that does not verify, and why */
  firstBroken?: { seq: number; reason: string };
  /** the last entry that verified (its seq and hash): the chain's head when `ok` */
  last?: { seq: number; hash: string };
}

/** Where a verification starts: after an archived segment's last entry (seq and hash); default the genesis. */
export interface ChainStart {
  /** the seq of the first entry expected in the table */
  seq: number;
  /** the hash the first entry must name as its previous hash */
  prevHash: string;
}

/**
 * Recompute the chain from its first entry (or from `start`, the entry after the archived segments): each entry's seq
 * follows the previous one, its prevHash is the previous entry's hash, and its hash matches its content. Reports the
 * first entry that fails, and the last that verified. Removing entries from the end leaves a shorter valid chain:
 * `compareWithCheckpoint` (checkpoint.ts) detects that.
 */
export async function verifyAuditChain(db: DataSource, batch = 5000, key: string | undefined = chainKeyOf(db), start?: ChainStart): Promise<ChainReport> {
  let prevHash = start?.prevHash ?? GENESIS_HASH;
  let expectedSeq = start?.seq ?? 1;
  let entries = 0;
  let last: ChainReport['last'] = start && start.seq > 1 ? { seq: start.seq - 1, hash: start.prevHash } : undefined;
  for (;;) {
    const rows = await db
      .getRepository(AuditEntry)
      .createQueryBuilder('a')
      .where('a.seq >= :from', { from: expectedSeq })
      .orderBy('a.seq', 'ASC')
      .limit(batch)
      .getMany();
    if (!rows.length) return { ok: true, entries, last };
    for (const r of rows) {
      if (r.seq !== expectedSeq) return { ok: false, entries, last, firstBroken: { seq: expectedSeq, reason: `entry ${expectedSeq} is missing` } };
      if (r.prevHash !== prevHash) return { ok: false, entries, last, firstBroken: { seq: r.seq, reason: 'its previous-hash does not match the entry before it' } };
      const { hash, ...content } = r;
      if (hashEntry(content, key) !== hash) return { ok: false, entries, last, firstBroken: { seq: r.seq, reason: 'its content does not match its hash (edited)' } };
      prevHash = hash;
      last = { seq: r.seq, hash };
      expectedSeq++;
      entries++;
    }
  }
}
