import crypto from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import { AuditEntry } from './audit-entry.entity';
import type { AuditReadSummary, AuditRefusal, AuditWrite } from './collector';
import { packId, packIds } from './ids';
import { checkpointHead, type ChainHead } from './checkpoint';
import type { SubgraphContext } from '../context';
import { ENCLOSING_TRANSACTION, writeTransaction } from '../db/transaction';

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

/** The key of the chain's PostgreSQL advisory lock (one appender at a time). */
const CHAIN_LOCK = 20201216106;

async function lockChain(tx: EntityManager): Promise<void> {
  // one appender at a time: PostgreSQL by an advisory lock held to the end of the transaction; SQLite has one writer
  if (tx.connection.options.type === 'postgres') await tx.query(`SELECT pg_advisory_xact_lock(${CHAIN_LOCK})`);
}

/**
 * Append entries for what `ctx` read, was refused and wrote, inside the transaction `tx`, chained to the last entry:
 * at most one `read` entry (the persons once, packed; the coordinates once), one `refusal` entry and one entry per
 * write. Returns the new head of the chain (to checkpoint once `tx` commits), or null when nothing was appended.
 */
export async function appendAuditEntries(tx: EntityManager, ctx: SubgraphContext, read: AuditReadSummary | null, writes: AuditWrite[], refused?: { refusals: AuditRefusal[]; persons: string[] }): Promise<ChainHead | null> {
  const contents = entryContents(ctx, read, writes, refused);
  return contents.length ? appendLocked(tx, contents) : null;
}

/** Append prepared entries in `tx` under the chain lock, after the chain's end; the new head. */
async function appendLocked(tx: EntityManager, contents: UnchainedEntry[]): Promise<ChainHead> {
  await lockChain(tx);
  const rows = chainRows(await chainEnd(tx), contents, chainKeyOf(tx.connection));
  await tx.getRepository(AuditEntry).insert(rows);
  return headOf(rows);
}

/** The head a list of appended rows leaves: its last row's seq, hash and time. */
function headOf(rows: AuditEntry[]): ChainHead {
  const last = rows[rows.length - 1];
  return { seq: last.seq, hash: last.hash, at: last.at };
}

/**
 * Where the next entry goes, under the chain lock: after the last entry, or after the head this process last saw
 * committed when that is further on — the newest entries were deleted, and a process never reuses a seq it has seen
 * committed, so the deletion stays a visible gap in the chain instead of being written over.
 */
async function chainEnd(tx: EntityManager): Promise<{ seq: number; hash: string }> {
  const last = await tx.getRepository(AuditEntry).find({ select: { seq: true, hash: true }, order: { seq: 'DESC' }, take: 1 });
  const known = committedHeads.get(tx.connection);
  const seq = last[0]?.seq ?? 0;
  return known && known.seq > seq ? known : { seq, hash: last[0]?.hash ?? GENESIS_HASH };
}

/** An entry's content but for its place in the chain (seq, prevHash) and its hash. */
type UnchainedEntry = Omit<EntryContent, 'seq' | 'prevHash'>;

/** The entries of one request: at most one read, one refusal, and one per write, with the request's common fields. */
function entryContents(ctx: SubgraphContext, read: AuditReadSummary | null, writes: AuditWrite[], refused?: { refusals: AuditRefusal[]; persons: string[] }): UnchainedEntry[] {
  const contents: { kind: string; personIds: string; detail: string }[] = [];
  if (read) {
    const detail: Record<string, string[]> = { fields: read.fields };
    if (read.households.length) detail.households = read.households.map(packId);
    if (read.records.length) detail.records = read.records;
    contents.push({ kind: 'read', personIds: packIds(read.persons), detail: JSON.stringify(detail) });
  }
  if (refused && refused.refusals.length) contents.push({ kind: 'refusal', personIds: packIds(refused.persons), detail: JSON.stringify(refused.refusals) });
  for (const w of writes) contents.push({ kind: 'write', personIds: w.personId ? packId(w.personId) : '', detail: JSON.stringify(w) });
  const id = ctx.identity;
  const base = {
    at: new Date().toISOString(), subject: id.subject, role: id.role, scope: id.village ?? id.township ?? id.department ?? null,
    operation: ctx.operationName?.slice(0, 128) ?? null, requestId: ctx.requestId,
  };
  return contents.map((c) => ({ ...base, ...c }));
}

