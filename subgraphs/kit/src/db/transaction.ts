import type { DataSource, EntityManager, EntityTarget, FindOptionsOrder, FindOptionsWhere, ObjectLiteral } from 'typeorm';
import { notFound } from '../errors';

/**
 * Run `work` in one transaction, one write transaction at a time on SQLite.
 *
 * TypeORM's better-sqlite3 driver shares ONE connection (one query runner) between all callers, so two
 * `db.transaction(...)` calls in flight at once (two HTTP requests) interleave on it: the second BEGIN fails or becomes a
 * savepoint inside the first, and a rollback of one undoes the other's statements. SQLite allows one writer anyway, so
 * transactions are queued per DataSource here. On PostgreSQL each transaction has its own pooled connection and this is
 * plain `db.transaction(work)`; a record that a write reads and then changes is read with `lockedRecord` (SELECT ...
 * FOR UPDATE there) and changed with `updateLocked`: AidGraph's one read-modify-write mechanism.
 * Do not call it again from inside `work` (on SQLite the inner call would wait for the outer one forever): pass `tx` on.
 */
const queues = new WeakMap<DataSource, Promise<unknown>>();

/** Marks a DataSource view whose transactions run inside an enclosing one (see the roster's withinTransaction). */
export const ENCLOSING_TRANSACTION = Symbol('enclosing transaction');

export function writeTransaction<T>(db: DataSource, work: (tx: EntityManager) => Promise<T>): Promise<T> {
  const enclosing = (db as unknown as { [ENCLOSING_TRANSACTION]?: EntityManager })[ENCLOSING_TRANSACTION];
  if (enclosing) return work(enclosing);
  if (db.options.type !== 'better-sqlite3') return db.transaction(work);
  const previous = queues.get(db) ?? Promise.resolve();
  const run = previous.then(
    () => immediateTransaction(db, work),
    () => immediateTransaction(db, work),
  );
  queues.set(db, run.catch(() => undefined));
  return run;
}

/**
 * The lock option for a row a write transaction must hold until it commits (SELECT ... FOR UPDATE on PostgreSQL);
 * none on SQLite, where `writeTransaction` already runs one writer at a time (TypeORM refuses locks there).
 */
export function lockForWrite(tx: EntityManager): { lock?: { mode: 'pessimistic_write' } } {
  return tx.connection.options.type === 'postgres' ? { lock: { mode: 'pessimistic_write' } } : {};
}

/**
 * A SQLite write transaction that takes the write lock at BEGIN (BEGIN IMMEDIATE), so that another process writing the
 * same file (an import while the subgraph runs) makes it wait (busy_timeout) instead of failing half-way with
 * SQLITE_BUSY when a deferred transaction tries to upgrade its read snapshot.
 */
async function immediateTransaction<T>(db: DataSource, work: (tx: EntityManager) => Promise<T>): Promise<T> {
  const qr = db.createQueryRunner();
  await qr.connect();
  await qr.query('BEGIN IMMEDIATE');
  // TypeORM must see the transaction as open, or save() would try to start another
  (qr as unknown as { isTransactionActive: boolean }).isTransactionActive = true;
  try {
    const result = await work(qr.manager);
    await qr.query('COMMIT');
    return result;
  } catch (e) {
    await qr.query('ROLLBACK').catch(() => undefined);
    throw e;
  } finally {
    (qr as unknown as { isTransactionActive: boolean }).isTransactionActive = false;
    await qr.release();
  }
}

/** The first key of AidGraph's PostgreSQL advisory locks on a person (the second is hashtext(personId)). */
const PERSON_LOCK = 2020121601;

/**
 * Hold a lock on a person's records in this subgraph until the transaction `tx` ends, before checking a rule about
 * their other records (one active X per person, no duplicate). A department has no row of its own for a person (civil
 * affairs owns them), and a check for the absence of a row cannot lock that row, so PostgreSQL takes a
 * transaction-scoped advisory lock keyed by the person: concurrent writes for one person run one after the other and
 * each sees what the previous one committed. SQLite needs none: writeTransaction runs one writer at a time.
 */
export async function lockPersonForWrite(tx: EntityManager, personId: string): Promise<void> {
  if (tx.connection.options.type === 'postgres') await tx.query('SELECT pg_advisory_xact_lock($1::int, hashtext($2))', [PERSON_LOCK, personId]);
}

