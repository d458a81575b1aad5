import type { DataSource, EntityTarget, ObjectLiteral } from 'typeorm';

/** True when the entity's table has no row (a subgraph seeds its demo data only into an empty database). */
export async function isEmpty(db: DataSource, entity: EntityTarget<ObjectLiteral>): Promise<boolean> {
  return (await db.getRepository(entity).createQueryBuilder('x').select('1').limit(1).getRawMany()).length === 0;
}

/** True when none of the entities' tables has a row: a subgraph's demo seed and the generator fill only such a database. */
export async function isEmptyDatabase(db: DataSource, entities: readonly EntityTarget<ObjectLiteral>[]): Promise<boolean> {
  for (const e of entities) if (!(await isEmpty(db, e))) return false;
  return true;
}
