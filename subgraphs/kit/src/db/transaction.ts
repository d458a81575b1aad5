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

export function writeTransaction<T>(db: DataSource, work: (tx: EntityManager) => Promise<T>): Promise<T> {
  if (db.options.type !== 'better-sqlite3') return db.transaction(work);
  const previous = queues.get(db) ?? Promise.resolve();
  const run = previous.then(
    () => db.transaction(work),
    () => db.transaction(work),
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
