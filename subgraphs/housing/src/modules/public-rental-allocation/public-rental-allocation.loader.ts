import { In } from 'typeorm';
import { defineLoader, groupedByKey } from '@aidgraph/subgraph-kit';
import { PublicRentalAllocation } from './public-rental-allocation.entity';

/** Each household's public rental allocations, latest lease first. One SELECT per batch. */
export const publicRentalsByHouseholdId = defineLoader<string, PublicRentalAllocation[]>(
  async (ids, ctx) => {
    const rows = await ctx.db
      .getRepository(PublicRentalAllocation)
      .find({ where: { householdId: In([...ids]) }, order: { leaseStart: 'DESC', id: 'ASC' } });
    return groupedByKey(ids, rows, (r) => r.householdId);
  },
  { maxBatchSize: 10000 },
);

/** The public rental allocations each person applied for, latest lease first. One SELECT per batch. */
export const publicRentalsByApplicantId = defineLoader<string, PublicRentalAllocation[]>(
  async (ids, ctx) => {
    const rows = await ctx.db
      .getRepository(PublicRentalAllocation)
      .find({ where: { personId: In([...ids]) }, order: { leaseStart: 'DESC', id: 'ASC' } });
    return groupedByKey(ids, rows, (r) => r.personId);
  },
  { maxBatchSize: 10000 },
);
