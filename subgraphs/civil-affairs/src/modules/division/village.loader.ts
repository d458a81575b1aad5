import { In } from 'typeorm';
import { defineLoader, inKeyOrder } from '@aidgraph/subgraph-kit';
import { Village } from './village.entity';

/** Villages/communities by 12-digit code. */
export const villageByCode = defineLoader<string, Village | null>(async (codes, ctx) => {
  const rows = await ctx.db.getRepository(Village).findBy({ code: In([...codes]) });
  return inKeyOrder(codes, rows, (v) => v.code);
});
