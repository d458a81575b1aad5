import { ENCLOSING_TRANSACTION, createContext, type SubgraphContext } from '@aidgraph/subgraph-kit';
import type { DataSource, EntityManager } from 'typeorm';

/**
 * A context whose database runs inside the transaction `tx`: every `transaction(...)` it is asked for (a department's
 * service function that opens its own, through auditedWrite, writeTransaction or db.transaction) runs in `tx` instead,
 * and its repositories and queries are `tx`'s. A roster adapter uses it to call such a function inside the import's
 * row transaction, so that the row is still applied whole or not at all (and a dry run's rollback covers it), without
 * changing the department's code. The audit entries the function appends go into `tx` as well.
 */
export function withinTransaction(ctx: SubgraphContext, tx: EntityManager): SubgraphContext {
  const db = Object.create(ctx.db) as DataSource;
  const run = (a: unknown, b?: unknown) => (typeof a === 'function' ? a : b) as (em: EntityManager) => Promise<unknown>;
  Object.defineProperties(db, {
    transaction: { value: (a: unknown, b?: unknown) => run(a, b)(tx) },
    manager: { value: tx },
    getRepository: { value: tx.getRepository.bind(tx) },
    query: { value: tx.query.bind(tx) },
    createQueryBuilder: { value: tx.createQueryBuilder.bind(tx) },
    [ENCLOSING_TRANSACTION]: { value: tx },
  });
  const inner = createContext(ctx.identity, db, ctx.requestId, ctx.operationName);
  // one collector: what the inner call notes is the row's
  return Object.assign(inner, { audit: ctx.audit, ...(ctx.registry ? { registry: ctx.registry } : {}) });
}