/** `contents` chained after `after` (seq + 1, + 2, ...; each naming the previous hash), hashed. */
function chainRows(after: { seq: number; hash: string }, contents: UnchainedEntry[], key: string | undefined): AuditEntry[] {
  let seq = after.seq;
  let prevHash = after.hash;
  return contents.map((c) => {
    const content: EntryContent = { ...c, seq: ++seq, prevHash };
    const hash = hashEntry(content, key);
    prevHash = hash;
    return Object.assign(new AuditEntry(), content, { hash });
  });
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
  if (!writes.length && groupAppendApplies(ctx.db)) {
    // PostgreSQL, reads and refusals only: group-committed with the other requests' entries, one statement (below)
    await appendGrouped(ctx.db, entryContents(ctx, read, writes, refused));
    ctx.audit.clearReads();
    return;
  }
  const head = await writeTransaction(ctx.db, (tx) => appendAuditEntries(tx, ctx, read, writes, refused));
  if (!isEnclosed(ctx.db)) noteCommittedHead(ctx.db, head);
  ctx.audit.clearReads();
  await checkpointHead(ctx.db, head);
}

// ---------------------------------------------------------------------------------------------------------------------
// Group commit of read entries on PostgreSQL (issue 12 item 7: the audit of a read was five round trips — BEGIN, the
// chain lock, the last entry, the insert, COMMIT — of the eight a township's list costs in civil affairs).
//
// Each process remembers the head of the chain as it last saw it COMMITTED (its own appends, or the last entry read
// under the lock). The read entries of the requests that end while an append is in flight wait, and go together in the
// next one. An append is ONE statement, its own transaction: it takes the chain's advisory lock (the same lock the
// write path holds from its SELECT of the last entry to its COMMIT, so it never slips between them), then inserts the
// entries chained after the remembered head. If another process (or a write of this one) appended meanwhile, seq
// head+1 exists and the primary key refuses the insert: the process reads the head anew and hashes again. Entries are
// never changed, so an insert at head+1 succeeds only when the remembered head is still the last entry: the chain
// stays whole. After GROUP_APPEND_TRIES refusals in a row the batch falls back to the locked transaction.
// The response waits for its entries as before (nothing read goes unlogged); SQLite keeps the locked path (one writer).

/** The head each database's chain had when this process last saw it committed. */
const committedHeads = new WeakMap<DataSource, { seq: number; hash: string }>();
const GROUP_APPEND_TRIES = 8;

function isEnclosed(db: DataSource): boolean {
  return (db as unknown as { [ENCLOSING_TRANSACTION]?: unknown })[ENCLOSING_TRANSACTION] != null;
}

/** Remember a head known to be committed (never one inside an enclosing transaction that may still roll back). */
function noteCommittedHead(db: DataSource, head: { seq: number; hash: string } | null): void {
  if (!head) return;
  const known = committedHeads.get(db);
  if (!known || head.seq > known.seq) committedHeads.set(db, { seq: head.seq, hash: head.hash });
}

function groupAppendApplies(db: DataSource): boolean {
  return db.options.type === 'postgres' && !isEnclosed(db);
}

interface PendingAppend {
  contents: UnchainedEntry[];
  resolve: () => void;
  reject: (e: unknown) => void;
}
const appendQueues = new WeakMap<DataSource, { pending: PendingAppend[]; running: boolean }>();

