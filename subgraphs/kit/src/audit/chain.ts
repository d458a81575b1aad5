import crypto from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import { AuditEntry } from './audit-entry.entity';
import type { AuditRead, AuditWrite } from './collector';
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

/** Append entries for what `ctx` read and wrote, inside the transaction `tx`, chained to the last entry. */
export async function appendAuditEntries(tx: EntityManager, ctx: SubgraphContext, reads: AuditRead[], writes: AuditWrite[]): Promise<void> {
  if (!reads.length && !writes.length) return;
  await lockChain(tx);
  const last = await tx.getRepository(AuditEntry).find({ order: { seq: 'DESC' }, take: 1 });
  let seq = last[0]?.seq ?? 0;
  let prevHash = last[0]?.hash ?? GENESIS_HASH;
  const at = new Date().toISOString();
  const id = ctx.identity;
  const base = {
    at, subject: id.subject, role: id.role, scope: id.township ?? id.department ?? null,
    operation: ctx.operationName?.slice(0, 128) ?? null, requestId: ctx.requestId,
  };
  const contents: { kind: string; personIds: string; detail: string }[] = [];
  if (reads.length) {
    const persons = [...new Set(reads.map((r) => r.personId).filter((p): p is string => !!p))];
    contents.push({ kind: 'read', personIds: persons.join(' '), detail: JSON.stringify(reads) });
  }
  for (const w of writes) contents.push({ kind: 'write', personIds: w.personId ?? '', detail: JSON.stringify(w) });
  const rows: AuditEntry[] = [];
  for (const c of contents) {
    const content: EntryContent = { ...base, ...c, seq: ++seq, prevHash };
    const hash = hashEntry(content, chainKeyOf(tx.connection));
    rows.push(Object.assign(new AuditEntry(), content, { hash }));
    prevHash = hash;
  }
  await tx.getRepository(AuditEntry).insert(rows);
}

/**
 * The subgraph server's audit sink: at the end of each request, append what it read (and any write not yet appended
 * by `auditedWrite`) in one write transaction.
 */
export async function persistAudit(ctx: SubgraphContext): Promise<void> {
  const reads = ctx.audit.reads;
  const writes = ctx.audit.takeWrites();
  if (!reads.length && !writes.length) return;
  await writeTransaction(ctx.db, (tx) => appendAuditEntries(tx, ctx, reads, writes));
}

/**
 * Run a write in one transaction and append its audit entries (noted with ctx.audit.noteWrite) in the same
 * transaction: the write and its trace commit together or not at all.
 */
export async function auditedWrite<T>(ctx: SubgraphContext, work: (tx: EntityManager) => Promise<T>): Promise<T> {
  return writeTransaction(ctx.db, async (tx) => {
    const result = await work(tx);
    await appendAuditEntries(tx, ctx, [], ctx.audit.takeWrites());
    return result;
  });
}

export interface ChainReport {
  ok: boolean;
  entries: number;
  /** the first entry that does not verify, and why */
  firstBroken?: { seq: number; reason: string };
}

/**
 * Recompute the chain from the first entry: each entry's seq follows the previous one, its prevHash is the previous
 * entry's hash, and its hash matches its content. Reports the first entry that fails. (Removing entries from the end
 * leaves a shorter valid chain: compare `entries` with a count kept elsewhere to detect that.)
 */
export async function verifyAuditChain(db: DataSource, batch = 5000, key: string | undefined = chainKeyOf(db)): Promise<ChainReport> {
  let prevHash = GENESIS_HASH;
  let expectedSeq = 1;
  let entries = 0;
  for (;;) {
    const rows = await db
      .getRepository(AuditEntry)
      .createQueryBuilder('a')
      .where('a.seq >= :from', { from: expectedSeq })
      .orderBy('a.seq', 'ASC')
      .limit(batch)
      .getMany();
    if (!rows.length) return { ok: true, entries };
    for (const r of rows) {
      if (r.seq !== expectedSeq) return { ok: false, entries, firstBroken: { seq: expectedSeq, reason: `entry ${expectedSeq} is missing` } };
      if (r.prevHash !== prevHash) return { ok: false, entries, firstBroken: { seq: r.seq, reason: 'its previous-hash does not match the entry before it' } };
      const { hash, ...content } = r;
      if (hashEntry(content, key) !== hash) return { ok: false, entries, firstBroken: { seq: r.seq, reason: 'its content does not match its hash (edited)' } };
      prevHash = hash;
      expectedSeq++;
      entries++;
    }
  }
}
