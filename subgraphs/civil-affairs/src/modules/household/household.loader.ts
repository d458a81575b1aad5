import { In } from 'typeorm';
import { defineLoader, inKeyOrder } from '@aidgraph/subgraph-kit';
import { Household } from './household.entity';

/** Households by id, in key order, null for an unknown id. */
export const householdById = defineLoader<string, Household | null>(async (ids, ctx) => {
  const rows = await ctx.db.getRepository(Household).findBy({ id: In([...ids]) });
  return inKeyOrder(ids, rows, (h) => h.id);
});
