import type { EntityManager } from 'typeorm';
import { auditedWrite, type SubgraphContext } from '@aidgraph/subgraph-kit';

/** The PostgreSQL advisory lock key of housing writes (one writer at a time within this subgraph's database). */
const HOUSING_WRITE_LOCK = 20201216004;

/**
 * Run a housing write in one transaction with its audit entries (the kit's `auditedWrite`), so that a failed write
 * changes nothing and a write never commits without its trace.
 *
 * The exclusion rules (one active rent subsidy, no subsidy during a lease, one lease per dwelling, ...) are checks for
 * the absence of conflicting rows, which row locks cannot protect. So housing writes run one at a time: SQLite has one
 * writer anyway (the kit queues write transactions), and on PostgreSQL each write first takes a transaction-scoped
 * advisory lock; under READ COMMITTED every check then sees what the previous writer committed. Housing staff write a
 * few records a minute, so the queue costs nothing noticeable.
 */
export function housingWrite<T>(ctx: SubgraphContext, work: (tx: EntityManager) => Promise<T>): Promise<T> {
  return auditedWrite(ctx, async (tx) => {
    if (tx.connection.options.type === 'postgres') await tx.query('SELECT pg_advisory_xact_lock($1)', [HOUSING_WRITE_LOCK]);
    return work(tx);
  });
}
