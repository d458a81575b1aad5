import { In } from 'typeorm';
import { defineLoader, groupedByKey } from '@aidgraph/subgraph-kit';
import { RentSubsidy } from './rent-subsidy.entity';

/** Each household's rent subsidies, latest period first. One SELECT per batch. */
export const rentSubsidiesByHouseholdId = defineLoader<string, RentSubsidy[]>(
  async (ids, ctx) => {
    const rows = await ctx.db
      .getRepository(RentSubsidy)
      .find({ where: { householdId: In([...ids]) }, order: { startMonth: 'DESC', id: 'ASC' } });
    return groupedByKey(ids, rows, (r) => r.householdId);
  },
  { maxBatchSize: 10000 },
);

/** The rent subsidies each person applied for, latest period first. One SELECT per batch. */
export const rentSubsidiesByApplicantId = defineLoader<string, RentSubsidy[]>(
  async (ids, ctx) => {
    const rows = await ctx.db
      .getRepository(RentSubsidy)
      .find({ where: { personId: In([...ids]) }, order: { startMonth: 'DESC', id: 'ASC' } });
    return groupedByKey(ids, rows, (r) => r.personId);
  },
  { maxBatchSize: 10000 },
);