declare const LOCKED: unique symbol;

/**
 * A record read for update: the row is locked until the transaction ends (SELECT ... FOR UPDATE on PostgreSQL; on
 * SQLite `writeTransaction` runs one writer at a time). Only `lockedRecord` / `lockedRecords` make one, and
 * `updateLocked` accepts nothing else: a read-modify-write cannot be written on an unlocked read by accident.
 */
export type Locked<T> = T & { readonly [LOCKED]: true };

/** Options of `lockedRecord`. */
export interface LockedRecordOptions<T> {
  /** the NOT_FOUND message when no row matches (e.g. 'no enrolment has this id') */
  notFound: string;
  /**
   * Locks to take BEFORE the row, given an unlocked first read of it (e.g. `(r) => lockPersonForWrite(tx, r.personId)`
   * when the write checks a rule over the person's other records). Locks are always taken in this order (owner, then
   * row), so two writers never wait for each other in a cycle; the row is read again under its lock afterwards.
   */
  before?: (peek: T) => Promise<void>;
  /**
   * Whether the caller may see the row (e.g. `(r) => inScope(ctx.identity, r.townshipCode)`): a row it may not see
   * answers the same NOT_FOUND (`notFound`) as no row, so that an answer never tells a caller that an id outside its
   * scope exists (a FORBIDDEN there would). Checked on the locked row (and on the first read, before `before` runs).
   */
  visible?: (row: T) => boolean;
}

/**
 * THE way a service reads a record it is going to change (AidGraph's one read-modify-write mechanism, issue 14 item 5):
 * the row matching `where` locked until `tx` ends (SELECT ... FOR UPDATE on PostgreSQL; SQLite's single writer) and
 * read under that lock, so every concurrent writer of the row runs after this one commits and sees its result: a check
 * such as "not ended yet" holds when the write happens (the others get their CONFLICT), and no correction overwrites
 * another one unseen. Throws NOT_FOUND (`options.notFound`) when no row matches or the caller may not see it
 * (`options.visible`). `tx` must be a write transaction (`writeTransaction` / `auditedWrite`).
 */
export async function lockedRecord<T extends ObjectLiteral>(
  tx: EntityManager,
  entity: EntityTarget<T>,
  where: FindOptionsWhere<T>,
  options: LockedRecordOptions<T>,
): Promise<Locked<T>> {
  const repo = tx.getRepository(entity);
  const hidden = (row: T): boolean => !!options.visible && !options.visible(row);
  if (options.before) {
    const peek = await repo.findOneBy(where);
    if (!peek || hidden(peek)) throw notFound(options.notFound);
    await options.before(peek);
  }
  const row = await repo.findOne({ where, ...lockForWrite(tx) });
  if (!row || hidden(row)) throw notFound(options.notFound);
  return row as Locked<T>;
}

/** Every row matching `where`, each locked as by `lockedRecord` (in primary-key order on PostgreSQL, so lockers of the same rows queue instead of deadlocking). */
export async function lockedRecords<T extends ObjectLiteral>(tx: EntityManager, entity: EntityTarget<T>, where: FindOptionsWhere<T>): Promise<Locked<T>[]> {
  const repo = tx.getRepository(entity);
  const order = Object.fromEntries(repo.metadata.primaryColumns.map((c) => [c.propertyName, 'ASC'])) as FindOptionsOrder<T>;
  return (await repo.find({ where, order, ...lockForWrite(tx) })) as Locked<T>[];
}

/**
 * Write `patch` to a record read with `lockedRecord` (by its primary key, in the same transaction) and return the
 * record with the patch applied. The only way service code updates a record it has read.
 */
export async function updateLocked<T extends ObjectLiteral>(tx: EntityManager, entity: EntityTarget<T>, record: Locked<T>, patch: Partial<T>): Promise<Locked<T>> {
  const repo = tx.getRepository(entity);
  const key = Object.fromEntries(repo.metadata.primaryColumns.map((c) => [c.propertyName, record[c.propertyName]])) as FindOptionsWhere<T>;
  if (Object.keys(patch).length) await repo.update(key, patch as never);
  return Object.assign(record, patch);
}
