import type { DataSource, EntityManager } from 'typeorm';

/**
 * Run `work` in one transaction, one write transaction at a time on SQLite.
 *
 * TypeORM's better-sqlite3 driver shares ONE connection (one query runner) between all callers, so two
 * `db.transaction(...)` calls in flight at once (two HTTP requests) interleave on it: the second BEGIN fails or becomes a
 * savepoint inside the first, and a rollback of one undoes the other's statements. SQLite allows one writer anyway, so
 * transactions are queued per DataSource here. On PostgreSQL each transaction has its own pooled connection and this is
 * plain `db.transaction(work)`; rows that a write must read consistently are locked there with
 * `lock: { mode: 'pessimistic_write' }` (see `lockForWrite`).
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
