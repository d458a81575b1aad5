import type { DataSource, EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';
import { MAX_PARAMETERS } from './data-source';

/**
 * Insert many rows with multi-row INSERT statements, each under the databases' parameter limit.
 * Call inside a transaction (`db.transaction(tx => insertMany(tx, ...))`) so that a failure leaves nothing behind.
 */
export async function insertMany<T extends ObjectLiteral>(
  manager: EntityManager,
  entity: EntityTarget<T>,
  rows: readonly T[],
): Promise<void> {
  if (!rows.length) return;
  const columns = manager.connection.getMetadata(entity).columns.length || 1;
  const perStatement = Math.max(1, Math.min(1000, Math.floor(MAX_PARAMETERS / columns)));
  for (let i = 0; i < rows.length; i += perStatement) {
    await manager
      .createQueryBuilder()
      .insert()
      .into(entity)
      .values(rows.slice(i, i + perStatement) as any)
      .updateEntity(false)
      .execute();
  }
}

/** True when the entity's table has no row (a subgraph seeds its demo data only into an empty database). */
export async function isEmpty(db: DataSource, entity: EntityTarget<ObjectLiteral>): Promise<boolean> {
  return (await db.getRepository(entity).createQueryBuilder('x').select('1').limit(1).getRawMany()).length === 0;
}

/** True when none of the entities' tables has a row: a subgraph's demo seed and the generator fill only such a database. */
export async function isEmptyDatabase(db: DataSource, entities: readonly EntityTarget<ObjectLiteral>[]): Promise<boolean> {
  for (const e of entities) if (!(await isEmpty(db, e))) return false;
  return true;
}
