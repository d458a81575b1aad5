import { In, type EntityTarget, type FindOptionsOrder, type FindOptionsWhere, type ObjectLiteral } from 'typeorm';
import { defineLoader, groupedByKey, type LoaderFactory } from '@aidgraph/subgraph-kit';

/**
 * A per-request DataLoader of each person's records of `entity` (one list per person id, possibly empty), in `order`.
 * One SELECT per batch (the kit keeps batches under the databases' parameter limit).
 */
export function recordsByPersonId<T extends ObjectLiteral & { personId: string }>(
  entity: EntityTarget<T>,
  order: FindOptionsOrder<T>,
): LoaderFactory<string, T[]> {
  return defineLoader<string, T[]>(async (keys, ctx) => {
    const ids = keys.map((id) => String(id).toLowerCase());
    const rows = await ctx.db.getRepository(entity).find({ where: { personId: In(ids) } as FindOptionsWhere<T>, order });
    return groupedByKey(ids, rows, (r) => r.personId);
  });
}