/** Append `contents` with the entries of whichever requests end meanwhile; resolves once they are committed. */
function appendGrouped(db: DataSource, contents: UnchainedEntry[]): Promise<void> {
  let q = appendQueues.get(db);
  if (!q) appendQueues.set(db, (q = { pending: [], running: false }));
  const done = new Promise<void>((resolve, reject) => q!.pending.push({ contents, resolve, reject }));
  if (!q.running) void drainAppends(db, q);
  return done;
}

async function drainAppends(db: DataSource, q: { pending: PendingAppend[]; running: boolean }): Promise<void> {
  q.running = true;
  try {
    while (q.pending.length) {
      const batch = q.pending.splice(0, q.pending.length);
      try {
        // the checkpoint before the answers, as on the locked path (it never fails the request: see checkpointHead)
        await checkpointHead(db, await insertChained(db, batch.flatMap((p) => p.contents)));
        for (const p of batch) p.resolve();
      } catch (e) {
        if (batch.length === 1) batch[0].reject(e);
        // one request's entries must not fail the others': each alone, in the locked transaction
        else for (const p of batch) await insertLocked(db, p.contents).then((h) => checkpointHead(db, h)).then(() => p.resolve(), p.reject);
      }
    }
  } finally {
    q.running = false;
  }
}

const COLUMNS = ['seq', 'at', 'subject', 'role', 'scope', 'operation', 'requestId', 'kind', 'personIds', 'detail', 'prevHash', 'hash'] as const;
const COLUMN_TYPES: Record<(typeof COLUMNS)[number], string> = {
  seq: 'integer', at: 'varchar', subject: 'varchar', role: 'varchar', scope: 'varchar', operation: 'varchar', requestId: 'varchar',
  kind: 'varchar', personIds: 'text', detail: 'text', prevHash: 'varchar', hash: 'varchar',
};

const statements = new WeakMap<DataSource, string>();

/** The one-statement append: the chain lock, then the rows (unnest of one array per column); built once per database. */
function insertStatement(db: DataSource): string {
  const built = statements.get(db);
  if (built) return built;
  const m = db.getMetadata(AuditEntry);
  const table = (m.schema ? `"${m.schema}".` : '') + `"${m.tableName}"`;
  const cols = COLUMNS.map((c) => `"${c}"`).join(', ');
  const arrays = COLUMNS.map((c, i) => `$${i + 1}::${COLUMN_TYPES[c]}[]`).join(', ');
  const sql =
    `WITH chain_lock AS MATERIALIZED (SELECT pg_advisory_xact_lock(${CHAIN_LOCK})) ` +
    `INSERT INTO ${table} (${cols}) SELECT u.* FROM chain_lock CROSS JOIN unnest(${arrays}) AS u(${cols})`;
  statements.set(db, sql);
  return sql;
}

async function insertChained(db: DataSource, contents: UnchainedEntry[]): Promise<ChainHead> {
  const key = chainKeyOf(db);
  const sql = insertStatement(db);
  for (let attempt = 0; attempt < GROUP_APPEND_TRIES; attempt++) {
    const after = committedHeads.get(db) ?? (await chainEnd(db.manager));
    const rows = chainRows(after, contents, key);
    try {
      await db.query(sql, COLUMNS.map((c) => rows.map((r) => r[c])));
    } catch (e) {
      if ((e as { driverError?: { code?: string } }).driverError?.code === '23505' || (e as { code?: string }).code === '23505') {
        committedHeads.delete(db);
        continue;
      }
      throw e;
    }
    const head = headOf(rows);
    noteCommittedHead(db, head);
    return head;
  }
  return insertLocked(db, contents);
}

/** The locked path for prepared contents: one transaction holding the chain lock (the fallback). */
async function insertLocked(db: DataSource, contents: UnchainedEntry[]): Promise<ChainHead> {
  const head = await writeTransaction(db, (tx) => appendLocked(tx, contents));
  noteCommittedHead(db, head);
  return head;
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
  if (!isEnclosed(ctx.db)) noteCommittedHead(ctx.db, head);
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
